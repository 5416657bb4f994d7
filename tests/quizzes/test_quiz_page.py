"""The quiz page: the quiz's rules in words for everyone; the grade, the attempts and the
Start / Resume button for the learners enrolled in its course."""

import datetime
import re

import pytest
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt, QuizPage
from tests.quizzes.helpers import answers, start_url

pytestmark = pytest.mark.usefixtures("english")


def text_of(response) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def start_forms(response) -> list[str]:
    return re.findall(r'<form method="post" action="([^"]+)"', response.content.decode())


def test_an_anonymous_visitor_reads_the_rules_and_is_asked_to_log_in(client, quiz):
    response = client.get(quiz.url)

    assert response.status_code == 200
    text = text_of(response)
    assert "Pass mark 60%" in text and "3 attempts allowed" in text
    assert "Log in to take this quiz." in text
    assert f"/accounts/login/?next={quiz.url}" in response.content.decode()
    assert start_url(quiz) not in start_forms(response)


def test_a_learner_not_enrolled_is_sent_to_the_course(learner_client, quiz, course):
    response = learner_client.get(quiz.url)

    text = text_of(response)
    assert f"This quiz is for the learners enrolled in “{course.title}”." in text
    assert f'href="{course.url}"' in response.content.decode()
    assert start_url(quiz) not in start_forms(response)
    assert "Your grade" not in text


def test_an_enrolled_learner_sees_the_rules_and_a_start_button(learner_client, enrolled, quiz):
    QuizPage.objects.filter(pk=quiz.pk).update(
        time_limit_minutes=20, grading_method="average", review_policy="after_passing"
    )

    response = learner_client.get(quiz.url)

    text = text_of(response)
    assert "Pass mark 60%" in text
    assert "Attempts 0 of 3 used" in text
    assert "Time limit 20 minutes" in text
    assert "Grading The average of your attempts counts" in text
    assert "Open At any time" in text
    assert "Correct answers Shown once you pass" in text
    assert "Not attempted yet" in text
    assert start_url(quiz) in start_forms(response)
    assert "Start quiz" in text
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_the_grade_history_and_resume_button(learner_client, enrolled, quiz):
    first = services.start_attempt(quiz=quiz, user=enrolled)
    services.submit_attempt(attempt_id=first.pk, user=enrolled, answers=answers(first, 1))
    Attempt.objects.filter(pk=first.pk).update(late=True)
    services.start_attempt(quiz=quiz, user=enrolled)  # the second, still in progress

    response = learner_client.get(quiz.url)

    text = text_of(response)
    assert "Attempts 1 of 3 used" in text
    assert "25%" in text and "Not passed yet: the pass mark is 60%" in text
    assert "1 25% Late" in re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d ", "", text)
    assert "2 In progress" in re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d ", "", text)
    assert "Resume quiz" in text and "Start quiz" not in text
    assert "2 attempts left" in text


def test_a_passed_quiz_says_so(learner_client, enrolled, quiz):
    attempt = services.start_attempt(quiz=quiz, user=enrolled)
    services.submit_attempt(attempt_id=attempt.pk, user=enrolled, answers=answers(attempt))

    text = text_of(learner_client.get(quiz.url))

    assert "100%" in text and "Passed ✓" in text
    assert "Start a new attempt" in text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"opens_at": timezone.now() + datetime.timedelta(days=2)}, "This quiz opens on"),
        ({"closes_at": timezone.now() - datetime.timedelta(days=1)}, "This quiz closed on"),
        ({"max_attempts": 1}, "You have used all your attempts at this quiz."),
    ],
)
def test_no_start_button_when_the_quiz_cannot_be_started(
    learner_client, enrolled, quiz, change, reason
):
    if "max_attempts" in change:
        attempt = services.start_attempt(quiz=quiz, user=enrolled)
        services.submit_attempt(attempt_id=attempt.pk, user=enrolled, answers={})
    QuizPage.objects.filter(pk=quiz.pk).update(**change)

    response = learner_client.get(quiz.url)

    assert reason in text_of(response)
    assert start_url(quiz) not in start_forms(response)


def test_an_attempt_in_progress_is_resumed_even_after_the_quiz_closed(
    learner_client, enrolled, quiz
):
    services.start_attempt(quiz=quiz, user=enrolled)
    QuizPage.objects.filter(pk=quiz.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = learner_client.get(quiz.url)

    assert "Resume quiz" in text_of(response)
