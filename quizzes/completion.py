"""The criterion kinds `quizzes` registers with the completion engine: a quiz passed, and the
course's post-course survey answered."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.completion import Criterion, register_criterion
from lms.models import Enrollment


def quiz_passed(enrollment: Enrollment, criterion: Criterion) -> bool:
    """Met when the learner's grade for the quiz (by its grading method) reaches its pass mark."""
    from .models import QuizPage
    from .services import has_passed

    quiz = QuizPage.objects.filter(pk=criterion.params.get("target_page_id")).first()
    return quiz is not None and has_passed(quiz, enrollment.user)


def survey_answered(enrollment: Enrollment, criterion: Criterion) -> bool:
    """Met when the learner has submitted the course's post-course survey (the survey the
    course's `CourseSurvey` of phase "post" names); never met for a course without one."""
    from .survey_services import post_survey_submitted

    return post_survey_submitted(user_id=enrollment.user_id, course_id=enrollment.course_id)


def register() -> None:
    register_criterion(
        "quiz_passed",
        label=_("Quiz passed"),
        is_met=quiz_passed,
        params=("target_page",),
    )
    register_criterion(
        "survey_answered",
        label=_("Post-course survey answered"),
        is_met=survey_answered,
        params=(),
    )
