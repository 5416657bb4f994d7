"""The learner's side of a quiz: start (or resume) an attempt, answer, autosave, submit, and
see the result.

Each view calls one `quizzes.services` function (or reads through `quizzes.learner`) and turns
its refusal into a message or an error status. An attempt is always looked up together with
`user=request.user`: another learner's attempt id is a 404, never a peek.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import learner, services
from .exceptions import AttemptClosed, QuizUnavailable, TamperedAnswers
from .models import Attempt, QuizPage

logger = logging.getLogger(__name__)

FIELD_PREFIX = "q-"


def answers_from(data: QueryDict) -> dict[str, Any]:
    """The answers of a take-page form: ``q-<question id>`` fields, one value per ticked
    choice or the text of a short answer. Each choice question also sends an empty value, so
    that unticking every box is saved too; empty values are dropped here. What the fields
    name is checked against the attempt by the service (`TamperedAnswers`)."""
    answers: dict[str, Any] = {}
    for key in data:
        if key.startswith(FIELD_PREFIX):
            answers[key.removeprefix(FIELD_PREFIX)] = [v for v in data.getlist(key) if v != ""]
    return answers


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user
    )


def _take_url(attempt_id: int) -> str:
    return reverse("quizzes:take", args=[attempt_id])


def _result_url(attempt_id: int) -> str:
    return reverse("quizzes:result", args=[attempt_id])


@require_POST
def start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Start an attempt, or resume the one in progress; then answer it."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    try:
        attempt = services.start_attempt(quiz=quiz, user=request.user)
    except QuizUnavailable as error:
        messages.error(request, str(error))
        return redirect(quiz.get_url(request))
    return redirect(_take_url(attempt.pk))


@require_GET
@login_required
def take(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_submitted:
        return redirect(_result_url(attempt.pk))
    quiz = attempt.quiz
    return TemplateResponse(
        request,
        "quizzes/take.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "course": quiz.get_parent(),
            "questions": learner.questions_to_answer(attempt),
            "remaining_seconds": learner.remaining_seconds(attempt),
        },
    )


@require_POST
def save(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """Autosave (posted by the take page's script): the answers so far, as a JSON reply."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Your session has ended. Log in again.")}, status=403)
    try:
        attempt = services.save_answers(
            attempt_id=attempt_id, user=request.user, answers=answers_from(request.POST)
        )
    except Attempt.DoesNotExist as error:
        raise Http404 from error
    except TamperedAnswers as error:
        return JsonResponse({"error": str(error)}, status=400)
    except AttemptClosed as error:
        return JsonResponse(
            {"error": str(error), "result_url": _result_url(attempt_id)}, status=409
        )
    remaining = learner.remaining_seconds(attempt)
    if services.is_overdue(attempt, timezone.now()):
        # Nothing was kept (the attempt is graded as it stood at the limit): say so.
        return JsonResponse(
            {
                "saved": False,
                "remaining_seconds": remaining,
                "error": _("The time is up: answers given after it are not kept."),
            }
        )
    return JsonResponse({"saved": True, "remaining_seconds": remaining})


@require_POST
def submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Grade the attempt (once: a second POST finds it graded) and show its result."""
    if not request.user.is_authenticated:
        return redirect_to_login(_take_url(attempt_id))
    try:
        attempt = services.submit_attempt(
            attempt_id=attempt_id, user=request.user, answers=answers_from(request.POST)
        )
    except Attempt.DoesNotExist as error:
        raise Http404 from error
    except TamperedAnswers as error:
        return TemplateResponse(
            request,
            "quizzes/refused.html",
            {"message": str(error), "back_url": _take_url(attempt_id)},
            status=400,
        )
    except DatabaseError:
        # submit_attempt is atomic: nothing was recorded, and submitting again grades it once.
        logger.exception("Submitting attempt %s failed", attempt_id)
        response = TemplateResponse(
            request,
            "quizzes/refused.html",
            {
                "message": _(
                    "Your answers could not be submitted because of a server problem. Nothing "
                    "was recorded: please submit again in a moment."
                ),
                "back_url": _take_url(attempt_id),
            },
            status=503,
        )
        response["Retry-After"] = "30"
        return response
    return redirect(_result_url(attempt.pk))


@require_GET
@login_required
def result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The attempt's score and points per question; the correct answers and feedback only
    when the quiz's review policy allows it now."""
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_submitted:
        return redirect(_take_url(attempt.pk))
    quiz = attempt.quiz
    standing = learner.standing_of(quiz, request.user)
    review = standing.review_allowed(attempt)
    return TemplateResponse(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "course": quiz.get_parent(),
            "standing": standing,
            "review": review,
            "questions": learner.attempt_results(attempt, review=review),
            "start_refusal": standing.start_refusal(timezone.now()),
        },
    )
