"""The criterion kind `courses` registers with the completion engine: required lessons."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.completion import Criterion, register_criterion
from lms.models import Enrollment, LessonProgress


def required_lessons_steps(enrollment: Enrollment, criterion: Criterion) -> tuple[int, int]:
    """(required lessons completed, required lessons) — each lesson a step of the progress bar."""
    required = enrollment.course.specific.get_required_lesson_ids()
    if not required:
        return 0, 0
    done = LessonProgress.objects.filter(enrollment=enrollment, lesson_id__in=required).count()
    return done, len(required)


def register() -> None:
    register_criterion(
        "lessons",
        label=_("All required lessons completed"),
        is_met=lambda enrollment, criterion: _met(required_lessons_steps(enrollment, criterion)),
        progress=required_lessons_steps,
    )


def _met(steps: tuple[int, int]) -> bool:
    done, total = steps
    return done >= total
