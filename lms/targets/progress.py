"""How far units are against their training targets, computed by set-based queries.

For one target, one query gives, for every row unit asked about (a unit and its subtree
each), how many people the target covers there and how many have completed it: profiles are
grouped by the prefix of their unit's tree path, and "completed" is a correlated count of the
person's completed enrollments in the target's courses. The query count grows with the number
of targets shown, never with the number of units or people.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from ..models import Enrollment, LearnerProfile, OrganisationUnit
from .models import TrainingTarget


@dataclass(frozen=True)
class TargetProgress:
    target: TrainingTarget
    unit: OrganisationUnit
    people: int
    completed: int
    today: datetime.date

    @property
    def percent(self) -> float:
        return round(100 * self.completed / self.people, 1) if self.people else 0.0

    @property
    def expected_percent(self) -> float:
        return round(self.target.expected_percent(self.today), 1)

    @property
    def status(self) -> str:
        return self.target.status(self.percent, self.today)


def covered_profiles(target: TrainingTarget, course_ids: list[int]):
    """The learner profiles a target covers, each annotated with `courses_done`."""
    completed = (
        Enrollment.objects.filter(
            user_id=OuterRef("user_id"), course_id__in=course_ids, completed_at__isnull=False
        )
        .order_by()
        .values("user_id")
        .annotate(done=Count("course_id", distinct=True))
        .values("done")[:1]
    )
    profiles = LearnerProfile.objects.filter(unit__path__startswith=target.unit.path)
    if target.learner_category:
        profiles = profiles.filter(category=target.learner_category)
    return profiles.annotate(
        courses_done=Coalesce(Subquery(completed, output_field=IntegerField()), 0)
    )


def progress_by_unit(
    target: TrainingTarget,
    units: Iterable[OrganisationUnit],
    *,
    today: datetime.date | None = None,
) -> list[TargetProgress]:
    """The target's progress in each of `units` (each with its subtree), in one query.

    `units` must lie inside the target's unit and be of one depth (a unit's children, say), or
    be the target's unit itself. Units outside the target's subtree get zero people.
    """
    today = today or timezone.localdate()
    units = list(units)
    if not units:
        return []
    course_ids = list(target.courses.values_list("pk", flat=True))
    depth_length = len(units[0].path)
    if any(len(unit.path) != depth_length for unit in units):
        raise ValueError("units of one depth only")
    paths = [unit.path for unit in units]
    rows = (
        covered_profiles(target, course_ids)
        .filter(Q(*[Q(unit__path__startswith=path) for path in paths], _connector=Q.OR))
        .annotate(bucket=Substr("unit__path", 1, depth_length))
        .order_by()
        .values("bucket")
        .annotate(
            people=Count("pk"),
            completed=Count("pk", filter=Q(courses_done__gte=len(course_ids))),
        )
    )
    counts = {row["bucket"]: row for row in rows} if course_ids else {}
    return [
        TargetProgress(
            target=target,
            unit=unit,
            people=counts.get(unit.path, {}).get("people", 0),
            completed=counts.get(unit.path, {}).get("completed", 0),
            today=today,
        )
        for unit in units
    ]
