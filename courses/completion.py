"""The criterion kinds `courses` registers with the completion engine: required lessons, and
attendance at the course's training sessions."""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _

from lms.completion import Criterion, register_criterion
from lms.models import Enrollment, LessonProgress

from .conf import courses_settings


def required_lessons_steps(enrollment: Enrollment, criterion: Criterion) -> tuple[int, int]:
    """(required lessons completed, required lessons) — each lesson a step of the progress bar."""
    required = enrollment.course.specific.get_required_lesson_ids()
    if not required:
        return 0, 0
    done = LessonProgress.objects.filter(enrollment=enrollment, lesson_id__in=required).count()
    return done, len(required)


def attendance_counts(enrollment: Enrollment) -> tuple[int, int]:
    """(sessions attended, sessions that count) for the learner of `enrollment`.

    The denominator is every scheduled (not cancelled) session of the course — past and
    future — so a learner cannot reach the share before enough sessions have taken place.
    With ``COURSES_ATTENDANCE_EXCLUDE_EXCUSED``, sessions the learner was excused from are
    left out of it.
    """
    from .models import ATTENDED, AttendanceRecord, AttendanceStatus, TrainingSession

    sessions = TrainingSession.objects.scheduled().filter(course_id=enrollment.course_id)
    records = AttendanceRecord.objects.filter(
        user_id=enrollment.user_id, session__in=sessions
    ).values_list("status", flat=True)
    statuses = list(records)
    attended = sum(1 for status in statuses if status in ATTENDED)
    total = sessions.count()
    if courses_settings.ATTENDANCE_EXCLUDE_EXCUSED:
        total -= sum(1 for status in statuses if status == AttendanceStatus.EXCUSED)
    return attended, total


def attendance_steps(enrollment: Enrollment, criterion: Criterion) -> tuple[int, int]:
    """(sessions attended, sessions needed): needed is the threshold's share of the sessions
    that count, rounded up. A course without sessions cannot meet the criterion."""
    attended, total = attendance_counts(enrollment)
    if total <= 0:
        return 0, 1
    threshold = criterion.params.get("threshold")
    threshold = 100 if threshold is None else threshold
    needed = max(1, math.ceil(total * threshold / 100))
    return min(attended, needed), needed


def register() -> None:
    register_criterion(
        "lessons",
        label=_("All required lessons completed"),
        is_met=lambda enrollment, criterion: _met(required_lessons_steps(enrollment, criterion)),
        progress=required_lessons_steps,
    )
    register_criterion(
        "attendance",
        label=_("Attended the course's training sessions"),
        is_met=lambda enrollment, criterion: _met(attendance_steps(enrollment, criterion)),
        params=("threshold",),
        progress=attendance_steps,
    )


def _met(steps: tuple[int, int]) -> bool:
    done, total = steps
    return done >= total
