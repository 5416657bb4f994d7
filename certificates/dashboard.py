"""The "My certificates" panel of the learner's dashboard (see `lms.dashboard`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lms.dashboard import DashboardPanel

from .models import Certificate


class MyCertificatesPanel(DashboardPanel):
    """The learner's certificates (course, serial, date, status, Download), in one query."""

    order = 200
    template_name = "certificates/dashboard/my_certificates.html"

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        certificates = (
            Certificate.objects.filter(user=request.user)
            .only(
                "serial",
                "course_title",
                "issued_at",
                "expires_at",
                "status",
                "pdf",
                "render_state",
            )
            .order_by("-issued_at")
        )
        return {"certificates": list(certificates)}
