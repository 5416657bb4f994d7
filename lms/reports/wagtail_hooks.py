"""Admin wiring of the reports (enrollments, unit summary): their URLs and their items in the
Reports menu."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..targets.dashboard import can_view_dashboard
from .course_summary import CourseSummaryReportView
from .learner_progress import REPORT_PERMISSION, LearnerProgressReportView
from .unit_summary import UnitSummaryReportView
from .urls import report_paths

report_urls = [
    *report_paths("learner-progress/", LearnerProgressReportView, "learner_progress"),
    *report_paths("course-summary/", CourseSummaryReportView, "course_summary"),
    *report_paths("unit-summary/", UnitSummaryReportView, "unit_summary"),
]


@hooks.register("register_admin_urls")
def register_report_urls() -> list:
    return [path("cds-lms/reports/", include((report_urls, "cds_lms_reports")))]


class EnrollmentReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_learner_progress_menu_item() -> MenuItem:
    return EnrollmentReportMenuItem(
        _("Learner progress"),
        reverse("cds_lms_reports:learner_progress"),
        name="learner-progress",
        icon_name="user",
        order=1200,
    )


@hooks.register("register_reports_menu_item")
def register_course_summary_menu_item() -> MenuItem:
    return EnrollmentReportMenuItem(
        _("Course summary"),
        reverse("cds_lms_reports:course_summary"),
        name="course-summary",
        icon_name="doc-full",
        order=1210,
    )


class UnitSummaryMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_view_dashboard(request.user)


@hooks.register("register_reports_menu_item")
def register_unit_summary_menu_item() -> MenuItem:
    return UnitSummaryMenuItem(
        _("Unit summary"),
        reverse("cds_lms_reports:unit_summary"),
        name="unit-summary",
        icon_name="list-ul",
        order=1205,
    )
