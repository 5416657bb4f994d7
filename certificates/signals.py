"""Receivers `certificates` connects to the signals of `lms` (in `AppConfig.ready()`)."""

from __future__ import annotations

from typing import Any


def on_course_completed(sender: Any, *, enrollment_id: int, course_id: int, **kwargs: Any) -> None:
    """Queue the issue of a certificate when the completed course has a template.

    `lms` sends `course_completed` after its transaction commits, so the task sees the
    completion. Courses without a template simply get no certificate.
    """
    from .models import template_for_course
    from .tasks import issue_certificate_task

    if template_for_course(course_id) is not None:
        issue_certificate_task.enqueue(enrollment_id)
