"""Automatic completion of a lesson after time spent on it.

The lesson page hands the browser a signed token holding who is reading, which lesson and when
the page was rendered; `courses/static/courses/js/lesson-timer.js` counts the seconds the tab is
visible and then posts the token back. The server trusts no clock but its own: the lesson is
recorded only when the token is genuine, is this person's token for this lesson, and at least
the lesson's seconds have passed since the page was rendered.
"""

from __future__ import annotations

import time

from django.core import signing

from .conf import courses_settings

SALT = "cds_courses.lesson-timer"
# A token older than this is refused: a page left open for days is reloaded first.
MAX_AGE_SECONDS = 24 * 60 * 60


class InvalidTimerToken(Exception):
    """The token is forged, expired, someone else's or another lesson's, or came too early."""


def auto_complete_seconds(lesson) -> int:
    """Seconds on the lesson after which it completes itself; 0: only by the button."""
    if lesson.auto_complete_seconds is not None:
        return lesson.auto_complete_seconds
    return int(courses_settings.AUTO_COMPLETE_SECONDS)


def make_token(*, user_id: int, lesson_id: int, rendered_at: float | None = None) -> str:
    """A signed token for the lesson page rendered now (or at `rendered_at`, a Unix time)."""
    if rendered_at is None:
        rendered_at = time.time()
    payload = {"u": user_id, "l": lesson_id, "t": int(rendered_at * 1000)}
    return signing.dumps(payload, salt=SALT)


def check_token(token: str, *, user_id: int, lesson, now: float | None = None) -> None:
    """Raise `InvalidTimerToken` unless `token` lets `user_id` complete `lesson` by time now."""
    seconds = auto_complete_seconds(lesson)
    if seconds <= 0:
        raise InvalidTimerToken("this lesson does not complete itself")
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:  # also SignatureExpired
        raise InvalidTimerToken("bad or expired signature") from error
    if not isinstance(payload, dict) or payload.get("u") != user_id:
        raise InvalidTimerToken("not this person's token")
    if payload.get("l") != lesson.pk:
        raise InvalidTimerToken("not this lesson's token")
    rendered_ms = payload.get("t")
    if not isinstance(rendered_ms, int):
        raise InvalidTimerToken("no render time")
    elapsed = (time.time() if now is None else now) - rendered_ms / 1000
    if elapsed < seconds:
        raise InvalidTimerToken(f"only {elapsed:.1f} of {seconds} seconds have passed")
