"""App settings of `quizzes`, with the `QUIZZES_` prefix, read lazily."""

from typing import Any

from lms.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Seconds after a quiz's time limit during which a submission still counts as on time
    # (network delays, a slow phone). Later ones are graded as they stood at the limit.
    "TIME_GRACE_SECONDS": 30,
}

quizzes_settings = AppSettings("QUIZZES_", DEFAULTS)
