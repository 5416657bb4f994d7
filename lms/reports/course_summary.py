"""The course summary report: one row per course the user may see enrollments of, with how
many people enrolled, are in progress, completed and withdrew, the completion rate, and the
averages of the learner progress columns that ask for one (the best quiz score, when `quizzes`
registers it). Filtered by unit, learner category and enrolment dates; exported like every
report. One query for the page's rows (grouped by course), whatever the number of learners.

The completion rate is the share of completions among the enrollments that count (not
withdrawn); an average leaves out the enrollments without a value (no quiz attempt).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, DecimalField, F, Q
from django.db.models.functions import Cast, NullIf
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from ..models import Enrollment, EnrollmentStatus
from .columns import learner_progress_columns
from .learner_progress import EnrollmentReportFilterSet, EnrollmentReportView, cell_text


def _count(status: str) -> Count:
    return Count("pk", filter=Q(status=status))


class CourseSummaryReportView(EnrollmentReportView):
    page_title = _("Course summary")
    exports_personal_data = False  # totals per course
    header_icon = "doc-full"
    index_url_name = "cds_lms_reports:course_summary"
    index_results_url_name = "cds_lms_reports:course_summary_results"
    explanation = _(
        "One row per course, counting the enrollments of the learners of the units you may "
        "see. The completion rate is the share of completions among the enrollments not "
        "withdrawn; an average leaves out the learners without a value."
    )
    filterset_class = EnrollmentReportFilterSet
    export_filename = "course-summary"
    base_export = {
        "course_title": _("Course"),
        "enrolled": _("Enrolled"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "withdrawn": _("Withdrawn"),
        "completion_rate": _("Completion rate (%)"),
    }

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.averaged_columns = [
            column for column in learner_progress_columns() if column.summary_label
        ]
        headings = {
            **self.base_export,
            **{f"average_{column.name}": column.summary_label for column in self.averaged_columns},
        }
        self.list_export = list(headings)
        self.export_headings = headings

    def get_queryset(self) -> Any:
        return Enrollment.objects.visible_to(self.request.user)

    def get_filtered_queryset(self) -> Any:
        # The filters choose enrollments; the rows are their totals per course.
        enrollments = self.filter_queryset(self.get_queryset())
        return (
            enrollments.order_by()
            .values("course_id", course_title=F("course__title"))
            .annotate(
                enrolled=Count("pk"),
                in_progress=_count(EnrollmentStatus.ACTIVE),
                completed=_count(EnrollmentStatus.COMPLETED),
                withdrawn=_count(EnrollmentStatus.WITHDRAWN),
                **{
                    f"average_{column.name}": Avg(column.annotation)
                    for column in self.averaged_columns
                },
            )
            .annotate(
                completion_rate=Cast(
                    F("completed") * 100.0 / NullIf(F("enrolled") - F("withdrawn"), 0),
                    DecimalField(max_digits=5, decimal_places=1),
                )
            )
            .order_by("course_title", "course_id")
        )

    @cached_property
    def columns(self) -> list:
        return [
            Column("course_title", label=_("Course")),
            Column("enrolled", label=_("Enrolled")),
            Column("in_progress", label=_("In progress")),
            Column("completed", label=_("Completed")),
            Column("withdrawn", label=_("Withdrawn")),
            Column(
                "completion_rate",
                label=_("Completion rate (%)"),
                accessor=lambda row: cell_text(row["completion_rate"]),
            ),
            *(
                Column(
                    f"average_{column.name}",
                    label=column.summary_label,
                    accessor=lambda row, key=f"average_{column.name}": cell_text(row[key]),
                )
                for column in self.averaged_columns
            ),
        ]
