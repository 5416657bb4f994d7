"""The weekly email to unit managers: how their units stand against their training targets.

One email per manager, listing for each unit they manage the targets that apply to it (set on
the unit, below it, or above it: a province target counted within the manager's district),
each with its share completed, its status and the completions of the last seven days. A manager
with no target in reach gets no email. Templates: ``lms/email/manager_summary_subject.txt``
and ``manager_summary_body.txt``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Enrollment, OrganisationUnit, UnitManagerAssignment, under
from .models import TargetStatus, TrainingTarget
from .progress import TargetProgress, progress_by_unit

RECENT_DAYS = 7


@dataclass(frozen=True)
class SummaryRow:
    progress: TargetProgress
    completed_recently: int

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.progress.status).label)


def recent_completions(progress: TargetProgress, since: datetime.datetime) -> int:
    """Completions of the target's courses since `since` by the people it covers in the row's
    unit (one query)."""
    target = progress.target
    enrollments = Enrollment.objects.filter(
        under("user__learner_profile__unit__path", [progress.unit.path]),
        course__in=target.courses.all(),
        completed_at__gte=since,
    )
    if target.learner_category:
        enrollments = enrollments.filter(user__learner_profile__category=target.learner_category)
    return enrollments.count()


def rows_for_unit(
    unit: OrganisationUnit, *, today: datetime.date, since: datetime.datetime
) -> list[SummaryRow]:
    """The targets in reach of a managed unit: those set on it or below it (counted over their
    own unit), and those set above it (counted within the managed unit)."""
    step = OrganisationUnit.steplen
    ancestors = [unit.path[:end] for end in range(step, len(unit.path), step)]
    targets = TrainingTarget.objects.filter(
        under("unit__path", [unit.path]) | Q(unit__path__in=ancestors)
    ).select_related("unit")
    rows = []
    for target in targets:
        row_unit = unit if target.unit.path in ancestors else target.unit
        (progress,) = progress_by_unit(target, [row_unit], today=today)
        rows.append(SummaryRow(progress, recent_completions(progress, since)))
    return rows


def summary_for(user, *, today: datetime.date | None = None) -> list[SummaryRow]:
    """Every summary row for the units `user` manages (empty: nothing to send)."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    units = OrganisationUnit.objects.filter(manager_assignments__user=user).order_by("path")
    return [row for unit in units for row in rows_for_unit(unit, today=today, since=since)]


def send_manager_summary(*, user_id: int, today: datetime.date | None = None) -> bool:
    """Email one manager their summary; False when they have no address or no target in reach.
    Sending errors propagate."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    rows = summary_for(user, today=today)
    if not rows:
        return False
    context = {"manager": user, "rows": rows, "days": RECENT_DAYS}
    subject = render_to_string("lms/email/manager_summary_subject.txt", context)
    body = render_to_string("lms/email/manager_summary_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    return True


def send_manager_summaries(*, today: datetime.date | None = None) -> int:
    """Email every unit manager their weekly summary; returns how many emails were sent."""
    manager_ids = (
        UnitManagerAssignment.objects.order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(send_manager_summary(user_id=user_id, today=today) for user_id in manager_ids)
