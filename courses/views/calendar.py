"""Calendar files: one session's .ics (public), the learner's feed (its secret token is the
only key: calendar applications cannot log in), and replacing the feed's address. The
iCalendar itself is built by `courses.calendar_feeds`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import calendar_feeds
from ..models import CalendarFeed, Registration, TrainingSession

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _domain(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0] or "localhost"


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def session_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    """One session of a live course, for anyone (a cancelled one says so). The meeting link
    of an online session is in it only for a learner holding a place."""
    session = get_object_or_404(
        TrainingSession.objects.select_related("course").filter(course__live=True), pk=session_id
    )
    registration = None
    if request.user.is_authenticated:
        registration = Registration.objects.filter(session=session, user=request.user).first()
    body = calendar_feeds.session_calendar(
        session,
        domain=_domain(request),
        course_url=request.build_absolute_uri(session.course.get_url(request)),
        registration=registration,
    )
    return _ics(body, f"session-{session.pk}.ics")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The sessions of the learner whose feed this token opens; 404 for any other token."""
    calendar_feed = get_object_or_404(CalendarFeed, token=token)
    body = calendar_feeds.feed_calendar(
        calendar_feeds.feed_registrations(calendar_feed),
        domain=_domain(request),
        course_url=lambda session: request.build_absolute_uri(session.course.get_url(request)),
    )
    response = _ics(body, "sessions.ics")
    # The address is a secret: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def reset_feed(request: HttpRequest) -> HttpResponse:
    """Give the learner a new feed address (the first one, or a replacement)."""
    _feed, replaced = calendar_feeds.reset_calendar_feed(user=request.user)
    if replaced:
        messages.success(
            request,
            _(
                "Your calendar address has been replaced: the old one no longer works. "
                "Subscribe to the new one in your calendar application."
            ),
        )
    else:
        messages.success(
            request,
            _("Your calendar address is ready: subscribe to it in your calendar application."),
        )
    return redirect(f"{reverse('lms:dashboard')}#my-sessions")
