"""Awareness surveys: submitting a course's pre- or post-course survey (the one state change),
and the read-only lookups the survey page and the completion criterion need."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.completion import evaluate
from lms.models import Enrollment
from lms.services import current_enrollment

from .exceptions import AlreadySubmitted, InvalidAnswers, SurveyUnavailable
from .models import (
    CourseSurvey,
    SurveyAnswer,
    SurveyPhase,
    SurveyQuestion,
    SurveyResponse,
)
from .models.surveys import LIKERT_MAX, LIKERT_MIN

Answer = int | str | None


def course_survey(course_id: int, phase: str) -> CourseSurvey | None:
    """The survey the course asks in `phase`, with the survey and the course page; one query."""
    return (
        CourseSurvey.objects.select_related("survey", "course")
        .filter(course_id=course_id, phase=phase)
        .first()
    )


def existing_response(link: CourseSurvey, user: AbstractBaseUser) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(
        survey_id=link.survey_id, course_id=link.course_id, user=user, phase=link.phase
    ).first()


def questions_of(survey_id: int) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(survey_id=survey_id).order_by("sort_order", "pk"))


def _clean(questions: list[SurveyQuestion], answers: dict[int, Answer]) -> list[SurveyAnswer]:
    known = {question.pk for question in questions}
    if set(answers) - known:
        raise InvalidAnswers(
            _("These answers do not match the survey's questions. Reload the page.")
        )
    rows = []
    for question in questions:
        given = answers.get(question.pk)
        if given in (None, ""):
            if question.required:
                raise InvalidAnswers(
                    _("Answer every required question: “%(question)s”.")
                    % {"question": question.text}
                )
            continue
        if question.is_likert:
            if (
                isinstance(given, bool)
                or not isinstance(given, int)
                or not (LIKERT_MIN <= given <= LIKERT_MAX)
            ):
                raise InvalidAnswers(_("Choose a point from 1 to 5 on the scale."))
            rows.append(SurveyAnswer(question=question, value=given))
        else:
            rows.append(SurveyAnswer(question=question, text=str(given).strip()))
    return rows


@transaction.atomic
def submit_survey(
    *, link: CourseSurvey, user: AbstractBaseUser, answers: dict[int, Answer]
) -> SurveyResponse:
    """Record `user`'s answers (question id → 1–5 for agreement questions, text otherwise) to
    the survey `link` asks of its course, once.

    Raises `SurveyUnavailable` when the learner has no current enrollment in the course or the
    survey has no questions, `InvalidAnswers` when the answers do not fit the questions, and
    `AlreadySubmitted` when the learner has answered already (the unique constraint decides,
    so a double click records one response). Answering the post-course survey re-evaluates the
    enrollment: "survey answered" may complete the course.
    """
    if current_enrollment(user=user, course_id=link.course_id) is None:
        raise SurveyUnavailable(_("Enrol in the course to answer its survey."))
    questions = questions_of(link.survey_id)
    if not questions:
        raise SurveyUnavailable(_("This survey has no questions yet."))
    rows = _clean(questions, answers)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey_id=link.survey_id,
                course_id=link.course_id,
                user=user,
                phase=link.phase,
                submitted_at=timezone.now(),
            )
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
    except IntegrityError as error:
        raise AlreadySubmitted(_("You have already answered this survey.")) from error
    log(
        instance=link.survey,
        action="cds_quizzes.survey.submit",
        user=user,
        data={"course_id": link.course_id, "phase": link.phase, "response_id": response.pk},
    )
    if link.phase == SurveyPhase.POST:
        enrollment = (
            Enrollment.objects.current()
            .select_for_update()
            .filter(user=user, course_id=link.course_id)
            .first()
        )
        if enrollment is not None:
            evaluate(enrollment)
    return response


def post_survey_submitted(*, user_id: int, course_id: int) -> bool:
    """Whether the learner has answered the course's post-course survey (one query)."""
    return SurveyResponse.objects.filter(
        user_id=user_id, course_id=course_id, phase=SurveyPhase.POST
    ).exists()
