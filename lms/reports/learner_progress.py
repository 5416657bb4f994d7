"""The learner progress report: one row per learner and course, with the columns other apps
register (`lms.reports.columns`), its filters, and Wagtail's CSV/XLSX export.

The scope is the enrollments' scope (`Enrollment.objects.visible_to`): unit managers see the
subtrees they manage, site administrators and superusers everyone. A filter the form refuses
(a unit outside the scope, a date range that ends before it starts) shows its message and no
rows, never the unfiltered list. Every column is an annotation of one query, so a page costs
the same for 3 rows as for 50. Seeing it needs ``cds_lms.view_enrollment``.

The filters and the view's plumbing here are shared with the course summary.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.models import Page

from ..admin.listings import (
    StrictFiltersMixin,
    export_preprocess,
    learner_annotations,
)
from ..admin.units import UnitFilter, units_visible_to
from ..models import Enrollment, EnrollmentQuerySet, EnrollmentStatus, LearnerCategory
from ..privacy.access import log_listing
from .base import LmsReportView
from .columns import ReportColumn, learner_progress_columns

REPORT_PERMISSION = "cds_lms.view_enrollment"


# --- filters (shared with the course summary) ---------------------------------------------


class OrderedDateRangeField(django_filters.fields.DateRangeField):
    """A date range whose end may not come before its start."""

    def compress(self, data_list: list) -> slice | None:
        if data_list and all(data_list) and data_list[0] > data_list[1]:
            raise ValidationError(
                _("The end date comes before the start date."), code="reversed_range"
            )
        return super().compress(data_list)


class OrderedDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = OrderedDateRangeField


def courses_in_scope(request: HttpRequest) -> Any:
    """The courses the user may see enrollments of (pages: `lms` knows no course model)."""
    course_ids = Enrollment.objects.visible_to(request.user).values("course_id")
    return Page.objects.filter(pk__in=course_ids).order_by("title")


class EnrollmentReportFilterSet(WagtailFilterSet):
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
        method="filter_unit_subtree",
        help_text=_("Learners of the unit and of every unit below it."),
    )
    category = django_filters.ChoiceFilter(
        label=_("Learner category"),
        field_name="user__learner_profile__category",
        choices=LearnerCategory.choices,
        empty_label=_("All"),
    )
    enrolled = OrderedDateRangeFilter(
        label=_("Enrolled between"), field_name="enrolled_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Enrollment
        fields: list[str] = []

    def filter_unit_subtree(self, queryset: EnrollmentQuerySet, name: str, value: Any) -> Any:
        return queryset.for_units([value]) if value else queryset


class LearnerProgressFilterSet(EnrollmentReportFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=courses_in_scope, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EnrollmentStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )


# --- cells ----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A hook column's value in a table cell: numbers with one decimal, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal | float):
        # Rounded first: `number_format` cuts the digits it does not show.
        return number_format(round(value, 1), decimal_pos=1)
    return str(value)


def hook_column(column: ReportColumn) -> Column:
    return Column(
        column.name, label=column.label, accessor=lambda row: cell_text(getattr(row, column.name))
    )


# --- the views ------------------------------------------------------------------------------


class EnrollmentReportView(StrictFiltersMixin, LmsReportView):
    """A report on the enrollments in the user's scope, for people with the permission."""

    paginate_by = 50
    report_permission = REPORT_PERMISSION


class LearnerProgressReportView(EnrollmentReportView):
    page_title = _("Learner progress")
    header_icon = "user"
    index_url_name = "cds_lms_reports:learner_progress"
    index_results_url_name = "cds_lms_reports:learner_progress_results"
    explanation = _(
        "One row per learner and course, for the learners of the units you may see. Use the "
        "filters to choose a unit (with every unit below it), a course, a learner category, a "
        "status or the dates of enrolment."
    )
    filterset_class = LearnerProgressFilterSet
    export_filename = "learner-progress"
    base_export = {
        "learner_name": _("Learner"),
        "learner_email": _("Email"),
        "unit_code": _("Unit code"),
        "unit_name": _("Unit"),
        "course_title": _("Course"),
        "get_status_display": _("Status"),
        "progress_percent": _("Progress (%)"),
        "enrolled_at": _("Enrolled"),
        "last_activity_at": _("Last activity"),
        "completed_at": _("Completed"),
    }
    custom_field_preprocess = export_preprocess(
        datetimes=["enrolled_at", "last_activity_at", "completed_at"]
    )

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.report_columns = learner_progress_columns()
        headings = {
            **self.base_export,
            **{column.name: column.label for column in self.report_columns},
        }
        self.list_export = list(headings)
        self.export_headings = headings

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if not self.is_export:  # an export is logged as one (FormulaSafeExportMixin)
            log_listing(request, self)  # names and units of people: the access log has it
        return response

    def get_queryset(self) -> EnrollmentQuerySet:
        return (
            Enrollment.objects.visible_to(self.request.user)
            .annotate(
                **learner_annotations(),
                course_title=F("course__title"),
                **{column.name: column.annotation for column in self.report_columns},
            )
            .order_by("user__learner_profile__unit__path", "learner_name", "course_title", "pk")
        )

    @cached_property
    def columns(self) -> list:
        return [
            Column("learner_name", label=_("Learner")),
            Column("unit_name", label=_("Unit")),
            Column("course_title", label=_("Course")),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda row: row.status == EnrollmentStatus.COMPLETED,
            ),
            Column(
                "progress_percent",
                label=_("Progress"),
                accessor=lambda row: f"{row.progress_percent}%",
            ),
            DateColumn("enrolled_at", label=_("Enrolled")),
            DateColumn("last_activity_at", label=_("Last activity")),
            *(hook_column(column) for column in self.report_columns),
        ]
