"""The course's quizzes in its outline (through `lms.outline_hooks`), after the lessons, each
with the learner's state; and "Continue" leading to the first quiz not passed once the required
lessons are done."""

import re

import pytest
from django.urls import reverse

from courses.models import CourseCriterion
from lms import services as lms_services
from quizzes import services
from quizzes.models import QuizPage
from tests.factories import make_question, make_quiz
from tests.quizzes.helpers import answers

pytestmark = pytest.mark.usefixtures("english")


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def quizzes(course):
    """Four quizzes of one question each, titled by what the learner will have done."""
    made = {}
    for title in ("Chưa làm", "Đang làm", "Chưa đạt", "Đã đạt"):
        quiz = make_quiz(course, [make_question(f"{title}?")], pass_mark=50)
        QuizPage.objects.filter(pk=quiz.pk).update(title=title)
        made[title] = QuizPage.objects.get(pk=quiz.pk)
    return made


def take(user, quiz, *, right: int | None = None) -> None:
    attempt = services.start_attempt(quiz=quiz, user=user)
    if right is not None:
        services.submit_attempt(
            attempt_id=attempt.pk, user=user, answers=answers(attempt, right=right)
        )


def finish_lessons(user, course) -> None:
    for lesson in course.lessons().filter(required=True):
        lms_services.record_lesson_completed(user=user, course=course, lesson=lesson)


def test_the_outline_lists_the_quizzes_after_the_lessons_with_the_learners_state(
    learner_client, enrolled, course, quizzes
):
    take(enrolled, quizzes["Đang làm"])
    take(enrolled, quizzes["Chưa đạt"], right=0)
    take(enrolled, quizzes["Đã đạt"], right=1)
    draft = make_quiz(course, [make_question("Nháp?")])
    draft.unpublish()

    text = text_of(learner_client.get(course.url))

    outline = text[text.index("Course outline") : text.index("How to complete the course")]
    assert outline.index("Bài 4") < outline.index("Quizzes")
    assert "Chưa làm pass mark 50% · not attempted" in outline
    assert "Đang làm pass mark 50% · in progress" in outline
    assert "Chưa đạt pass mark 50% · your grade: 0%" in outline
    assert "Đã đạt pass mark 50% · passed, 100%" in outline
    assert draft.title not in outline


def test_visitors_see_the_quizzes_without_a_state(client, course, quizzes):
    text = text_of(client.get(course.url))

    assert "Chưa làm pass mark 50%" in text
    assert "not attempted" not in text


def test_continue_leads_to_the_first_quiz_not_passed_once_the_lessons_are_done(
    learner_client, enrolled, course, quizzes
):
    # The course needs a quiz too, so finishing the lessons does not complete it.
    CourseCriterion.objects.create(course=course, kind="lessons")
    CourseCriterion.objects.create(course=course, kind="quiz_passed", target_page=quizzes["Đã đạt"])
    continue_url = reverse("courses:continue", args=[course.pk])
    assert learner_client.get(continue_url).url == course.lessons()[0].url

    finish_lessons(enrolled, course)
    take(enrolled, quizzes["Chưa làm"], right=1)  # the first quiz passed: on to the next one

    response = learner_client.get(course.url)
    assert response.context["continue_lesson"].pk == quizzes["Đang làm"].pk
    assert "Next: Đang làm" in text_of(response)
    assert learner_client.get(continue_url).url == quizzes["Đang làm"].url


def test_continue_is_unchanged_for_a_course_without_quizzes(learner_client, enrolled, course):
    finish_lessons(enrolled, course)

    response = learner_client.get(course.url)

    optional = course.lessons().filter(required=False).get()
    assert response.context["continue_lesson"].pk == optional.pk
