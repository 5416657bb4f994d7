"""Self check-in codes: what the trainer's screen shows as a QR code, and how a scan is read.

A code names its session and a time step (``CHECKIN_CODE_SECONDS`` long) and carries an HMAC of
both keyed by the site's SECRET_KEY: ``<session id>-<step>-<mac>``. The screen shows a new code
every step; a code is accepted during its own step and the next one (so a scan at the end of a
step still works), never after. Nothing is stored: a code is checked by computing it again.

Logging in on a phone can take longer than a code lives, so a code that was valid when the
learner opened the check-in page is exchanged for a *grant*, signed with a timestamp and valid
for ``CHECKIN_GRANT_SECONDS``; the confirmation posts the grant.
"""

from __future__ import annotations

import datetime
import hmac

from django.core import signing
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .conf import courses_settings
from .exceptions import CheckInRefused

_SALT = "cds_courses.checkin"
_GRANT_SALT = "cds_courses.checkin.grant"


def current_step(now: datetime.datetime) -> int:
    return int(now.timestamp()) // courses_settings.CHECKIN_CODE_SECONDS


def seconds_left(now: datetime.datetime) -> int:
    """Seconds until the code of this step is replaced on the screen."""
    period = courses_settings.CHECKIN_CODE_SECONDS
    return period - int(now.timestamp()) % period


def _mac(session_id: int, step: int) -> str:
    return salted_hmac(_SALT, f"{session_id}:{step}", algorithm="sha256").hexdigest()[:20]


def make_code(session_id: int, step: int) -> str:
    return f"{session_id}-{step}-{_mac(session_id, step)}"


def read_code(code: str, *, session, now: datetime.datetime) -> None:
    """Check that `code` opens check-in to `session` at `now`; raise `CheckInRefused` saying
    why not: not a code at all (or forged), for another session, expired, or outside the
    session's check-in window."""
    parts = (code or "").strip().split("-")
    try:
        session_id, step, mac = int(parts[0]), int(parts[1]), parts[2]
    except (IndexError, ValueError):
        raise CheckInRefused(_("This is not a check-in code of this site.")) from None
    # Bytes: compare_digest refuses non-ASCII text, and people type anything into the box.
    expected = _mac(session_id, step).encode()
    if len(parts) != 3 or not hmac.compare_digest(mac.encode(), expected):
        raise CheckInRefused(_("This is not a check-in code of this site."))
    if session_id != session.pk:
        raise CheckInRefused(
            _("This code is for another session. Scan the code shown in the room you are in.")
        )
    check_window(session, now)
    if not 0 <= current_step(now) - step <= 1:
        raise CheckInRefused(
            _("This code has expired. Scan the code on the trainer's screen again.")
        )


def check_window(session, now: datetime.datetime) -> None:
    """Raise `CheckInRefused` unless self check-in to `session` is open at `now`."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if session.is_cancelled:
        raise CheckInRefused(_("This session was cancelled."))
    if not session.checkin_is_open(now):
        raise CheckInRefused(
            _("Check-in for this session is open from %(start)s to %(end)s.")
            % {
                "start": date_format(timezone.localtime(session.checkin_opens), "DATETIME_FORMAT"),
                "end": date_format(timezone.localtime(session.ends_at), "DATETIME_FORMAT"),
            }
        )


def make_grant(session_id: int) -> str:
    return signing.TimestampSigner(salt=_GRANT_SALT).sign(str(session_id))


def read_grant(grant: str, *, session) -> None:
    """Check that `grant` was given for `session` less than CHECKIN_GRANT_SECONDS ago."""
    signer = signing.TimestampSigner(salt=_GRANT_SALT)
    try:
        value = signer.unsign(grant or "", max_age=courses_settings.CHECKIN_GRANT_SECONDS)
    except signing.SignatureExpired:
        raise CheckInRefused(
            _("Too much time has passed since you scanned the code. Scan it again.")
        ) from None
    except signing.BadSignature:
        raise CheckInRefused(_("This is not a check-in code of this site.")) from None
    if value != str(session.pk):
        raise CheckInRefused(
            _("This code is for another session. Scan the code shown in the room you are in.")
        )
