"""The panels `courses` adds to the learner's dashboard (see `lms.dashboard`): "My courses",
and for blended delivery "My upcoming sessions" and "Sessions I lead"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from lms.dashboard import DashboardPanel
from lms.models import Enrollment

from .models import CalendarFeed, Registration, RegistrationStatus, TrainingSession
from .sessions_context import shows_meeting_link, waitlist_ahead


class MyCoursesPanel(DashboardPanel):
    """Current courses (progress, due date, Continue) and completed ones, in one query."""

    order = 100
    template_name = "courses/dashboard/my_courses.html"

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        enrollments = (
            Enrollment.objects.current()
            .filter(user=request.user)
            .select_related("course")
            # The nearest due date first; courses without one after them, newest first.
            .order_by(F("due_date").asc(nulls_last=True), "-enrolled_at")
        )
        current, completed = [], []
        for enrollment in enrollments:
            # Wagtail's cached site root paths: no query per course.
            enrollment.course_url = enrollment.course.get_url(request)
            (completed if enrollment.is_completed else current).append(enrollment)
        completed.sort(key=lambda enrollment: enrollment.completed_at, reverse=True)
        return {"current": current, "completed": completed}


# --- blended delivery: "My upcoming sessions" and "Sessions I lead" -------------------------

#: How long after it ended a session stays in "Sessions I lead" (attendance is often finished
#: or corrected in the days after).
RECENT_DAYS = 14

_REQUEST_CACHE = "_cds_courses_session_overview"


@dataclass
class SessionOverview:
    """The sessions the person attends and leads, from one query (see `session_overview`)."""

    attending: list[TrainingSession] = field(default_factory=list)
    leading_upcoming: list[TrainingSession] = field(default_factory=list)
    leading_recent: list[TrainingSession] = field(default_factory=list)
    # The secret token of the person's calendar feed; None before they ask for one.
    feed_token: str | None = None


def session_overview(request: HttpRequest) -> SessionOverview:
    """The person's upcoming sessions (registered or waitlisted, with the waitlist position)
    and the sessions they lead (upcoming, and ended in the last `RECENT_DAYS` days), with
    their courses and the calendar feed's token: ONE query, also for someone with none of
    them, shared by both panels (kept on the request)."""
    overview = getattr(request, _REQUEST_CACHE, None)
    if overview is not None:
        return overview
    user = request.user
    now = timezone.now()
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    active = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    mine = Registration.objects.filter(session_id=OuterRef("pk"), user_id=user.pk)
    led_ids = TrainingSession.trainers.through.objects.filter(user_id=user.pk).values(
        "trainingsession_id"
    )
    sessions = (
        TrainingSession.objects.scheduled()
        .filter(
            Q(
                pk__in=Registration.objects.filter(user_id=user.pk, status__in=active).values(
                    "session_id"
                ),
                ends_at__gt=now,
            )
            | Q(pk__in=led_ids, ends_at__gt=recent)
        )
        .annotate(
            my_status=Subquery(mine.values("status")[:1]),
            my_queued_at=Subquery(mine.values("queued_at")[:1]),
            my_registration_id=Subquery(mine.values("pk")[:1]),
            leads=Exists(led_ids.filter(trainingsession_id=OuterRef("pk"))),
            feed_token=Subquery(CalendarFeed.objects.filter(user_id=user.pk).values("token")[:1]),
        )
        .annotate(
            waitlist_ahead=waitlist_ahead(
                session=OuterRef("pk"),
                queued_at=OuterRef("my_queued_at"),
                registration=OuterRef("my_registration_id"),
            )
        )
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    overview = SessionOverview()
    for session in sessions:
        overview.feed_token = session.feed_token
        if session.my_status in active and session.ends_at > now:
            session.waitlist_position = (
                session.waitlist_ahead + 1
                if session.my_status == RegistrationStatus.WAITLISTED
                else None
            )
            session.shows_meeting_link = shows_meeting_link(session.my_status)
            overview.attending.append(session)
        if session.leads:
            (
                overview.leading_upcoming if session.ends_at > now else overview.leading_recent
            ).append(session)
    overview.leading_recent.reverse()  # the latest first
    setattr(request, _REQUEST_CACHE, overview)
    return overview


class MySessionsPanel(DashboardPanel):
    """The learner's upcoming sessions (registered or on the waitlist), their calendar feed's
    address and the button that replaces it. Its query is `session_overview`'s."""

    order = 110
    template_name = "courses/dashboard/my_sessions.html"

    @classmethod
    def for_request(cls, request: HttpRequest) -> MySessionsPanel | None:
        """The panel, or None for someone without upcoming sessions."""
        return cls() if session_overview(request).attending else None

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        overview = session_overview(request)
        for session in overview.attending:
            # Wagtail's cached site root paths: no query per course.
            session.course_url = session.course.get_url(request)
        feed_url = None
        if overview.feed_token:
            feed_url = request.build_absolute_uri(
                reverse("courses:calendar_feed", args=[overview.feed_token])
            )
        return {"sessions": overview.attending, "feed_url": feed_url}


class SessionsILeadPanel(DashboardPanel):
    """A trainer's upcoming and recent sessions, with their attendance sheet, check-in screen
    and sign-in sheet. Its query is `session_overview`'s."""

    order = 120
    template_name = "courses/dashboard/sessions_i_lead.html"

    @classmethod
    def for_request(cls, request: HttpRequest) -> SessionsILeadPanel | None:
        """The panel, or None for someone who leads no upcoming or recent session."""
        overview = session_overview(request)
        return cls() if overview.leading_upcoming or overview.leading_recent else None

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        overview = session_overview(request)
        return {"upcoming": overview.leading_upcoming, "recent": overview.leading_recent}
