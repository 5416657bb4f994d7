"""Learner-facing hooks of `certificates` (imported by `AppConfig.ready()`): the dashboard panel.

Kept apart from `wagtail_hooks.py`, which holds the admin wiring.
"""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks

from lms.dashboard import DASHBOARD_PANELS_HOOK

from .dashboard import MyCertificatesPanel


@hooks.register(DASHBOARD_PANELS_HOOK)
def my_certificates_panel(request: HttpRequest) -> MyCertificatesPanel:
    return MyCertificatesPanel()
