"""The learner's dashboard: the panels other apps contribute (see `lms.dashboard`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from lms.dashboard import render_panels


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "lms/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(panels=render_panels(self.request), **kwargs)
