"""Wagtail hooks of `courses`."""

from django.http import HttpRequest
from wagtail import hooks

from lms.dashboard import DASHBOARD_PANELS_HOOK

from .dashboard import MyCoursesPanel

# --- learner dashboard (lms.dashboard) ----------------------------------------------------


@hooks.register(DASHBOARD_PANELS_HOOK)
def my_courses_panel(request: HttpRequest) -> MyCoursesPanel:
    return MyCoursesPanel()


# --- admin (other hooks below) -------------------------------------------------------------
from .admin import assign, enrollments  # noqa: E402, F401
