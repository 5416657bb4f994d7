"""What the sessions section of a blended course page shows one person: the course's scheduled
sessions, their trainers, and for the learner their registration, place on the waitlist and
whether they may register or cancel now (and why not).

A fixed number of queries, whatever the number of sessions: the sessions, their trainers (one
prefetch, with the trainers' profiles), and for a logged-in person their registrations with
their waitlist positions (one query: the position is a correlated COUNT inside it). The rules
come from `courses.services`; this module only asks them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import services
from .models import Registration, RegistrationStatus, TrainingSession

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import CoursePage


def waitlist_ahead(*, session: OuterRef, queued_at: OuterRef, registration: OuterRef) -> Coalesce:
    """An annotation: how many people are before `registration` (asked at `queued_at`) on
    `session`'s waitlist, in the order places are given (`queued_at`, then id: two people
    asking at the same instant are still told different places)."""
    ahead = (
        Registration.objects.filter(session_id=session, status=RegistrationStatus.WAITLISTED)
        .filter(Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=registration))
        .order_by()
        .values("session_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), 0)


def with_waitlist_positions(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate each registration with `waitlist_ahead` (see `position_of`)."""
    return registrations.annotate(
        waitlist_ahead=waitlist_ahead(
            session=OuterRef("session_id"),
            queued_at=OuterRef("queued_at"),
            registration=OuterRef("pk"),
        )
    )


def position_of(registration: Registration) -> int | None:
    """1 for the next person to get a place; None when not on the waitlist. Reads the
    `waitlist_ahead` annotation of `with_waitlist_positions` (no query)."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return registration.waitlist_ahead + 1


def shows_meeting_link(status: str | None) -> bool:
    """The meeting link of an online session is for the learners holding a place (`status`:
    theirs, None without a registration)."""
    return status == RegistrationStatus.REGISTERED


def sessions_with_trainers(queryset: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """`queryset` with the trainers and their learner profiles prefetched (one more query)."""
    trainers = get_user_model().objects.select_related("learner_profile").order_by("pk")
    return queryset.prefetch_related(Prefetch("trainers", queryset=trainers))


@dataclass
class SessionRow:
    """One session as the course page shows it to one person."""

    session: TrainingSession
    registration: Registration | None = None
    waitlist_position: int | None = None
    may_register: bool = False
    may_cancel: bool = False
    ended: bool = False
    # Why the person may not register (or cancel) now, in their language; None when they may,
    # or when the question does not arise (not enrolled, already registered...).
    refusal: str | None = None

    @property
    def is_active(self) -> bool:
        """Registered or on the waitlist."""
        return self.registration is not None and self.registration.is_active

    @property
    def status(self) -> str | None:
        return self.registration.status if self.registration is not None else None

    @property
    def shows_meeting_link(self) -> bool:
        return shows_meeting_link(self.status)


@dataclass
class CourseSessions:
    """The sessions section of a course page."""

    rows: list[SessionRow] = field(default_factory=list)
    # Whether the person can act on sessions at all (logged in and enrolled in the course).
    enrolled: bool = False
    authenticated: bool = False

    def __iter__(self) -> Iterator[SessionRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def course_sessions(
    course: CoursePage,
    user: AbstractBaseUser | AnonymousUser,
    *,
    enrolled: bool,
    now: datetime.datetime | None = None,
) -> CourseSessions:
    """The scheduled sessions of `course` with what `user` may do about each.

    `enrolled` says whether the person has a current enrollment in the course (the course page
    already knows it). Two queries for an anonymous visitor (the sessions, their trainers),
    three for a logged-in person (and their registrations with waitlist positions).
    """
    now = now or timezone.now()
    sessions = list(
        sessions_with_trainers(TrainingSession.objects.filter(course=course).scheduled())
    )
    result = CourseSessions(enrolled=enrolled, authenticated=user.is_authenticated)
    registrations: dict[int, Registration] = {}
    if user.is_authenticated and sessions:
        registrations = {
            registration.session_id: registration
            for registration in with_waitlist_positions(
                Registration.objects.filter(user=user, session__in=[s.pk for s in sessions])
            )
        }
    for session in sessions:
        registration = registrations.get(session.pk)
        row = SessionRow(session=session, registration=registration)
        if registration is not None:
            registration.session = session  # the rules read it: no query
            row.waitlist_position = position_of(registration)
        if session.ends_at <= now:
            row.ended = True  # nothing to do about it any more: no buttons, no reasons
        elif row.is_active:
            # Cancelling needs no enrollment: someone who withdrew may still give up a place.
            row.refusal = services.cancellation_refusal(registration, now)
            row.may_cancel = row.refusal is None
        elif enrolled:
            # `registration_refusal` checks the dates first and the enrollment last; the
            # enrollment is known here, so it is asked only when a date rule refuses (it then
            # answers without a query) and the page keeps a fixed number of queries.
            if not session.registration_is_open(now):
                row.refusal = services.registration_refusal(session, user, now)
            row.may_register = row.refusal is None
        result.rows.append(row)
    return result
