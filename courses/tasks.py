"""Background work of `courses`, run by django-tasks (immediately in tests and the demo).
Tasks take ids, never model instances."""

from __future__ import annotations

from django_tasks import task

from . import emails


@task()
def send_session_email(registration_id: int, kind: str) -> bool:
    """Email the learner of a registration: "promoted" (a place from the waitlist),
    "reminder" (the session is tomorrow) or "session_cancelled". Returns whether a message
    was sent (not when the learner has no email address)."""
    return emails.send_session_email(registration_id=registration_id, kind=kind)
