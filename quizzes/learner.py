"""Read-only helpers for the learner's quiz pages: a learner's standing in one quiz or many,
and an attempt's questions as the take and result pages show them.

Each function costs a fixed number of queries, whatever the number of questions, attempts or
quizzes: the pages pin their query budgets on it.

What reaches the take page is built here from the attempt's snapshot, field by field: texts,
points and choice ids, never whether a choice is correct, feedback or accepted answers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import timezone

from lms.services import current_enrollment

from . import services
from .models import Attempt, AttemptStatus, QuizPage

# The history and the outline never read the questions or answers of an attempt.
HEAVY_FIELDS = ("snapshot", "answers", "results")


@dataclass
class Standing:
    """One learner's standing in one quiz, from their attempts at it (in number order)."""

    quiz: QuizPage
    attempts: list[Attempt] = field(default_factory=list)

    @cached_property
    def submitted(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.status == AttemptStatus.SUBMITTED]

    @cached_property
    def in_progress(self) -> Attempt | None:
        return next((a for a in self.attempts if a.status == AttemptStatus.IN_PROGRESS), None)

    @property
    def used(self) -> int:
        return len(self.submitted)

    @cached_property
    def grade(self) -> Decimal | None:
        """The grade (%) by the quiz's grading method; None before any submitted attempt."""
        return services.combine_grades(
            self.quiz.grading_method, [attempt.percent for attempt in self.submitted]
        )

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade >= self.quiz.pass_mark

    @property
    def attempts_left(self) -> int | None:
        """None when unlimited."""
        return services.attempts_left(self.quiz, self.used)

    def start_refusal(self, now: datetime.datetime) -> str | None:
        """Why no attempt can be started or resumed now, or None (see `services.start_attempt`:
        an attempt in progress is always resumed)."""
        if self.in_progress is not None:
            return None
        return services.start_refusal(self.quiz, used=self.used, now=now)

    def review_allowed(self, attempt: Attempt) -> bool:
        return services.review_allowed(self.quiz, attempt, passed=self.passed, used=self.used)


def standing_of(quiz: QuizPage, user: AbstractBaseUser) -> Standing:
    """The learner's standing in `quiz`: one query."""
    attempts = Attempt.objects.filter(quiz=quiz, user=user).defer(*HEAVY_FIELDS).order_by("number")
    return Standing(quiz, list(attempts))


def standings_of(quizzes: Iterable[QuizPage], user: AbstractBaseUser) -> dict[int, Standing]:
    """The learner's standing in each of `quizzes`, by quiz id: one query (none without
    quizzes or for an anonymous visitor, whose standings are empty)."""
    quizzes = list(quizzes)
    by_quiz: dict[int, list[Attempt]] = defaultdict(list)
    if quizzes and user.is_authenticated:
        rows = (
            Attempt.objects.filter(user=user, quiz__in=[quiz.pk for quiz in quizzes])
            .only("id", "quiz_id", "number", "status", "percent")
            .order_by("quiz_id", "number")
        )
        for attempt in rows:
            by_quiz[attempt.quiz_id].append(attempt)
    return {quiz.pk: Standing(quiz, by_quiz[quiz.pk]) for quiz in quizzes}


def quiz_page_context(quiz: QuizPage, request: HttpRequest) -> dict[str, Any]:
    """What the quiz page shows this person beyond the quiz itself: its course, whether they
    may take it and, for an enrolled learner, their standing and whether they may start.
    Two queries for an enrolled learner (the enrollment, the attempts); the course comes from
    the parent cache Wagtail's routing fills."""
    course = quiz.get_parent()
    quiz._course_id = course.pk  # what services.course_id_of() would otherwise query
    context: dict[str, Any] = {"course": course, "enrolled": False, "standing": None}
    user = request.user
    if not user.is_authenticated:
        return context
    if current_enrollment(user=user, course_id=course.pk) is None:
        return context
    standing = standing_of(quiz, user)
    context.update(
        enrolled=True,
        standing=standing,
        start_refusal=standing.start_refusal(timezone.now()),
    )
    return context


# --- an attempt's questions ----------------------------------------------------------------


def _chosen(answer: Any) -> set[int]:
    values = answer if isinstance(answer, list) else [answer]
    return {value for value in values if isinstance(value, int)}


@dataclass(frozen=True)
class ShownChoice:
    id: int
    text: str
    chosen: bool


@dataclass(frozen=True)
class ShownQuestion:
    """A question as the take page shows it: nothing here says what is correct."""

    id: int
    kind: str
    text: str
    points: str
    choices: list[ShownChoice]
    text_answer: str

    @property
    def field_name(self) -> str:
        return f"q-{self.id}"


def questions_to_answer(attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions in snapshot order, with the answers saved so far (a reload
    resumes). Only texts, points and choice ids are copied out of the snapshot."""
    shown = []
    for item in attempt.snapshot:
        answer = attempt.answers.get(str(item["id"]))
        chosen = _chosen(answer)
        shown.append(
            ShownQuestion(
                id=item["id"],
                kind=item["kind"],
                text=item["text"],
                points=item["points"],
                choices=[
                    ShownChoice(id=c["id"], text=c["text"], chosen=c["id"] in chosen)
                    for c in item.get("choices", [])
                ],
                text_answer=answer if isinstance(answer, str) else "",
            )
        )
    return shown


def remaining_seconds(attempt: Attempt, now: datetime.datetime | None = None) -> int | None:
    """Seconds left before the attempt's deadline (never below 0); None without a limit."""
    if attempt.deadline_at is None:
        return None
    left = (attempt.deadline_at - (now or timezone.now())).total_seconds()
    return max(0, int(left))


@dataclass(frozen=True)
class ReviewedChoice:
    id: int
    text: str
    chosen: bool
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionResult:
    """A question on the result page: the points earned always; with the review allowed, the
    learner's answer, the correct one and the feedback."""

    number: int
    kind: str
    text: str
    points: Decimal
    max_points: Decimal
    full_marks: bool
    choices: list[ReviewedChoice] = field(default_factory=list)
    answered: bool = False
    text_answer: str = ""
    accepted: list[str] = field(default_factory=list)
    feedback: str = ""


def attempt_results(attempt: Attempt, *, review: bool) -> list[QuestionResult]:
    """The submitted attempt's questions with the points earned, in snapshot order; answers,
    correctness and feedback only when `review` (`Standing.review_allowed`) says so."""
    by_question = {row["question_id"]: row for row in attempt.results}
    rows = []
    for number, item in enumerate(attempt.snapshot, start=1):
        result = by_question.get(item["id"], {})
        points = Decimal(result.get("points", "0"))
        max_points = Decimal(result.get("max_points", item["points"]))
        row: dict[str, Any] = {
            "number": number,
            "kind": item["kind"],
            "text": item["text"],
            "points": points,
            "max_points": max_points,
            "full_marks": points == max_points,
        }
        if review:
            answer = attempt.answers.get(str(item["id"]))
            chosen = _chosen(answer)
            row.update(
                choices=[
                    ReviewedChoice(
                        id=c["id"],
                        text=c["text"],
                        chosen=c["id"] in chosen,
                        correct=bool(c["correct"]),
                        feedback=c.get("feedback", "") if c["id"] in chosen else "",
                    )
                    for c in item.get("choices", [])
                ],
                answered=bool(chosen) or bool(isinstance(answer, str) and answer.strip()),
                text_answer=answer if isinstance(answer, str) else "",
                accepted=list(item.get("accepted", [])),
                feedback=item.get("feedback", ""),
            )
        rows.append(QuestionResult(**row))
    return rows
