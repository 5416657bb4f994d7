"""The printable sign-in sheet of a training session: an A4 PDF the learners sign in the room.

Rendered from the template ``courses/sessions/signin_sheet.html`` by Django's template engine
(autoescaping: a name like ``<b>`` prints as those characters, never as markup) and converted
by `lms.pdf.html_to_pdf` with the bundled Vietnamese font, under its closed resource rules
(no network, local font and static files only).

The sheet is printed for the room, so it is written in the site's language
(``LANGUAGE_CODE``), whatever language the trainer's interface uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.models import display_name
from lms.pdf import html_to_pdf, register_fonts
from lms.text import nfc

from .attendance_sheet import name_sort_key
from .models import Registration, RegistrationStatus, SessionKind, TrainingSession

TEMPLATE = "courses/sessions/signin_sheet.html"
#: Empty numbered rows after the registered learners, for walk-ins to write themselves in.
BLANK_ROWS = 5


@dataclass(frozen=True)
class SignInRow:
    number: int
    full_name: str = ""
    unit: str = ""
    position: str = ""


def session_when(session: TrainingSession) -> str:
    """The session's day and hours in local time, e.g. "Monday, 12/01/2026, 08:00–11:00"."""
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    if start.date() == end.date():
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": date_format(start, "l, d/m/Y"),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
        }
    return _("%(start)s to %(end)s") % {
        "start": date_format(start, "DATETIME_FORMAT"),
        "end": date_format(end, "DATETIME_FORMAT"),
    }


def session_where(session: TrainingSession) -> str:
    """The venue and its address, or "Live online" with the meeting link."""
    if session.kind == SessionKind.ONLINE:
        return " · ".join(filter(None, [str(SessionKind.ONLINE.label), session.meeting_url]))
    return ", ".join(filter(None, [session.venue_name, session.venue_address]))


def registered_learners(session: TrainingSession) -> list[AbstractBaseUser]:
    """The session's registered learners (not the waitlist), sorted by name; one query."""
    registrations = Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).select_related("user__learner_profile__unit")
    people = [registration.user for registration in registrations]
    return sorted(people, key=lambda person: name_sort_key(display_name(person)))


def _row(number: int, person: AbstractBaseUser) -> SignInRow:
    profile = getattr(person, "learner_profile", None)
    return SignInRow(
        number=number,
        full_name=nfc(display_name(person)),
        unit=nfc(profile.unit.name) if profile is not None and profile.unit_id else "",
        position=nfc(profile.position) if profile is not None else "",
    )


def signin_rows(session: TrainingSession) -> list[SignInRow]:
    """The numbered rows: the registered learners, then `BLANK_ROWS` empty ones."""
    rows = [_row(number, person) for number, person in enumerate(registered_learners(session), 1)]
    rows += [SignInRow(number=len(rows) + i) for i in range(1, BLANK_ROWS + 1)]
    return rows


def render_html(session: TrainingSession) -> str:
    """The sheet's HTML document, as xhtml2pdf receives it."""
    rows = signin_rows(session)
    trainers = session.trainers.select_related("learner_profile")
    return render_to_string(
        TEMPLATE,
        {
            "family": register_fonts(),
            "language": translation.get_language(),
            "title": _("Sign-in sheet: %(session)s") % {"session": nfc(session.title)},
            "course_title": nfc(session.course.title),
            "session": session,
            "session_title": nfc(session.title),
            "when": session_when(session),
            "where": nfc(session_where(session)),
            "trainers": ", ".join(nfc(display_name(person)) for person in trainers),
            "rows": rows,
            "registered": len(rows) - BLANK_ROWS,
        },
    )


def render_signin_sheet(session: TrainingSession) -> bytes:
    """The sign-in sheet of `session` as PDF bytes; raises `lms.exceptions.PdfRenderError`
    when the renderer fails."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_html(session)
    return html_to_pdf(html)
