"""Issuing races on a real PostgreSQL server: threads with their own connections."""

import re

import pytest
from django.db import connection
from django_tasks import TaskResultStatus

from certificates import services
from certificates.models import Certificate, CertificateStatus
from certificates.tasks import issue_certificate_task
from tests.certificates.conftest import complete
from tests.courses.test_concurrency_postgres import run_at_once
from tests.factories import LearnerProfileFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to lose",
)


@pytest.fixture
def no_automatic_issue():
    """Complete courses without the automatic certificate, so the threads do the issuing."""
    from certificates.signals import on_course_completed
    from lms.signals import course_completed

    course_completed.disconnect(dispatch_uid="cds_certificates_issue")
    yield
    course_completed.connect(on_course_completed, dispatch_uid="cds_certificates_issue")


@pytest.fixture
def no_render(monkeypatch):
    """The races are about the records; rendering 20 PDFs would only slow the test."""
    monkeypatch.setattr(services, "_enqueue_render", lambda certificate_id: None)


def through_the_service(enrollment_id: int) -> int:
    return services.issue_certificate(enrollment_id=enrollment_id).pk


def through_the_task(enrollment_id: int) -> int:
    """The door of the completion signal (and of a worker): the task, run where it is queued
    by the immediate backend; a failure would be recorded on its result, not raised."""
    result = issue_certificate_task.enqueue(enrollment_id)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result.return_value


@pytest.mark.parametrize("issue", [through_the_service, through_the_task])
@pytest.mark.django_db(transaction=True)
def test_twenty_issues_of_one_enrollment_at_once_give_one_valid_certificate(
    province, course, no_automatic_issue, no_render, issue
):
    user = LearnerProfileFactory(unit=province["department"]).user
    enrollment = complete(user, course)
    results = []
    run_at_once(*[lambda: results.append(issue(enrollment.pk)) for _ in range(20)])
    assert Certificate.objects.filter(status=CertificateStatus.VALID).count() == 1
    assert Certificate.objects.count() == 1
    assert set(results) == {Certificate.objects.get().pk}


@pytest.mark.django_db(transaction=True)
def test_twenty_learners_issued_at_once_get_twenty_unique_serials(
    province, course, no_automatic_issue, no_render
):
    enrollments = [
        complete(LearnerProfileFactory(unit=province["department"]).user, course) for _ in range(20)
    ]
    run_at_once(
        *[(lambda pk=e.pk: services.issue_certificate(enrollment_id=pk)) for e in enrollments]
    )
    serials = list(Certificate.objects.values_list("serial", flat=True))
    assert len(serials) == 20 and len(set(serials)) == 20
    assert all(re.match(r"^TB-\d{4}-\d{6}$", s) for s in serials)


@pytest.mark.django_db(transaction=True)
def test_a_bulk_issue_racing_single_issues_gives_one_certificate_each_and_unique_serials(
    province, course, no_automatic_issue, no_render
):
    # Given 20 learners who completed the course
    enrollments = [
        complete(LearnerProfileFactory(unit=province["department"]).user, course) for _ in range(20)
    ]

    # When a bulk issue of the course runs while 10 of them are issued one by one, at once
    run_at_once(
        lambda: services.bulk_issue(course_id=course.pk),
        *[(lambda pk=e.pk: services.issue_certificate(enrollment_id=pk)) for e in enrollments[::2]],
    )

    # Then each learner has one valid certificate, and no serial is used twice
    holders = list(Certificate.objects.values_list("user_id", flat=True))
    assert sorted(holders) == sorted(e.user_id for e in enrollments)
    serials = list(Certificate.objects.values_list("serial", flat=True))
    assert len(set(serials)) == len(serials) == 20
