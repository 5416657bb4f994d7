"""The emails blended delivery sends: a place given from the waitlist, the reminder the day
before a session, a session cancelled. Templates: ``courses/email/<kind>_subject.txt`` and
``<kind>_body.txt``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Registration

KINDS = ("promoted", "reminder", "session_cancelled")


def site_url(path: str) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + path


def send_session_email(*, registration_id: int, kind: str) -> bool:
    """Send the `kind` email about a registration; False when the learner has no address.
    Raises `ValueError` for an unknown kind; sending errors propagate."""
    if kind not in KINDS:
        raise ValueError(f"unknown session email {kind!r}")
    registration = (
        Registration.objects.select_related("user", "session", "session__course")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    session = registration.session
    context = {
        "registration": registration,
        "session": session,
        "learner": registration.user,
        "course_url": site_url(session.course.url or "/"),
        "calendar_url": site_url(reverse("courses:session_ics", args=[session.pk])),
    }
    subject = render_to_string(f"courses/email/{kind}_subject.txt", context)
    body = render_to_string(f"courses/email/{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [registration.user.email])
    return True
