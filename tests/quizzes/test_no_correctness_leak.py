"""No correctness data reaches the browser before the review policy allows it.

The attempt's snapshot holds, on the server, which choices are correct, the accepted short
answers and the feedback. The take page, the autosave replies, the quiz page and a result page
without review must carry none of it, nor anything derived from it: the correct choices must
not be told apart from the wrong ones in the HTML (ids are fine as values, alike for all).
"""

import re

import pytest

from quizzes import services
from quizzes.models import Choice, QuizPage
from tests.factories import make_question, make_quiz
from tests.quizzes.helpers import form_data, result_url, save_url, submit_url, take_url

pytestmark = pytest.mark.usefixtures("english")

SECRETS = [
    "RIGHT-FEEDBACK-7f3a",
    "WRONG-FEEDBACK-91bc",
    "QUESTION-FEEDBACK-22de",
    "ACCEPTED-ANSWER-5e0f",
    "OTHER-ACCEPTED-0c4d",
]
FORBIDDEN_WORDS = ["correct", "is_correct", "accepted", "feedback"]


@pytest.fixture
def secret_quiz(course):
    """A quiz of every kind of question, whose feedback and accepted answers are markers."""
    questions = []
    for kind in ("single", "multiple", "true_false"):
        question = make_question(
            f"Câu hỏi loại {kind}?",
            kind=kind,
            choices=[
                ("Lựa chọn A", True),
                ("Lựa chọn B", False),
                ("Lựa chọn C", kind == "multiple"),
            ],
            feedback="QUESTION-FEEDBACK-22de",
        )
        choices = Choice.objects.filter(question=question)
        choices.filter(is_correct=True).update(feedback="RIGHT-FEEDBACK-7f3a")
        choices.filter(is_correct=False).update(feedback="WRONG-FEEDBACK-91bc")
        questions.append(question)
    questions.append(
        make_question(
            "Câu trả lời ngắn?",
            kind="short_answer",
            accepted_answers="ACCEPTED-ANSWER-5e0f\nOTHER-ACCEPTED-0c4d",
            feedback="QUESTION-FEEDBACK-22de",
        )
    )
    return make_quiz(course, questions, review_policy="never", max_attempts=0)


@pytest.fixture
def secret_attempt(enrolled, secret_quiz):
    attempt = services.start_attempt(quiz=secret_quiz, user=enrolled)
    assert any(c["feedback"] for item in attempt.snapshot for c in item["choices"])
    return attempt


def assert_nothing_leaks(text: str) -> None:
    lowered = text.lower()
    for word in FORBIDDEN_WORDS:
        assert word not in lowered, f"{word!r} reached the browser"
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} reached the browser"


def choice_items(html: str, question_id: int) -> list[str]:
    """Each choice's <li> of a question, as the browser receives it."""
    return re.findall(
        rf'<li class="lms-choice">\s*(<input[^>]*name="q-{question_id}".*?)</li>', html, re.S
    )


def test_the_take_page_carries_no_correctness(learner_client, secret_attempt):
    # The learner has even picked the correct choices already: only "checked" (their own
    # answer) may differ between choices. (Their short answer is wrong: typing an accepted
    # answer would put it on the page as their own words.)
    learner_client.post(save_url(secret_attempt), form_data(secret_attempt, right=3))

    html = learner_client.get(take_url(secret_attempt)).content.decode()

    assert_nothing_leaks(html)
    assert "data-correct" not in html
    for item in secret_attempt.snapshot:
        if item["kind"] == "short_answer":
            continue
        items = choice_items(html, item["id"])
        assert len(items) == len(item["choices"])
        shapes = set()
        for choice, markup in zip(item["choices"], items, strict=True):
            assert f'value="{choice["id"]}"' in markup
            shape = re.sub(r'value="\d+"', 'value="ID"', markup.replace(choice["text"], "TEXT"))
            shape = re.sub(r"q-\d+(-\d+)?", "q-N", shape).replace(" checked", "")
            shapes.add(re.sub(r"\s+", " ", shape))
        assert len(shapes) == 1, f"choices of question {item['id']} can be told apart: {shapes}"
    # No data attributes in the questions at all: nothing for a script to read.
    questions = html[html.index('<ol class="lms-questions"') : html.index("lms-take__submit")]
    assert "data-" not in questions


def test_the_order_of_choices_comes_from_the_snapshot_not_from_correctness(
    learner_client, secret_attempt
):
    html = learner_client.get(take_url(secret_attempt)).content.decode()

    for item in secret_attempt.snapshot:
        if item["kind"] == "short_answer":
            continue
        shown = re.findall(rf'name="q-{item["id"]}" value="(\d+)"', html)
        assert shown == [str(c["id"]) for c in item["choices"]]


def test_autosave_replies_carry_no_correctness(learner_client, secret_attempt):
    saved = learner_client.post(save_url(secret_attempt), form_data(secret_attempt))
    tampered = learner_client.post(save_url(secret_attempt), {"q-999999": ["1"]})

    assert set(saved.json()) == {"saved", "remaining_seconds"}
    for reply in (saved, tampered):
        assert_nothing_leaks(reply.content.decode())


def test_the_quiz_page_carries_no_correctness(learner_client, secret_attempt, secret_quiz):
    html = learner_client.get(secret_quiz.url).content.decode()

    for secret in SECRETS:
        assert secret not in html
    assert "Lựa chọn A" not in html


def test_a_result_without_review_shows_points_only(learner_client, secret_attempt):
    learner_client.post(submit_url(secret_attempt), form_data(secret_attempt, right=1))

    html = learner_client.get(result_url(secret_attempt)).content.decode()

    for secret in SECRETS:
        assert secret not in html
    assert "Lựa chọn" not in html  # no choices, so none marked right or wrong
    assert ">correct answer<" not in html and "lms-choice--correct" not in html


def test_the_review_shows_them_once_allowed(learner_client, secret_attempt, secret_quiz):
    QuizPage.objects.filter(pk=secret_quiz.pk).update(review_policy="immediately")
    learner_client.post(submit_url(secret_attempt), form_data(secret_attempt, right=1))

    html = learner_client.get(result_url(secret_attempt)).content.decode()

    # The test above can fail: the markers do reach the page when the review is allowed.
    for secret in ("RIGHT-FEEDBACK-7f3a", "QUESTION-FEEDBACK-22de", "ACCEPTED-ANSWER-5e0f"):
        assert secret in html
    assert "lms-choice--correct" in html
