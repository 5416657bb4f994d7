"""Wagtail hooks of the learner's side of `quizzes` (the admin's are in `wagtail_hooks.py`):
the course's quizzes in its outline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from lms.outline_hooks import OUTLINE_EXTRAS_HOOK, OutlineExtra

from .learner import Standing, standings_of
from .models import QuizPage

# --- the course outline (lms.outline_hooks) ------------------------------------------------


class QuizzesOutline(OutlineExtra):
    """The course's live quizzes after its lessons, each with the learner's standing."""

    order = 100
    template_name = "quizzes/includes/outline_quizzes.html"

    def __init__(self, rows: list[tuple[QuizPage, Standing]], enrolled: bool) -> None:
        self.rows = rows
        self.enrolled = enrolled
        # "Continue" leads to the first quiz not passed yet, once the lessons are done.
        self.next_step = (
            next((quiz for quiz, standing in rows if not standing.passed), None)
            if enrolled
            else None
        )

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"rows": self.rows, "enrolled": self.enrolled}


@hooks.register(OUTLINE_EXTRAS_HOOK)
def quizzes_outline(request: HttpRequest, course: Any, enrollment: Any) -> QuizzesOutline | None:
    """Two queries for an enrolled learner (the quizzes, their attempts at them), one for
    anyone else or a course without quizzes."""
    quizzes = list(QuizPage.objects.live().child_of(course).order_by("path"))
    if not quizzes:
        return None
    for quiz in quizzes:
        quiz._cached_parent_obj = course  # their URLs and course need no query
    standings = standings_of(quizzes, request.user) if enrollment is not None else {}
    rows = [(quiz, standings.get(quiz.pk) or Standing(quiz)) for quiz in quizzes]
    return QuizzesOutline(rows, enrolled=enrollment is not None)
