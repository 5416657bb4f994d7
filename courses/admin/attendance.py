"""Wagtail admin listing of attendance: who attended which training session, as recorded.

Read-only (attendance changes through `courses.services` only: the trainers' sheets and the
learners' check-in), with filters and Wagtail's CSV/XLSX export. The scope is the learners'
scope: a unit manager lists and exports the attendance of learners in the subtrees they manage;
superusers and site administrators (``view_all_learners``) see every record. Every column comes
from annotations of one query, so a page costs the same for 3 rows as for 50.

Remarks are free text typed by trainers, and names are typed by learners: the CSV export writes
any cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) behind an apostrophe, so opening the file runs nothing. (Wagtail
already writes such XLSX cells as text.)
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin.listings import (
    FormulaSafeExportMixin,
    ReadOnlyViewSetMixin,
    StrictFiltersMixin,
    export_preprocess,
    learner_annotations,
    yes_or_empty,
)
from lms.admin.units import ORGANISATION_MENU_HOOK, NfcSearchMixin, UnitFilter, units_visible_to
from lms.models import scope_paths, under

from ..models import (
    ATTENDED,
    AttendanceRecord,
    AttendanceStatus,
    CoursePage,
    TrainingSession,
)


def attendance_rows(user: Any) -> QuerySet[AttendanceRecord]:
    """The attendance records `user` may see, with what the listing and the export show
    joined in. The learner's name falls back to the username for an account without a learner
    profile (only administrators see those: a manager's scope is made of profiles)."""
    records = AttendanceRecord.objects.all()
    paths = scope_paths(user)
    if paths is not None:
        records = records.filter(under("user__learner_profile__unit__path", paths))
    return records.annotate(
        **learner_annotations(),
        course_title=F("session__course__title"),
        session_title=F("session__title"),
        session_starts_at=F("session__starts_at"),
        recorded_by_name=Coalesce(
            F("recorded_by__learner_profile__full_name"), F("recorded_by__username")
        ),
    )


class SessionChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: TrainingSession) -> str:
        starts = date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.title} ({starts})"


class SessionFilter(django_filters.ModelChoiceFilter):
    field_class = SessionChoiceField


class AttendanceFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        field_name="session__course",
        queryset=CoursePage.objects.order_by("title"),
        empty_label=_("All"),
    )
    session = SessionFilter(
        label=_("Session"),
        queryset=TrainingSession.objects.order_by("-starts_at", "pk"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=AttendanceStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
        method="filter_unit_subtree",
        help_text=_("Learners of the unit and of every unit below it."),
    )

    class Meta:
        model = AttendanceRecord
        fields = []

    def filter_unit_subtree(self, queryset: Any, name: str, value: Any) -> Any:
        if not value:
            return queryset
        return queryset.filter(under("user__learner_profile__unit__path", [value.path]))


class AttendanceIndexView(
    StrictFiltersMixin, FormulaSafeExportMixin, NfcSearchMixin, generic.IndexView
):
    page_title = _("Attendance")
    default_ordering = "-session_starts_at"
    custom_field_preprocess = export_preprocess(
        datetimes=["session_starts_at", "recorded_at"], flags=["walk_in"]
    )

    def get_base_queryset(self) -> QuerySet[AttendanceRecord]:
        return attendance_rows(self.request.user)

    @cached_property
    def columns(self) -> list:
        return [
            Column("learner_name", label=_("Learner"), sort_key="learner_name"),
            Column("unit_name", label=_("Unit"), sort_key="user__learner_profile__unit__path"),
            Column("course_title", label=_("Course"), sort_key="course_title"),
            Column("session_title", label=_("Session"), sort_key="session_title"),
            Column(
                "session_starts_at",
                label=_("Session starts"),
                accessor=lambda record: date_format(
                    timezone.localtime(record.session_starts_at), "SHORT_DATETIME_FORMAT"
                ),
                sort_key="session_starts_at",
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda record: record.status in ATTENDED,
            ),
            Column("remark", label=_("Remark")),
            Column(
                "source",
                label=_("Recorded through"),
                accessor="get_source_display",
                sort_key="source",
            ),
            Column(
                "walk_in",
                label=_("Walk-in"),
                accessor=lambda record: yes_or_empty(record.walk_in),
                sort_key="walk_in",
            ),
            DateColumn("recorded_at", label=_("Recorded"), sort_key="recorded_at"),
        ]


class AttendanceViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    """Read-only: attendance changes through `courses.services`, never through a model form."""

    offered_permissions = ("view_attendancerecord",)
    model = AttendanceRecord
    name = "attendance"
    url_namespace = "cds_courses_attendance"
    url_prefix = "attendance"
    icon = "tasks"
    menu_label = _("Attendance")
    menu_order = 430  # after Training sessions (420)
    menu_hook = ORGANISATION_MENU_HOOK
    list_per_page = 50
    search_fields = [
        "user__learner_profile__full_name",
        "user__email",
        "session__title",
        "session__course__title",
    ]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = AttendanceFilterSet
    list_export = [
        "learner_name",
        "learner_email",
        "unit_code",
        "unit_name",
        "course_title",
        "session_title",
        "session_starts_at",
        "get_status_display",
        "remark",
        "get_source_display",
        "walk_in",
        "recorded_by_name",
        "recorded_at",
    ]
    export_headings = {
        "learner_name": _("Learner"),
        "learner_email": _("Email"),
        "unit_code": _("Unit code"),
        "unit_name": _("Unit"),
        "course_title": _("Course"),
        "session_title": _("Session"),
        "session_starts_at": _("Session starts"),
        "get_status_display": _("Status"),
        "remark": _("Remark"),
        "get_source_display": _("Recorded through"),
        "walk_in": _("Walk-in"),
        "recorded_by_name": _("Recorded by"),
        "recorded_at": _("Recorded"),
    }
    export_filename = "attendance"
    copy_view_enabled = False
    add_to_reference_index = False  # records, not content others link to
    index_view_class = AttendanceIndexView


attendance_viewset = AttendanceViewSet()


@hooks.register("register_admin_viewset")
def register_attendance_viewset() -> AttendanceViewSet:
    return attendance_viewset
