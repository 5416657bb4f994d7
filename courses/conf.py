"""App settings of `courses`, with the `COURSES_` prefix, read lazily."""

from typing import Any

from lms.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Seconds on a lesson after which it counts as completed, when the lesson does not say;
    # 0 means only the "Mark as complete" button completes a lesson.
    "AUTO_COMPLETE_SECONDS": 0,
    # Courses per page of the catalogue.
    "CATALOGUE_PAGE_SIZE": 12,
    # Blocks other apps add to lesson bodies, after the built-in ones: (name, dotted path of a
    # block class or of a factory returning a block instance), each called without arguments,
    # e.g. [("poll", "quizzes.blocks.PollBlock")]. Read once, when `courses.blocks` is imported;
    # changing it changes the lesson body's definition, so run makemigrations afterwards.
    "EXTRA_LESSON_BLOCKS": [],
    # --- blended delivery -------------------------------------------------------------------
    # Seconds each QR check-in code is shown before the next replaces it; a code is accepted
    # during its own period and the next one.
    "CHECKIN_CODE_SECONDS": 30,
    # Self check-in opens this many minutes before a session starts (and closes at its end).
    "CHECKIN_OPENS_MINUTES_BEFORE": 30,
    # A check-in later than this many minutes after the start is recorded as Late.
    "CHECKIN_LATE_AFTER_MINUTES": 15,
    # How long a learner has to log in and confirm after opening a valid code (seconds).
    "CHECKIN_GRANT_SECONDS": 600,
    # The "attendance" criterion counts attended (present or late) sessions against all
    # scheduled (not cancelled) sessions of the course. With True, sessions a learner was
    # excused from leave the denominator as well.
    "ATTENDANCE_EXCLUDE_EXCUSED": False,
}


courses_settings = AppSettings("COURSES_", DEFAULTS)
