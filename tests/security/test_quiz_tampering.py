"""Quiz integrity against a learner who edits the page or forges the POSTs.

tests/quizzes/test_no_correctness_leak.py checks the question markup, the autosave replies,
the quiz page and the result page; tests/quizzes/test_take_views.py refuses a choice of another
question and an unknown question. Here, the rest:

- no correctness anywhere a script could read it on the take page: inline scripts, embedded
  JSON (``json_script``), every ``data-*`` attribute; nor in any JSON reply of the autosave
  (saved, refused, closed, someone else's), nor on the quiz page after submitting;
- a table of forged answers (a choice of another quiz, ids that do not exist, negative, huge
  and non-numeric values, a question not in the attempt, two choices for a one-choice
  question), each refused by the autosave and by the submit with a clear message (never a
  500), leaving the attempt as it was; the honest submission afterwards gets the honest grade;
- extra fields (``score``, ``points``, ``passed``, ``correct``…) are ignored;
- someone else's attempt, a second submission and a submission after the time limit change
  nothing the grade depends on.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from quizzes import grading, services
from quizzes.models import Attempt
from tests.courses import conftest as course_pages
from tests.factories import UserFactory, make_question, make_quiz
from tests.quizzes import conftest as quiz_pages
from tests.quizzes import test_no_correctness_leak as leak
from tests.quizzes.helpers import answers, form_data, save_url, submit_url, take_url

# The fixtures of the learner's quiz pages (tests/courses and tests/quizzes).
english = course_pages.english
home = course_pages.home
catalogue = course_pages.catalogue
course = course_pages.course
learner_client = course_pages.learner_client
quiz = quiz_pages.quiz
enrolled = quiz_pages.enrolled
secret_quiz = leak.secret_quiz
secret_attempt = leak.secret_attempt

pytestmark = pytest.mark.usefixtures("english")

REFUSAL = "These answers do not match the questions of your attempt. Reload the page."


@pytest.fixture
def attempt(enrolled, quiz):
    return services.start_attempt(quiz=quiz, user=enrolled)


def _state(attempt: Attempt) -> tuple:
    return tuple(
        Attempt.objects.filter(pk=attempt.pk)
        .values_list("status", "answers", "score", "percent", "passed", "submitted_at")
        .get()
    )


# --- nothing a script could read -----------------------------------------------------------


def _script_readable(html: str) -> list[str]:
    """Everything on a page a script reads without parsing the visible text: inline scripts
    (embedded JSON included) and the values of data-* attributes."""
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    data = re.findall(r'\sdata-[\w-]+(?:="([^"]*)")?', html)
    return scripts + data


def test_no_script_or_data_attribute_of_the_take_page_carries_correctness(
    learner_client, secret_attempt
):
    learner_client.post(save_url(secret_attempt), form_data(secret_attempt, right=3))

    html = learner_client.get(take_url(secret_attempt)).content.decode()

    for text in _script_readable(html):
        leak.assert_nothing_leaks(text)
        # Any embedded JSON holds no key that says what is right.
        for blob in re.findall(r"[{\[].*[}\]]", text, re.S):
            try:
                parsed = json.loads(blob)
            except ValueError:
                continue
            leak.assert_nothing_leaks(json.dumps(parsed))


def test_every_json_reply_of_the_autosave_is_free_of_correctness(learner_client, secret_attempt):
    url = save_url(secret_attempt)
    replies = [
        learner_client.post(url, form_data(secret_attempt)),  # saved
        learner_client.post(url, {"q-999999": ["1"]}),  # refused
    ]
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger@example.gov.vn"))
    replies.append(stranger.post(url, form_data(secret_attempt)))  # someone else's: 404
    learner_client.post(submit_url(secret_attempt), form_data(secret_attempt))
    replies.append(learner_client.post(url, form_data(secret_attempt)))  # closed: 409

    assert [reply.status_code for reply in replies] == [200, 400, 404, 409]
    for reply in replies:
        leak.assert_nothing_leaks(reply.content.decode())


def test_the_quiz_page_after_submitting_still_carries_no_correctness(
    learner_client, secret_attempt, secret_quiz
):
    learner_client.post(submit_url(secret_attempt), form_data(secret_attempt, right=1))

    html = learner_client.get(secret_quiz.url).content.decode()

    for secret in leak.SECRETS:
        assert secret not in html
    for text in _script_readable(html):
        leak.assert_nothing_leaks(text)


# --- forged answers ----------------------------------------------------------------------------


def _other_quiz_choice(attempt: Attempt) -> str:
    other = make_quiz(attempt.quiz.get_parent(), [make_question("Câu của bài khác?")])
    return str(other.quiz_questions.first().question.choices.first().pk)


def _single(attempt: Attempt) -> dict:
    return next(item for item in attempt.snapshot if item["kind"] == "single")


def _forged(field_value) -> callable:
    """Forged data for the single-choice question (the others answered honestly)."""

    def build(attempt: Attempt) -> dict:
        single = _single(attempt)
        value = field_value(attempt, single) if callable(field_value) else field_value
        return {**form_data(attempt), f"q-{single['id']}": ["", *value]}

    return build


def _question_not_in_the_attempt(attempt: Attempt) -> dict:
    outsider = make_question("Câu không thuộc bài làm?")
    return {**form_data(attempt), f"q-{outsider.pk}": [str(outsider.choices.first().pk)]}


FORGERIES = {
    "a choice of another quiz": _forged(lambda a, q: [_other_quiz_choice(a)]),
    "a choice that does not exist": _forged(["999999999"]),
    "a negative id": _forged(lambda a, q: [str(-q["choices"][0]["id"])]),
    "a huge number": _forged(["9" * 40]),
    "not a number": _forged(["abc"]),
    "a decimal": _forged(lambda a, q: [f"{q['choices'][0]['id']}.0"]),
    "two choices for a one-choice question": _forged(
        lambda a, q: [str(q["choices"][0]["id"]), str(q["choices"][1]["id"])]
    ),
    "a question not in the attempt": _question_not_in_the_attempt,
    "a field named like a question's score": lambda a: {**form_data(a), "q-score": ["100"]},
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_forged_answers_are_refused_with_a_message_and_change_nothing(
    learner_client, attempt, forgery
):
    learner_client.post(save_url(attempt), form_data(attempt, right=1))  # an honest save first
    before = _state(attempt)
    data = FORGERIES[forgery](attempt)

    saved = learner_client.post(save_url(attempt), data)
    submitted = learner_client.post(submit_url(attempt), data)

    assert saved.status_code == 400 and saved.json() == {"error": REFUSAL}
    assert submitted.status_code == 400 and REFUSAL in submitted.content.decode()
    assert _state(attempt) == before

    # The honest submission afterwards: graded on its own answers only.
    honest = learner_client.post(submit_url(attempt), form_data(attempt, right=2))

    assert honest.status_code == 302
    attempt.refresh_from_db()
    score, maximum, _results = grading.grade(attempt.snapshot, answers(attempt, right=2))
    assert (attempt.score, attempt.max_score) == (score, maximum)
    assert attempt.percent == Decimal("50.00") and not attempt.passed


EXTRA_FIELDS = {
    "score": "999",
    "points": "999",
    "max_score": "1",
    "percent": "100",
    "passed": "true",
    "correct": "1",
    "is_correct": "true",
    "status": "submitted",
    "late": "false",
    "user": "1",
    "number": "0",
}


def test_extra_fields_are_ignored_by_the_autosave_and_the_submit(learner_client, attempt):
    data = {**form_data(attempt, right=1), **EXTRA_FIELDS}

    saved = learner_client.post(save_url(attempt), data)

    assert saved.status_code == 200
    attempt.refresh_from_db()
    assert attempt.answers == answers(attempt, right=1) | _normalised(attempt, right=1)
    assert attempt.status == "in_progress" and attempt.score is None

    submitted = learner_client.post(submit_url(attempt), data)

    assert submitted.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("25.00") and not attempt.passed
    assert attempt.max_score == sum(Decimal(item["points"]) for item in attempt.snapshot)


def _normalised(attempt: Attempt, right: int) -> dict:
    """The answers as the service keeps them (choice ids as sorted ints)."""
    return grading.clean_answers(attempt.snapshot, answers(attempt, right=right))


def test_someone_elses_attempt_cannot_be_saved_or_submitted(attempt):
    before = _state(attempt)
    client = Client()
    client.force_login(UserFactory(username="stranger@example.gov.vn"))

    saved = client.post(save_url(attempt), form_data(attempt))
    submitted = client.post(submit_url(attempt), form_data(attempt))

    assert (saved.status_code, submitted.status_code) == (404, 404)
    assert _state(attempt) == before


def test_a_second_submission_with_better_answers_and_a_score_changes_nothing(
    learner_client, attempt
):
    learner_client.post(submit_url(attempt), form_data(attempt, right=1))
    before = _state(attempt)

    again = learner_client.post(submit_url(attempt), {**form_data(attempt), "score": "4"})
    saved = learner_client.post(save_url(attempt), form_data(attempt))

    assert again.status_code == 302 and saved.status_code == 409
    assert _state(attempt) == before


def test_answers_sent_after_the_time_limit_are_not_kept(learner_client, attempt):
    learner_client.post(save_url(attempt), form_data(attempt, right=1))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    saved = learner_client.post(save_url(attempt), form_data(attempt))
    attempt.refresh_from_db()
    kept = attempt.answers
    submitted = learner_client.post(submit_url(attempt), form_data(attempt))

    assert saved.status_code == 200 and saved.json()["remaining_seconds"] == 0
    assert saved.json()["saved"] is False and saved.json()["error"]
    assert kept == _normalised(attempt, right=1)
    assert submitted.status_code == 302
    attempt.refresh_from_db()
    assert attempt.late and attempt.percent == Decimal("25.00")
