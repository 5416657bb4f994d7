"""Wagtail hooks of `courses`."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.dashboard import DASHBOARD_PANELS_HOOK

from .dashboard import MyCoursesPanel, MySessionsPanel, SessionsILeadPanel

# --- learner dashboard (lms.dashboard) ----------------------------------------------------


@hooks.register(DASHBOARD_PANELS_HOOK)
def my_courses_panel(request: HttpRequest) -> MyCoursesPanel:
    return MyCoursesPanel()


# Both session panels share one query (`courses.dashboard.session_overview`) and return None
# for someone who has nothing to show in them.
@hooks.register(DASHBOARD_PANELS_HOOK)
def my_upcoming_sessions_panel(request: HttpRequest) -> MySessionsPanel | None:
    return MySessionsPanel.for_request(request)


@hooks.register(DASHBOARD_PANELS_HOOK)
def led_sessions_panel(request: HttpRequest) -> SessionsILeadPanel | None:
    return SessionsILeadPanel.for_request(request)


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        "cds_courses.session.register", _("Register for the session"), _("Registered")
    )
    actions.register_action(
        "cds_courses.session.cancel", _("Cancel the registration"), _("Registration cancelled")
    )
    actions.register_action(
        "cds_courses.session.cancel_session", _("Cancel the session"), _("Session cancelled")
    )
    actions.register_action("cds_courses.attendance", _("Take attendance"), _("Attendance"))


# --- admin (other hooks below) -------------------------------------------------------------
from . import report_columns  # noqa: E402, F401  (registers its report column)
from .admin import assign, attendance, enrollments, sessions  # noqa: E402, F401
from .privacy import PERSONAL_DATA_HOOK  # noqa: E402, F401  (registers the personal data hooks)
