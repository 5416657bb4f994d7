"""Taking a quiz: start or resume, answer (autosaved), submit once, see the result; and the
rules every endpoint keeps (login, CSRF, methods, someone else's attempt, tampered forms)."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from quizzes import services
from quizzes.models import Attempt, QuizPage
from tests.factories import LearnerProfileFactory
from tests.quizzes.helpers import (
    form_data,
    result_url,
    save_url,
    start_url,
    submit_url,
    take_url,
)

pytestmark = pytest.mark.usefixtures("english")


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def attempt(enrolled, quiz):
    return services.start_attempt(quiz=quiz, user=enrolled)


@pytest.fixture
def other_client(db):
    """Another learner, logged in."""
    client = Client()
    client.force_login(LearnerProfileFactory().user)
    return client


# --- start and resume -------------------------------------------------------------------------


def test_start_opens_an_attempt_and_a_reload_resumes_it(learner_client, enrolled, quiz):
    response = learner_client.post(start_url(quiz))

    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response.url == take_url(attempt)
    again = learner_client.post(start_url(quiz))  # "Resume quiz", a double click, a second tab
    assert again.url == take_url(attempt)
    assert Attempt.objects.count() == 1
    assert learner_client.get(take_url(attempt)).status_code == 200


def test_start_refused_comes_back_to_the_quiz_with_the_reason(learner_client, quiz):
    response = learner_client.post(start_url(quiz))  # not enrolled in the course

    assert response.status_code == 302 and response.url == quiz.url
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Enrol in the course to take its quiz."
    ]
    assert not Attempt.objects.exists()


def test_the_take_page_shows_each_kind_of_question_in_snapshot_order(learner_client, attempt):
    html = learner_client.get(take_url(attempt)).content.decode()

    positions = [html.index(item["text"]) for item in attempt.snapshot]
    assert positions == sorted(positions)
    single, multiple, true_false, short = attempt.snapshot
    for item, input_type in [(single, "radio"), (multiple, "checkbox"), (true_false, "radio")]:
        inputs = re.findall(rf'<input type="(\w+)"[^>]*name="q-{item["id"]}" value="(\d+)"', html)
        assert inputs == [(input_type, str(c["id"])) for c in item["choices"]]
    assert re.search(rf'<input type="text" id="q-{short["id"]}" name="q-{short["id"]}"', html)
    assert "quizzes/js/quiz-attempt.js" in html


# --- autosave ----------------------------------------------------------------------------------


def test_autosave_keeps_the_answers_and_a_reload_shows_them(learner_client, attempt):
    data = form_data(attempt, right=2)

    response = learner_client.post(save_url(attempt), data)

    assert response.status_code == 200
    assert response.json() == {"saved": True, "remaining_seconds": None}
    attempt.refresh_from_db()
    single, multiple, true_false, short = attempt.snapshot
    assert attempt.answers == {
        str(single["id"]): [single["choices"][0]["id"]],
        str(multiple["id"]): [c["id"] for c in multiple["choices"][:2]],
        str(true_false["id"]): [true_false["choices"][1]["id"]],
        str(short["id"]): "sai",
    }
    assert attempt.status == "in_progress"
    html = learner_client.get(take_url(attempt)).content.decode()
    for key, values in data.items():
        for value in values[1:] if values[0] == "" else []:
            assert re.search(rf'name="{key}" value="{value}" checked', html)
    assert f'name="q-{short["id"]}" value="sai"' in html


def test_unticking_every_box_is_saved_too(learner_client, attempt):
    multiple = attempt.snapshot[1]
    ticked = [str(c["id"]) for c in multiple["choices"]][:2]
    learner_client.post(save_url(attempt), {f"q-{multiple['id']}": ["", *ticked]})

    learner_client.post(save_url(attempt), {f"q-{multiple['id']}": [""]})

    attempt.refresh_from_db()
    assert attempt.answers == {str(multiple["id"]): []}


def test_autosave_reports_the_time_left(learner_client, enrolled, quiz):
    QuizPage.objects.filter(pk=quiz.pk).update(time_limit_minutes=10)
    attempt = services.start_attempt(quiz=QuizPage.objects.get(pk=quiz.pk), user=enrolled)

    html = learner_client.get(take_url(attempt)).content.decode()
    reply = learner_client.post(save_url(attempt), form_data(attempt)).json()

    assert re.search(r'data-remaining="(59\d|600)"', html)
    assert re.search(r'role="timer" data-quiz-clock>(09:5\d|10:00)<', html)
    assert 590 <= reply["remaining_seconds"] <= 600


def test_autosave_after_submitting_points_to_the_result(learner_client, attempt, enrolled):
    services.submit_attempt(attempt_id=attempt.pk, user=enrolled, answers={})

    response = learner_client.post(save_url(attempt), form_data(attempt))

    assert response.status_code == 409
    assert response.json()["result_url"] == result_url(attempt)


# --- submit -------------------------------------------------------------------------------------


def test_submit_grades_once_even_when_posted_twice(learner_client, attempt, quiz):
    first = learner_client.post(submit_url(attempt), form_data(attempt))
    second = learner_client.post(submit_url(attempt), form_data(attempt, right=0))

    assert first.url == second.url == result_url(attempt)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.percent == 100 and attempt.passed
    assert PageLogEntry.objects.filter(action="cds_quizzes.attempt.submit").count() == 1
    assert learner_client.get(take_url(attempt)).url == result_url(attempt)


def test_a_late_submission_is_flagged_and_graded_as_saved_in_time(learner_client, attempt):
    learner_client.post(save_url(attempt), form_data(attempt, right=1))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    response = learner_client.post(submit_url(attempt), form_data(attempt))

    attempt.refresh_from_db()
    assert attempt.late and attempt.percent == 25
    text = text_of(learner_client.get(response.url))
    assert "Late after the time limit: graded with the answers saved in time" in text


def test_the_result_page_shows_score_pass_and_points_per_question(learner_client, attempt):
    learner_client.post(submit_url(attempt), form_data(attempt, right=1))

    response = learner_client.get(result_url(attempt))

    text = text_of(response)
    assert "25% 1 of 4 points" in text
    assert "Not passed: the pass mark is 60%" in text
    assert "Question 1 1 of 1 point" in text
    assert "Question 2 0 of 1 point" in text
    assert learner_client.get(result_url(attempt)).status_code == 200


def test_an_attempt_in_progress_has_no_result_yet(learner_client, attempt):
    assert learner_client.get(result_url(attempt)).url == take_url(attempt)


# --- the rules every endpoint keeps ----------------------------------------------------------


def test_another_learners_attempt_is_not_found(other_client, attempt):
    for url in (take_url(attempt), result_url(attempt)):
        assert other_client.get(url).status_code == 404
    for url in (save_url(attempt), submit_url(attempt)):
        assert other_client.post(url, form_data(attempt)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.status == "in_progress"


def test_a_choice_of_another_question_is_refused_whole(learner_client, attempt):
    single, multiple = attempt.snapshot[0], attempt.snapshot[1]
    tampered = {
        **form_data(attempt),
        f"q-{single['id']}": ["", str(multiple["choices"][0]["id"])],
    }

    saved = learner_client.post(save_url(attempt), tampered)
    submitted = learner_client.post(submit_url(attempt), tampered)

    assert saved.status_code == 400 and "do not match the questions" in saved.json()["error"]
    assert submitted.status_code == 400
    assert "Nothing was graded or saved" in text_of(submitted)
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and attempt.score is None and attempt.answers == {}


@pytest.mark.parametrize(
    "field", ["q-999999", "q-abc", "q-"], ids=["unknown id", "not a number", "empty"]
)
def test_an_unknown_question_is_refused(learner_client, attempt, field):
    data = {**form_data(attempt), field: ["1"]}

    assert learner_client.post(save_url(attempt), data).status_code == 400
    assert learner_client.post(submit_url(attempt), data).status_code == 400
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and attempt.answers == {}


def test_a_short_answer_field_posted_empty_or_twice_is_not_an_error(learner_client, attempt):
    short = attempt.snapshot[3]

    learner_client.post(save_url(attempt), {f"q-{short['id']}": ""})
    attempt.refresh_from_db()
    assert attempt.answers == {str(short["id"]): ""}


def test_wrong_methods_are_refused(learner_client, attempt, quiz):
    for url in (start_url(quiz), save_url(attempt), submit_url(attempt)):
        assert learner_client.get(url).status_code == 405
    for url in (take_url(attempt), result_url(attempt)):
        assert learner_client.post(url).status_code == 405


def test_login_is_required(client, attempt, quiz):
    for url in (take_url(attempt), result_url(attempt)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.post(start_url(quiz)).url == f"/accounts/login/?next={quiz.url}"
    assert client.post(submit_url(attempt)).url.startswith("/accounts/login/")
    assert client.post(save_url(attempt)).status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == "in_progress"


def test_csrf_is_enforced(enrolled, attempt, quiz):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)

    for url in (start_url(quiz), save_url(attempt), submit_url(attempt)):
        assert client.post(url, form_data(attempt)).status_code == 403
    attempt.refresh_from_db()
    assert attempt.status == "in_progress" and attempt.answers == {}


def test_the_take_pages_form_carries_the_csrf_token(enrolled, attempt):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled)
    html = client.get(take_url(attempt)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post(save_url(attempt), {**form_data(attempt), "csrfmiddlewaretoken": token})

    assert response.status_code == 200


# --- review per policy ----------------------------------------------------------------------


def review_shown(client, attempt) -> bool:
    html = client.get(result_url(attempt)).content.decode()
    shown = ">correct answer<" in html
    # The correct choices, their feedback and the accepted answers come only with the review.
    assert ("Theo Luật Giao dịch điện tử." in html) == shown
    assert ("chuyen doi so" in html) == shown
    return shown


def submit(client, quiz, right):
    client.post(start_url(quiz))
    attempt = Attempt.objects.filter(status="in_progress").get()
    client.post(submit_url(attempt), form_data(attempt, right=right))
    return attempt


@pytest.mark.parametrize(
    ("policy", "after_failing", "after_passing"),
    [
        ("never", False, False),
        ("after_passing", False, True),
        ("immediately", True, True),
        ("after_last_attempt", False, True),  # passing ends the need for more attempts
    ],
)
def test_review_follows_the_quizs_policy(
    learner_client, enrolled, quiz, policy, after_failing, after_passing
):
    QuizPage.objects.filter(pk=quiz.pk).update(review_policy=policy)

    failed = submit(learner_client, quiz, right=1)
    assert review_shown(learner_client, failed) is after_failing

    passed = submit(learner_client, quiz, right=None)
    assert review_shown(learner_client, passed) is after_passing


def test_review_after_the_last_attempt_waits_for_the_last_one(learner_client, enrolled, quiz):
    QuizPage.objects.filter(pk=quiz.pk).update(review_policy="after_last_attempt", max_attempts=2)

    first = submit(learner_client, quiz, right=0)
    assert not review_shown(learner_client, first)
    assert "shown once you pass this quiz or have used all your attempts" in text_of(
        learner_client.get(result_url(first))
    )

    second = submit(learner_client, quiz, right=1)
    assert review_shown(learner_client, second)
    assert review_shown(learner_client, first)  # every attempt, now that none is left
