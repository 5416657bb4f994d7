"""A database error in the middle of a quiz submission leaves nothing half done: the attempt is
still open with its answers, no item rows, no audit entry, no progress or completion, no
certificate; submitting again grades it once. The error is raised by the real database
connection (`connection.execute_wrapper`) on a chosen statement of `submit_attempt`."""

import pytest
from django.db import OperationalError, connection
from wagtail.models import PageLogEntry

from certificates.models import Certificate
from lms import services as lms_services
from lms.models import Enrollment
from quizzes import services
from quizzes.models import Attempt, AttemptItem, AttemptStatus
from tests.quizzes.helpers import answers, form_data, result_url, submit_url

# The statements to fail: (first word, table, a column it writes).
ITEM_ROWS = ("INSERT", AttemptItem._meta.db_table, "question_key")
COMPLETION = ("UPDATE", Enrollment._meta.db_table, "completed_at")


@pytest.fixture
def attempt(learner, certifying_quiz):
    """The learner's open attempt, the first answer saved (a reload would resume it)."""
    lms_services.enroll(user=learner, course=certifying_quiz.get_parent())
    attempt = services.start_attempt(quiz=certifying_quiz, user=learner)
    first = str(attempt.snapshot[0]["id"])
    services.save_answers(
        attempt_id=attempt.pk, user=learner, answers={first: answers(attempt)[first]}
    )
    attempt.refresh_from_db()
    return attempt


class DatabaseFault:
    """Fail the first `statement` (first word, table, column: see above), as a lost connection
    or a full disk would; every other statement runs on the real database."""

    def __init__(self, statement: tuple[str, str, str]):
        self.verb, self.table, self.column = statement
        self.raised = 0

    def matches(self, sql: str) -> bool:
        # "INSERT OR IGNORE INTO" on SQLite, "INSERT INTO … ON CONFLICT" on PostgreSQL.
        head = sql.lstrip()[:200]
        return head.startswith(self.verb) and f'"{self.table}"' in head and self.column in sql

    def __call__(self, execute, sql, params, many, context):
        if not self.raised and self.matches(sql):
            self.raised += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def assert_nothing_recorded(attempt, learner):
    """The attempt is as it was before the submission, and nothing followed from it."""
    now = Attempt.objects.get(pk=attempt.pk)
    assert (now.status, now.submitted_at, now.score, now.results) == (
        AttemptStatus.IN_PROGRESS,
        None,
        None,
        attempt.results,
    )
    assert now.answers == attempt.answers  # the answers saved before are kept
    assert not AttemptItem.objects.exists()
    assert not PageLogEntry.objects.filter(action="cds_quizzes.attempt.submit").exists()
    enrollment = Enrollment.objects.get(user=learner)
    assert (enrollment.completed_at, enrollment.progress_percent) == (None, 0)
    assert not Certificate.objects.exists()


def assert_graded_once(attempt, learner):
    graded = Attempt.objects.get()
    assert (graded.pk, graded.number, graded.status) == (attempt.pk, 1, AttemptStatus.SUBMITTED)
    assert graded.passed
    assert AttemptItem.objects.filter(attempt=graded).count() == len(attempt.snapshot)
    assert PageLogEntry.objects.filter(action="cds_quizzes.attempt.submit").count() == 1
    assert Enrollment.objects.get(user=learner).is_completed
    assert Certificate.objects.filter(user=learner).count() == 1


@pytest.mark.parametrize("statement", [ITEM_ROWS, COMPLETION], ids=["item-rows", "completion"])
def test_a_database_error_mid_submit_leaves_the_attempt_open_and_a_retry_grades_it_once(
    learner, attempt, statement, django_capture_on_commit_callbacks
):
    # Given the database fails on one statement in the middle of the submission
    fault = DatabaseFault(statement)

    # When the learner submits, the service raises the database's error
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        connection.execute_wrapper(fault),
        pytest.raises(OperationalError),
    ):
        services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=answers(attempt))

    # Then nothing of the submission was kept, and nothing was queued to follow it
    assert fault.raised == 1
    assert callbacks == []
    assert_nothing_recorded(attempt, learner)

    # When the learner submits again, the database answering again
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=answers(attempt))

    # Then the attempt is graded once, the course completed once, with one certificate
    assert_graded_once(attempt, learner)


def test_the_submit_page_fails_cleanly_and_submitting_again_works(
    client, learner, attempt, django_capture_on_commit_callbacks
):
    # Given the learner's browser, and a database failing while item rows are written
    client.force_login(learner)
    client.raise_request_exception = False
    fault = DatabaseFault(ITEM_ROWS)

    # When the learner presses "Submit"
    with connection.execute_wrapper(fault):
        response = client.post(submit_url(attempt), form_data(attempt))

    # Then the page says the server failed and nothing was recorded, with no traceback
    assert fault.raised == 1
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Không nộp được bài do sự cố máy chủ" in response.content.decode()
    assert b"Traceback" not in response.content and b"OperationalError" not in response.content
    assert_nothing_recorded(attempt, learner)

    # When the learner presses "Submit" again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(attempt), form_data(attempt))

    # Then the result is shown, graded once
    assert response.status_code == 302 and response.url == result_url(attempt)
    assert_graded_once(attempt, learner)
