"""Wagtail admin listing of enrollments: who takes which course, how far they are, who is late.

A read-only screen (enrollments change through `lms.services` only: enrolment, assignment,
progress), with filters, search and Wagtail's CSV/XLSX export. The scope is the learners'
scope: a unit manager lists and exports only the enrollments of learners in the subtrees they
manage; superusers and site administrators (``view_all_learners``) see every enrollment.
Every column comes from annotations of one query, so a page costs the same for 3 rows as for 50.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import BooleanField, Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from courses.models import CoursePage
from lms.admin.listings import (
    CSV,
    FormulaSafeExportMixin,
    ReadOnlyViewSetMixin,
    StrictFiltersMixin,
    export_preprocess,
    learner_annotations,
)
from lms.admin.units import ORGANISATION_MENU_HOOK, NfcSearchMixin, UnitFilter, units_visible_to
from lms.models import (
    Enrollment,
    EnrollmentQuerySet,
    EnrollmentSource,
    EnrollmentStatus,
)

from .assign import can_assign_courses


def enrollment_rows(user: Any) -> EnrollmentQuerySet:
    """`Enrollment.objects.visible_to(user)` with what the listing and the export show, joined in.

    The learner's name falls back to the username for an account without a learner profile.
    "Overdue" means in progress (neither completed nor withdrawn) past its due date, today
    being the site's local date.
    """
    return Enrollment.objects.visible_to(user).annotate(
        **learner_annotations(),
        profile_id=F("user__learner_profile__id"),
        course_title=F("course__title"),
        is_overdue=Case(
            When(
                status=EnrollmentStatus.ACTIVE,
                due_date__lt=timezone.localdate(),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


# --- filters ------------------------------------------------------------------------------


class EnrollmentFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=CoursePage.objects.order_by("title"),
        empty_label=_("All"),
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
        method="filter_unit_subtree",
        help_text=_("Learners of the unit and of every unit below it."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EnrollmentStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=EnrollmentSource.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Due date"),
        choices=[("yes", _("Overdue"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_overdue",
    )

    class Meta:
        model = Enrollment
        fields = []

    def filter_unit_subtree(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.for_units([value]) if value else queryset

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.filter(is_overdue=True) if value == "yes" else queryset


# --- the listing and its export -----------------------------------------------------------


class DueDateColumn(Column):
    """The due date as dd/mm/yyyy, flagged "Overdue" when the enrollment is late."""

    cell_template_name = "courses/admin/due_date_cell.html"


def _date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class EnrollmentIndexView(
    StrictFiltersMixin, FormulaSafeExportMixin, NfcSearchMixin, generic.IndexView
):
    page_title = _("Enrollments")
    default_ordering = "-enrolled_at"
    custom_field_preprocess = {
        **export_preprocess(datetimes=["enrolled_at", "completed_at"], flags=["is_overdue"]),
        "due_date": {CSV: _date_text},
    }

    def get_base_queryset(self) -> EnrollmentQuerySet:
        return enrollment_rows(self.request.user)

    @cached_property
    def learner_url_name(self) -> str | None:
        """Where a learner's name leads: the edit form for those who may change learners,
        the read-only page for those who may only see them, nowhere for anyone else."""
        user = self.request.user
        if user.has_perm("cds_lms.change_learnerprofile"):
            return "cds_lms_learners:edit"
        if user.has_perm("cds_lms.view_learnerprofile"):
            return "cds_lms_learners:inspect"
        return None

    def learner_url(self, enrollment: Enrollment) -> str | None:
        if self.learner_url_name is None or enrollment.profile_id is None:
            return None
        return reverse(self.learner_url_name, args=[enrollment.profile_id])

    @cached_property
    def columns(self) -> list:
        return [
            TitleColumn(
                "learner_name",
                label=_("Learner"),
                sort_key="learner_name",
                get_url=self.learner_url,
            ),
            Column("unit_name", label=_("Unit"), sort_key="user__learner_profile__unit__path"),
            Column("course_title", label=_("Course"), sort_key="course__title"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda enrollment: enrollment.status == EnrollmentStatus.COMPLETED,
            ),
            Column("source", label=_("Source"), accessor="get_source_display", sort_key="source"),
            Column(
                "progress_percent",
                label=_("Progress"),
                accessor=lambda enrollment: f"{enrollment.progress_percent}%",
                sort_key="progress_percent",
            ),
            DateColumn("enrolled_at", label=_("Enrolled"), sort_key="enrolled_at"),
            DueDateColumn("due_date", label=_("Due date"), sort_key="due_date"),
            DateColumn("completed_at", label=_("Completed"), sort_key="completed_at"),
        ]

    @cached_property
    def header_buttons(self) -> list:
        if not can_assign_courses(self.request.user):
            return []
        return [
            HeaderButton(
                gettext("Assign a course"),
                url=reverse("cds_courses_assign:assign"),
                icon_name="calendar-check",
            )
        ]


class EnrollmentViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    offered_permissions = ("view_enrollment", "assign_courses")
    model = Enrollment
    name = "enrollments"
    url_namespace = "cds_courses_enrollments"
    icon = "clipboard-list"
    menu_label = _("Enrollments")
    menu_order = 400
    menu_hook = ORGANISATION_MENU_HOOK
    list_per_page = 50
    search_fields = ["user__learner_profile__full_name", "user__email", "course__title"]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = EnrollmentFilterSet
    list_export = [
        "learner_name",
        "learner_email",
        "unit_code",
        "unit_name",
        "course_title",
        "get_status_display",
        "get_source_display",
        "progress_percent",
        "enrolled_at",
        "due_date",
        "is_overdue",
        "completed_at",
    ]
    export_headings = {
        "learner_name": _("Learner"),
        "learner_email": _("Email"),
        "unit_code": _("Unit code"),
        "unit_name": _("Unit"),
        "course_title": _("Course"),
        "get_status_display": _("Status"),
        "get_source_display": _("Source"),
        "progress_percent": _("Progress (%)"),
        "enrolled_at": _("Enrolled"),
        "due_date": _("Due date"),
        "is_overdue": _("Overdue"),
        "completed_at": _("Completed"),
    }
    export_filename = "enrollments"
    copy_view_enabled = False
    # Enrollments are written in bulk by assignments: no reference-index rows for them.
    add_to_reference_index = False
    index_view_class = EnrollmentIndexView


enrollment_viewset = EnrollmentViewSet()


@hooks.register("register_admin_viewset")
def register_enrollment_viewset() -> EnrollmentViewSet:
    return enrollment_viewset
