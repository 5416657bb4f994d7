"""Read-only helpers for the learner's path: a course's outline with the learner's ticks, where
to continue, and one learner's status on many courses at once.

Each function costs a fixed number of queries, whatever the number of lessons or courses:
the course, lesson and dashboard pages pin their query budgets on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from lms.models import Enrollment, LessonProgress

if TYPE_CHECKING:
    from .models import CoursePage, LessonPage

# What the outline shows and links to; the (possibly long) body stays in the database.
OUTLINE_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "estimated_minutes",
    "required",
)


def enrollment_of(user, course_id: int) -> Enrollment | None:
    """The person's enrollment in the course whatever its status (one query); None if none
    or the person is anonymous. `enrollment.is_active` tells whether it counts."""
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course_id=course_id).first()


def may_withdraw(enrollment: Enrollment | None) -> bool:
    """Whether to offer "Withdraw" (`Enrollment.withdraw_refusal` holds the rule)."""
    return enrollment is not None and enrollment.is_active and not enrollment.withdraw_refusal()


@dataclass
class Outline:
    """A course's live lessons in tree order, and which of them the learner has completed."""

    lessons: list[LessonPage]
    done_ids: frozenset[int] = field(default_factory=frozenset)

    def __iter__(self):
        return iter(self.lessons)

    def __len__(self) -> int:
        return len(self.lessons)

    def is_done(self, lesson: LessonPage) -> bool:
        return lesson.pk in self.done_ids

    @property
    def total_minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @property
    def required_done(self) -> bool:
        """Whether every required lesson is done (True for a course without any)."""
        return all(lesson.pk in self.done_ids for lesson in self.lessons if lesson.required)

    @property
    def next_lesson(self) -> LessonPage | None:
        """Where "Continue" leads: the first incomplete required lesson, else the first
        incomplete lesson, else the first lesson (None for a course without lessons)."""
        incomplete = [lesson for lesson in self.lessons if lesson.pk not in self.done_ids]
        for lesson in incomplete:
            if lesson.required:
                return lesson
        if incomplete:
            return incomplete[0]
        return self.lessons[0] if self.lessons else None

    def neighbours(self, lesson: LessonPage) -> tuple[LessonPage | None, LessonPage | None]:
        """The lessons before and after `lesson` in tree order (None at either end, or when the
        lesson is not live, e.g. a draft in preview)."""
        ids = [item.pk for item in self.lessons]
        if lesson.pk not in ids:
            return None, None
        index = ids.index(lesson.pk)
        previous = self.lessons[index - 1] if index > 0 else None
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return previous, following


def course_outline(course: CoursePage, enrollment: Enrollment | None = None) -> Outline:
    """The outline of `course`, ticked for `enrollment` when it counts. One query: the ticks
    come with the lessons (an EXISTS per row), not from a second query."""
    lessons = course.lessons().only(*OUTLINE_FIELDS)
    if enrollment is None or not enrollment.is_active:
        return Outline(list(lessons))
    done = LessonProgress.objects.filter(enrollment_id=enrollment.pk, lesson_id=OuterRef("pk"))
    lessons = list(lessons.annotate(is_done=Exists(done)))
    return Outline(lessons, frozenset(lesson.pk for lesson in lessons if lesson.is_done))


def enrollments_by_course(user, course_ids: Iterable[int]) -> dict[int, Enrollment]:
    """The person's enrollments (any status) in these courses, by course id: one query."""
    if not user.is_authenticated:
        return {}
    rows = Enrollment.objects.filter(user=user, course_id__in=list(course_ids)).only(
        "id", "course_id", "status", "progress_percent", "completed_at"
    )
    return {row.course_id: row for row in rows}
