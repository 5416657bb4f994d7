"""Erasure races on a real PostgreSQL server: threads with their own connections."""

import pytest
from django.db import connection

from lms.models import ErasureRequest, PersonalDataAccess
from lms.privacy import services
from lms.privacy.exceptions import ErasureAlreadyRequested
from tests.courses.test_concurrency_postgres import run_at_once
from tests.factories import LearnerProfileFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to lose",
)


@pytest.mark.django_db(transaction=True)
def test_ten_requests_at_once_make_one_pending_request(province):
    user = LearnerProfileFactory(unit=province["department"]).user
    refused = []

    def ask():
        try:
            services.request_erasure(user=user)
        except ErasureAlreadyRequested:
            refused.append(1)

    run_at_once(*[ask for _ in range(10)])

    assert ErasureRequest.objects.filter(user=user, status="pending").count() == 1
    assert len(refused) == 9


@pytest.mark.django_db(transaction=True)
def test_ten_approvals_at_once_erase_once(province):
    user = LearnerProfileFactory(unit=province["department"]).user
    admin = UserFactory(username="root-race", is_staff=True, is_superuser=True)
    erasure = services.request_erasure(user=user)
    results = []

    run_at_once(*[lambda: results.append(services.approve_erasure(request=erasure, by=admin))] * 10)

    assert sorted(results) == [False] * 9 + [True]
    assert PersonalDataAccess.objects.filter(action="erasure_approved").count() == 1
