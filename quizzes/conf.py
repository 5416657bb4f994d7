"""App settings of `quizzes`, with the `QUIZZES_` prefix, read lazily."""

from typing import Any

from lms.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Seconds after a quiz's time limit during which a submission still counts as on time
    # (network delays, a slow phone). Later ones are graded as they stood at the limit.
    "TIME_GRACE_SECONDS": 30,
    # The signed cookie that lets a visitor who is not logged in vote once on a poll open to
    # anyone. It holds a random id only; votes store an HMAC of it with the poll id.
    "POLL_VOTER_COOKIE_NAME": "cds_poll_voter",
    "POLL_VOTER_COOKIE_MAX_AGE": 365 * 24 * 60 * 60,
}

quizzes_settings = AppSettings("QUIZZES_", DEFAULTS)
