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
}


courses_settings = AppSettings("COURSES_", DEFAULTS)
