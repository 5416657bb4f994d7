"""The "My courses" panel of the learner's dashboard (see `lms.dashboard`)."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import HttpRequest

from lms.dashboard import DashboardPanel
from lms.models import Enrollment


class MyCoursesPanel(DashboardPanel):
    """Current courses (progress, due date, Continue) and completed ones, in one query."""

    order = 100
    template_name = "courses/dashboard/my_courses.html"

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        enrollments = (
            Enrollment.objects.current()
            .filter(user=request.user)
            .select_related("course")
            # The nearest due date first; courses without one after them, newest first.
            .order_by(F("due_date").asc(nulls_last=True), "-enrolled_at")
        )
        current, completed = [], []
        for enrollment in enrollments:
            # Wagtail's cached site root paths: no query per course.
            enrollment.course_url = enrollment.course.get_url(request)
            (completed if enrollment.is_completed else current).append(enrollment)
        completed.sort(key=lambda enrollment: enrollment.completed_at, reverse=True)
        return {"current": current, "completed": completed}
