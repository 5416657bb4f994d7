"""Every state change of quizzes: starting, answering and submitting attempts."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.completion import evaluate
from lms.models import Enrollment
from lms.services import current_enrollment

from . import grading
from .conf import quizzes_settings
from .exceptions import AttemptClosed, QuizUnavailable, TamperedAnswers
from .item_analysis import record_attempt_items
from .models import Attempt, AttemptStatus, GradingMethod, Question, QuizPage, ReviewPolicy


def course_id_of(quiz: QuizPage) -> int:
    """The id of the course page the quiz sits in (its parent), without a query."""
    parent_path = quiz.path[: -quiz.steplen]
    cached = getattr(quiz, "_course_id", None)
    if cached is None:
        from wagtail.models import Page

        cached = Page.objects.values_list("pk", flat=True).get(path=parent_path)
        quiz._course_id = cached
    return cached


def submitted_attempts(quiz: QuizPage, user: AbstractBaseUser):
    return Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.SUBMITTED)


def quiz_grade(quiz: QuizPage, user: AbstractBaseUser) -> Decimal | None:
    """The learner's grade (%) for the quiz by its grading method; None before any attempt."""
    percents = list(
        submitted_attempts(quiz, user).order_by("number").values_list("percent", flat=True)
    )
    return combine_grades(quiz.grading_method, percents)


def combine_grades(method: str, percents: list[Decimal]) -> Decimal | None:
    """The grade (%) by grading `method` from the percents of the submitted attempts, in the
    order of their numbers; None when there are none. Pages showing many quizzes read the
    attempts of all of them at once and call this for each."""
    if not percents:
        return None
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.AVERAGE:
        return (sum(percents) / len(percents)).quantize(grading.TWO_PLACES)
    return max(percents)


def has_passed(quiz: QuizPage, user: AbstractBaseUser) -> bool:
    grade = quiz_grade(quiz, user)
    return grade is not None and grade >= quiz.pass_mark


def attempts_left(quiz: QuizPage, used: int) -> int | None:
    """None when unlimited."""
    return None if quiz.max_attempts == 0 else max(0, quiz.max_attempts - used)


def review_allowed(quiz: QuizPage, attempt: Attempt, *, passed: bool, used: int) -> bool:
    """Whether the learner may now see the correct answers of a submitted `attempt`."""
    if not attempt.is_submitted:
        return False
    policy = quiz.review_policy
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.AFTER_PASSING:
        return passed
    if policy == ReviewPolicy.AFTER_LAST_ATTEMPT:
        return attempts_left(quiz, used) == 0 or passed
    return False


def unavailable_reason(quiz: QuizPage, now: datetime.datetime) -> str | None:
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz opens on %(date)s.") % {
            "date": date_format(timezone.localtime(quiz.opens_at), "DATETIME_FORMAT")
        }
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz closed on %(date)s.") % {
            "date": date_format(timezone.localtime(quiz.closes_at), "DATETIME_FORMAT")
        }
    return None


def start_refusal(quiz: QuizPage, *, used: int, now: datetime.datetime) -> str | None:
    """Why a learner who has submitted `used` attempts (and has none in progress) may not start
    a new one now, or None when they may: the quiz's window, then the attempts allowed."""
    reason = unavailable_reason(quiz, now)
    if reason:
        return reason
    if attempts_left(quiz, used) == 0:
        return _("You have used all your attempts at this quiz.")
    return None


def build_snapshot(quiz: QuizPage, rng: random.Random) -> list[dict]:
    """The questions of a new attempt, with their choices, as plain data."""
    fixed_ids = list(
        quiz.quiz_questions.order_by("sort_order").values_list("question_id", flat=True)
    )
    drawn_ids: list[int] = []
    for draw in quiz.draws.all():
        pool = list(
            Question.objects.filter(category_id=draw.category_id)
            .exclude(pk__in=fixed_ids + drawn_ids)
            .values_list("pk", flat=True)
        )
        drawn_ids += rng.sample(pool, min(draw.count, len(pool)))
    ids = fixed_ids + drawn_ids
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids).prefetch_related("choices")}
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    snapshot = []
    for pk in ids:
        question = questions[pk]
        choices = [
            {"id": c.pk, "text": c.text, "correct": c.is_correct, "feedback": c.feedback}
            for c in question.choices.all()
        ]
        if quiz.shuffle_choices and question.kind != "true_false":
            rng.shuffle(choices)
        snapshot.append(
            {
                "id": question.pk,
                "kind": question.kind,
                "text": question.text,
                "points": str(question.points),
                "scoring": question.scoring,
                "feedback": question.feedback,
                "choices": choices,
                "accepted": question.accepted_answer_list,
                "ignore_diacritics": question.ignore_diacritics,
            }
        )
    return snapshot


def open_attempt(quiz: QuizPage, user: AbstractBaseUser) -> Attempt | None:
    return Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS).first()


def start_attempt(*, quiz: QuizPage, user: AbstractBaseUser) -> Attempt:
    """Start an attempt, or return the one in progress (a reload, two tabs, a double click).

    Raises `QuizUnavailable` when the learner is not enrolled in the quiz's course, the quiz
    is outside its window, or no attempts are left. An attempt past its time limit is
    submitted first (graded as it stood), then a new one may start.
    """
    now = timezone.now()
    if current_enrollment(user=user, course_id=course_id_of(quiz)) is None:
        raise QuizUnavailable(_("Enrol in the course to take its quiz."))
    existing = open_attempt(quiz, user)
    if existing is not None:
        if not is_overdue(existing, now):
            return existing
        submit_attempt(attempt_id=existing.pk, user=user)
    used = submitted_attempts(quiz, user).count()
    reason = start_refusal(quiz, used=used, now=now)
    if reason:
        raise QuizUnavailable(reason)
    snapshot = build_snapshot(quiz, random.Random())
    if not snapshot:
        raise QuizUnavailable(_("This quiz has no questions yet."))
    maximum = sum(Decimal(item["points"]) for item in snapshot)
    deadline = (
        now + datetime.timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None
    )
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                number=used + 1,
                started_at=now,
                deadline_at=deadline,
                snapshot=snapshot,
                max_score=maximum,
            )
    except IntegrityError:  # another request started one at the same instant
        attempt = open_attempt(quiz, user)
        if attempt is None:
            raise
    return attempt


def is_overdue(attempt: Attempt, now: datetime.datetime) -> bool:
    if attempt.deadline_at is None:
        return False
    grace = datetime.timedelta(seconds=quizzes_settings.TIME_GRACE_SECONDS)
    return now > attempt.deadline_at + grace


def _checked(attempt: Attempt, answers: dict[str, Any]) -> dict[str, Any]:
    try:
        return grading.clean_answers(attempt.snapshot, answers)
    except ValueError as error:
        raise TamperedAnswers(
            _("These answers do not match the questions of your attempt. Reload the page.")
        ) from error


@transaction.atomic
def save_answers(*, attempt_id: int, user: AbstractBaseUser, answers: dict[str, Any]) -> Attempt:
    """Keep the answers given so far (so a reload resumes). After the time limit (and its
    grace) nothing more is kept: the attempt is graded as it stood."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id, user=user)
    if attempt.is_submitted:
        raise AttemptClosed(_("This attempt has already been submitted."))
    cleaned = _checked(attempt, answers)
    if is_overdue(attempt, timezone.now()):
        return attempt
    attempt.answers = {**attempt.answers, **cleaned}
    attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def submit_attempt(
    *, attempt_id: int, user: AbstractBaseUser, answers: dict[str, Any] | None = None
) -> Attempt:
    """Grade the attempt once. Submitting again returns it unchanged (the row lock and the
    status decide). A submission after the time limit plus grace is graded with the answers
    saved before the limit and flagged late. Then the course enrollment is re-evaluated
    ("quiz passed" may complete the course)."""
    attempt = (
        Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt_id, user=user)
    )
    if attempt.is_submitted:
        return attempt
    now = timezone.now()
    late = is_overdue(attempt, now)
    if answers is not None:
        cleaned = _checked(attempt, answers)
        if not late:
            attempt.answers = {**attempt.answers, **cleaned}
    score, maximum, results = grading.grade(attempt.snapshot, attempt.answers)
    result_percent = grading.percent(score, maximum)
    # The status in the WHERE clause decides between two submissions at once: one updates
    # the row, the other finds nothing to update and returns the graded attempt.
    graded = Attempt.objects.filter(pk=attempt.pk, status=AttemptStatus.IN_PROGRESS).update(
        status=AttemptStatus.SUBMITTED,
        submitted_at=now,
        answers=attempt.answers,
        score=score,
        max_score=maximum,
        percent=result_percent,
        passed=result_percent >= attempt.quiz.pass_mark,
        late=late,
        results=results,
    )
    attempt.refresh_from_db()
    if not graded:
        return attempt
    # The item rows the item analysis report sums, in the same transaction as the grade.
    record_attempt_items(attempt)
    log(
        instance=attempt.quiz,
        action="cds_quizzes.attempt.submit",
        user=user,
        data={"attempt": attempt.number, "percent": str(attempt.percent), "late": late},
    )
    enrollment = (
        Enrollment.objects.current()
        .select_for_update()
        .filter(user=user, course_id=course_id_of(attempt.quiz))
        .first()
    )
    if enrollment is not None:
        evaluate(enrollment)
    return attempt
