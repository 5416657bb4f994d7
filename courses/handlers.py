"""What `courses` does when `lms` signals something (connected in `CoursesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from . import services


def release_places_on_withdrawal(*, user_id: int, course_id: int, **kwargs: Any) -> None:
    """A learner who withdraws from a course gives up their places at its coming sessions."""
    services.release_registrations(user_id=user_id, course_id=course_id)
