"""Sessions as iCalendar (RFC 5545): one session's file, and each learner's feed — the secret
address a calendar application subscribes to, listing every session they are registered for.

An event's UID depends on the session only, so a calendar that imported a session's file and
later subscribes to the feed shows it once, and updates it (time, place, cancellation) instead
of adding a copy. Times are written in UTC. A cancelled session stays in the feed with
STATUS:CANCELLED, so subscribed calendars take it off; a place on the waitlist is TENTATIVE.
The meeting link of an online session is only written for learners holding a place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import (
    CalendarFeed,
    Registration,
    RegistrationStatus,
    SessionKind,
    TrainingSession,
)
from .models.sessions import new_calendar_token
from .sessions_context import shows_meeting_link

PRODID = "-//wagtail-cds-learning//courses//EN"

# How a registration shows in the learner's calendar.
_EVENT_STATUS = {
    RegistrationStatus.REGISTERED: "CONFIRMED",
    RegistrationStatus.WAITLISTED: "TENTATIVE",
}


# --- the feed's address -----------------------------------------------------------------------


@transaction.atomic
def reset_calendar_feed(*, user: AbstractBaseUser) -> tuple[CalendarFeed, bool]:
    """Give `user` a new secret feed address: the old one stops working at once. Creates the
    feed on first use. Returns the feed and whether an older address was replaced."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_calendar_token()
        feed.save(update_fields=["token"])
    return feed, not created


def feed_registrations(feed: CalendarFeed) -> Iterable[Registration]:
    """The feed's learner's registrations and waitlist places, with their sessions and
    courses (one query), soonest first; cancelled sessions included (they say so)."""
    return (
        Registration.objects.filter(
            user_id=feed.user_id,
            status__in=list(_EVENT_STATUS),
            session__course__live=True,
        )
        .select_related("session__course")
        .order_by("session__starts_at", "session_id")
    )


# --- iCalendar --------------------------------------------------------------------------------


def event_uid(session: TrainingSession, domain: str) -> str:
    """The same for a session in every file and feed the site serves."""
    return f"cds-training-session-{session.pk}@{domain}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def session_event(
    session: TrainingSession,
    *,
    domain: str,
    course_url: str,
    registration: Registration | None = None,
    now: datetime.datetime | None = None,
) -> Event:
    """One session as a VEVENT. `registration`, when given, is the reader's: it decides the
    status (confirmed or tentative) and whether the meeting link is written."""
    event = Event()
    event.add("uid", event_uid(session, domain))
    event.add("dtstamp", _utc(now or timezone.now()))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", f"{session.title} — {session.course.title}")
    if session.kind == SessionKind.ONLINE:
        location = (
            session.meeting_url
            if shows_meeting_link(registration and registration.status)
            else _("Live online")
        )
    else:
        location = ", ".join(part for part in (session.venue_name, session.venue_address) if part)
    if location:
        event.add("location", location)
    event.add("url", course_url)
    description = [session.course.title, course_url]
    if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
        description.append(_("You are on the waitlist: you will be emailed if a place frees up."))
    event.add("description", "\n".join(description))
    if session.is_cancelled:
        event.add("status", "CANCELLED")
    elif registration is not None:
        event.add("status", _EVENT_STATUS.get(registration.status, "CONFIRMED"))
    else:
        event.add("status", "CONFIRMED")
    return event


def _calendar(name: str, events: Iterable[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def session_calendar(
    session: TrainingSession,
    *,
    domain: str,
    course_url: str,
    registration: Registration | None = None,
) -> bytes:
    """The .ics file of one session (see `session_event`)."""
    event = session_event(session, domain=domain, course_url=course_url, registration=registration)
    return _calendar(session.title, [event])


def feed_calendar(
    registrations: Iterable[Registration],
    *,
    domain: str,
    course_url: Callable[[TrainingSession], str],
) -> bytes:
    """The learner's feed: one event per registration (`course_url(session)` gives the link
    to each session's course page)."""
    now = timezone.now()
    events = [
        session_event(
            registration.session,
            domain=domain,
            course_url=course_url(registration.session),
            registration=registration,
            now=now,
        )
        for registration in registrations
    ]
    return _calendar(_("My training sessions"), events)
