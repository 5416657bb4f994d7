"""Quiz races on a real PostgreSQL server: threads with their own connections, released
together by a barrier (`run_at_once`)."""

import pytest
from django.db import connection
from wagtail.models import PageLogEntry

from certificates.models import Certificate
from lms import services as lms_services
from lms.models import Enrollment
from lms.signals import course_completed
from quizzes import services
from quizzes.models import Attempt, AttemptItem, AttemptStatus
from tests.courses.test_concurrency_postgres import run_at_once
from tests.quizzes.helpers import answers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to lose",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 10


@pytest.fixture
def completions():
    """The `course_completed` signals sent during the test."""
    sent = []
    course_completed.connect(lambda sender, **kw: sent.append(kw), weak=False, dispatch_uid="t")
    yield sent
    course_completed.disconnect(dispatch_uid="t")


def test_one_attempt_submitted_from_ten_threads_at_once_is_graded_once(
    learner, certifying_quiz, completions
):
    # Given a learner enrolled in the course, with an attempt answered all right
    lms_services.enroll(user=learner, course=certifying_quiz.get_parent())
    attempt = services.start_attempt(quiz=certifying_quiz, user=learner)
    given = answers(attempt)
    results = []

    # When the same attempt is submitted from 10 threads at the same instant
    run_at_once(
        *[
            lambda: results.append(
                services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=given)
            )
            for _ in range(THREADS)
        ]
    )

    # Then it is graded once: one grade, one set of item rows, one audit entry, its number kept
    graded = Attempt.objects.get()
    assert (graded.pk, graded.number, graded.status) == (attempt.pk, 1, AttemptStatus.SUBMITTED)
    assert graded.passed and graded.percent == 100
    assert {(r.pk, r.percent, r.submitted_at) for r in results} == {
        (graded.pk, graded.percent, graded.submitted_at)
    }
    assert AttemptItem.objects.filter(attempt=graded).count() == len(attempt.snapshot)
    assert PageLogEntry.objects.filter(action="cds_quizzes.attempt.submit").count() == 1
    # and the course is completed once, with one certificate
    assert Enrollment.objects.get().is_completed
    assert len(completions) == 1
    assert Certificate.objects.filter(user=learner).count() == 1


def test_one_quiz_started_from_ten_threads_at_once_opens_one_attempt(learner, certifying_quiz):
    # Given an enrolled learner who has not started the quiz
    lms_services.enroll(user=learner, course=certifying_quiz.get_parent())
    started = []

    # When 10 requests start it at the same instant (double clicks, tabs, a reload)
    run_at_once(
        *[
            lambda: started.append(services.start_attempt(quiz=certifying_quiz, user=learner).pk)
            for _ in range(THREADS)
        ]
    )

    # Then there is one attempt, open, number 1, and every request answers with it
    attempt = Attempt.objects.get()
    assert (attempt.status, attempt.number) == (AttemptStatus.IN_PROGRESS, 1)
    assert started == [attempt.pk] * THREADS
