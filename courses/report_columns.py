"""Attendance in the learner progress report (`lms.reports.columns`): the share of the
course's scheduled sessions the person attended (present or late), as `completion` counts it
(``COURSES_ATTENDANCE_EXCLUDE_EXCUSED`` leaves excused sessions out of the total). Empty for a
course without sessions."""

from __future__ import annotations

from django.db.models import DecimalField, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.reports.columns import LEARNER_PROGRESS_COLUMNS_HOOK, ReportColumn

from .conf import courses_settings
from .models import ATTENDED, AttendanceRecord, AttendanceStatus, TrainingSession


def _count(queryset) -> Subquery:  # noqa: ANN001  (any queryset)
    # COUNT(*) as a correlated subquery: no join that would multiply the enrollment rows.
    return Subquery(
        queryset.order_by()
        .annotate(total=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("total"),
        output_field=IntegerField(),
    )


def attendance_percent() -> Cast:
    """On an `Enrollment` queryset: sessions attended × 100 / sessions that count, with one
    decimal; None when the course has no session that counts."""
    sessions = TrainingSession.objects.scheduled().filter(course_id=OuterRef("course_id"))
    records = AttendanceRecord.objects.filter(
        user_id=OuterRef("user_id"),
        session__course_id=OuterRef("course_id"),
        session__cancelled_at__isnull=True,
    )
    total = _count(sessions)
    if courses_settings.ATTENDANCE_EXCLUDE_EXCUSED:
        total = total - _count(records.filter(status=AttendanceStatus.EXCUSED))
    attended = _count(records.filter(status__in=ATTENDED))
    return Cast(
        attended * Value(100.0) / NullIf(total, 0),
        DecimalField(max_digits=5, decimal_places=1),
    )


@hooks.register(LEARNER_PROGRESS_COLUMNS_HOOK)
def attendance_column() -> ReportColumn:
    return ReportColumn("attendance_percent", _("Attendance (%)"), attendance_percent())
