"""Who an anonymous voter is, without knowing who they are.

A visitor who is not logged in gets a signed cookie holding a random id. A vote stores only
`voter_key(poll_id, voter_id)`: an HMAC (keyed by SECRET_KEY) of the poll id and that id, so
the same visitor has a different key on every poll and no key can be traced back to a cookie
without the secret. IP addresses are never read or stored.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from .conf import quizzes_settings

_COOKIE_SALT = "quizzes.poll.voter-cookie"
_KEY_SALT = "quizzes.poll.voter-key"


def new_voter_id() -> str:
    return secrets.token_urlsafe(18)


def voter_id_from(request: HttpRequest) -> str | None:
    """The random id of the visitor's signed cookie; None without one (or a tampered one)."""
    return request.get_signed_cookie(
        quizzes_settings.POLL_VOTER_COOKIE_NAME, default=None, salt=_COOKIE_SALT
    )


def voter_key(poll_id: int, voter_id: str) -> str:
    """The key an anonymous vote on `poll_id` is stored under: 64 hex digits."""
    return salted_hmac(_KEY_SALT, f"{poll_id}:{voter_id}", algorithm="sha256").hexdigest()


def request_voter_key(request: HttpRequest, poll_id: int) -> str | None:
    """The visitor's voter key for this poll, when not logged in and carrying a voter cookie
    (None otherwise: a logged-in person votes by their account)."""
    if request.user.is_authenticated:
        return None
    voter_id = voter_id_from(request)
    return voter_key(poll_id, voter_id) if voter_id else None


def remember_voter(response: HttpResponse, voter_id: str) -> None:
    """Keep (or renew) the visitor's random id in a signed, HTTP-only cookie."""
    response.set_signed_cookie(
        quizzes_settings.POLL_VOTER_COOKIE_NAME,
        voter_id,
        salt=_COOKIE_SALT,
        max_age=quizzes_settings.POLL_VOTER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
