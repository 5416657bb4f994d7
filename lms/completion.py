"""The completion engine: criterion kinds registered by the feature apps, and the evaluation.

A course page (from any app) takes part by offering two methods, looked up on its specific
page instance so that `lms` never imports the app that defines it:

- ``get_completion_criteria() -> list[Criterion]``: what the course asks for;
- ``get_required_lesson_ids() -> list[int]``: the page ids progress is counted against.

Feature apps register the kinds they know in their ``AppConfig.ready()``::

    register_criterion("lessons", label=_("All required lessons completed"),
                       is_met=lambda enrollment, criterion: ...)

Evaluation is idempotent and safe when two workers run it at once: the completion is written
by one conditional UPDATE (``... WHERE completed_at IS NULL``), so only the worker whose UPDATE
changed the row sends `course_completed`, after its transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from .models import Enrollment, EnrollmentStatus
from .signals import course_completed


@dataclass(frozen=True)
class Criterion:
    """One requirement of a course: a registered kind and its parameters."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CriterionKind:
    key: str
    label: str | Promise
    is_met: Callable[[Enrollment, Criterion], bool]
    # Names of the parameters an editor must fill in (e.g. "target_page", "threshold").
    params: tuple[str, ...] = ()
    # (done, total) steps for the progress bar; by default the criterion is one step.
    progress: Callable[[Enrollment, Criterion], tuple[int, int]] | None = None

    def steps(self, enrollment: Enrollment, criterion: Criterion) -> tuple[int, int, bool]:
        """(done, total, met) for this criterion."""
        if self.progress is None:
            met = self.is_met(enrollment, criterion)
            return int(met), 1, met
        done, total = self.progress(enrollment, criterion)
        return done, total, done >= total


_registry: dict[str, CriterionKind] = {}


def register_criterion(
    key: str,
    *,
    label: str | Promise,
    is_met: Callable[[Enrollment, Criterion], bool],
    params: tuple[str, ...] = (),
    progress: Callable[[Enrollment, Criterion], tuple[int, int]] | None = None,
) -> None:
    """Make a criterion kind available to every course. Registering a key again replaces it.

    `progress`, when given, returns (done, total) steps and decides `is_met` as done >= total
    (used by "lessons", where each required lesson is a step of the progress bar).
    """
    _registry[key] = CriterionKind(
        key=key, label=label, is_met=is_met, params=params, progress=progress
    )


def criterion_kinds() -> dict[str, CriterionKind]:
    return dict(_registry)


def criterion_choices() -> list[tuple[str, str | Promise]]:
    """Choices for a model field: every registered kind (callable, so it stays current)."""
    return [(kind.key, kind.label) for kind in _registry.values()]


@dataclass(frozen=True)
class Assessment:
    done: int
    total: int
    met: bool

    @property
    def percent(self) -> int:
        if self.met:
            return 100
        # Never show 100 % for a course that is not complete.
        return min(99, (100 * self.done) // self.total) if self.total else 0


def assess(enrollment: Enrollment) -> Assessment:
    """How far `enrollment` is: steps done of all steps, and whether every criterion is met.

    A course without criteria is never complete; an unknown (unregistered) kind is never met.
    """
    criteria = enrollment.course.specific.get_completion_criteria()
    done = total = 0
    met = bool(criteria)
    for criterion in criteria:
        kind = _registry.get(criterion.kind)
        if kind is None:
            total, met = total + 1, False
            continue
        step_done, step_total, step_met = kind.steps(enrollment, criterion)
        done, total, met = done + step_done, total + step_total, met and step_met
    return Assessment(done=done, total=total, met=met)


def evaluate(enrollment: Enrollment) -> bool:
    """Store the progress of `enrollment` and record its completion once every criterion is met.

    Returns whether the enrollment is complete (now or already). Never takes a completion away:
    a completed enrollment is returned as it is, whatever the course asks today.
    """
    if enrollment.completed_at is not None:
        return True
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        return False
    result = assess(enrollment)
    now = timezone.now()
    with transaction.atomic():
        pending = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True)
        if not result.met:
            pending.update(progress_percent=result.percent)
            enrollment.progress_percent = result.percent
            return False
        won = pending.update(
            status=EnrollmentStatus.COMPLETED, completed_at=now, progress_percent=100
        )
        if won:
            ids = {
                "enrollment_id": enrollment.pk,
                "user_id": enrollment.user_id,
                "course_id": enrollment.course_id,
            }
            transaction.on_commit(lambda: course_completed.send(sender=Enrollment, **ids))
    if won:
        enrollment.status, enrollment.completed_at = EnrollmentStatus.COMPLETED, now
        enrollment.progress_percent = 100
    else:  # another worker recorded it first
        enrollment.refresh_from_db()
    return True
