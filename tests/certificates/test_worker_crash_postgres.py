"""A task worker killed in the middle of a bulk issue, then restarted, finishes the batch: one
certificate per learner, serials without a gap, one audit entry each, and the job's record
"successful". Real `manage.py db_worker` processes (the database task backend, as in
production) run against the test database; the test kills the first one with SIGKILL."""

import os
import re
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, SerialCounter
from certificates.tasks import bulk_issue_certificates
from lms.models import Enrollment
from tests.certificates.conftest import complete
from tests.certificates.test_concurrency_postgres import no_automatic_issue  # noqa: F401
from tests.factories import LearnerProfileFactory

REPO = Path(__file__).resolve().parents[2]
LEARNERS = 60
BLOCKED_AT = 30  # the worker is stopped (then killed) while issuing the 30th certificate
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url() -> str:
    """The URL of the test database this test runs on, for the worker processes."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = ":" + urllib.parse.quote(db["PASSWORD"], safe="") if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def start_worker(log: Path, *options: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lmssite.settings.test_worker",
        "DATABASE_URL": database_url(),
    }
    command = [sys.executable, str(REPO / "manage.py"), "db_worker", "--no-startup-delay"]
    with log.open("w") as out:  # the worker writes to its own copy of the file handle
        return subprocess.Popen(
            [*command, "--interval", "0.05", *options],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting until {what}; worker log:\n{log.read_text()}")


def session_waiting_on_a_lock() -> int | None:
    """The server process id of the database session waiting on a lock, if one is."""
    with connection.cursor() as cursor:
        # Within a transaction the server answers from a snapshot of the sessions: renew it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND wait_event_type = 'Lock'"
        )
        rows = cursor.fetchall()
    assert len(rows) <= 1
    return rows[0][0] if rows else None


def end_session(pid: int) -> None:
    """End a database session and wait until it is gone (its transaction rolled back)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    pytest.fail(f"the database session {pid} did not end")


def resume() -> str:
    out = StringIO()
    call_command("resume_bulk_issues", stdout=out)
    return out.getvalue()


@pytest.fixture
def learners(province, course, no_automatic_issue):  # noqa: F811
    """60 learners who completed the course, none certified yet."""
    users = [LearnerProfileFactory(unit=province["department"]).user for _ in range(LEARNERS)]
    for user in users:
        complete(user, course)
    return users


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the worker is a second process on the same test database, "
    "and its crash is detected by a PostgreSQL advisory lock",
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_bulk_issue_then_restarted_finishes_without_duplicates_or_gaps(
    learners, course, tmp_path
):
    # Given a bulk issue of the course queued in the database
    with override_settings(TASKS=DATABASE_TASKS):
        job = bulk_issue_certificates.enqueue(course.pk)
    enrollments = list(Enrollment.objects.filter(course=course).order_by("pk"))
    first_log, second_log = tmp_path / "worker-1.log", tmp_path / "worker-2.log"

    # When a worker runs it, and is held in the middle of one certificate's transaction (its
    # serial taken, its row not committed: the 30th enrollment is locked here, and Django's
    # foreign keys are checked as the transaction commits)
    with transaction.atomic():
        Enrollment.objects.select_for_update().get(pk=enrollments[BLOCKED_AT - 1].pk)
        worker = start_worker(first_log)
        try:
            session = wait_for(
                lambda: (
                    Certificate.objects.count() == BLOCKED_AT - 1 and session_waiting_on_a_lock()
                ),
                timeout=30,
                what=f"{BLOCKED_AT - 1} certificates are issued and the worker waits",
                log=first_log,
            )
            # (a live worker's job is never queued again)
            assert resume() == "0 bulk certificate issue(s) queued again.\n"
        finally:
            # and the worker dies: SIGKILL, no cleanup of any kind; its database session ends
            # before the transaction commits, as when its host is lost
            worker.kill()
            worker.wait(timeout=10)
        end_session(session)

    # Then the job stays "running", with the certificates issued before the crash
    assert DBTaskResult.objects.get(pk=job.id).status == TaskResultStatus.RUNNING
    assert Certificate.objects.count() == BLOCKED_AT - 1

    # When the job is resumed (the server has dropped the dead session, with its locks), and
    # a worker is started again
    wait_for(
        lambda: resume() == "1 bulk certificate issue(s) queued again.\n",
        timeout=10,
        what="the dead worker's job is queued again",
        log=first_log,
    )
    worker = start_worker(second_log, "--max-tasks", "1")
    try:
        assert worker.wait(timeout=30) == 0, second_log.read_text()
    finally:
        worker.kill()

    # Then every learner has one certificate, the serials follow each other without a gap
    # (the crashed transaction gave its number back), each issue is in the audit log once
    certificates = list(Certificate.objects.order_by("serial"))
    assert Counter(c.user_id for c in certificates) == Counter({u.pk: 1 for u in learners})
    numbers = [int(re.fullmatch(r"TB-\d{4}-(\d{6})", c.serial).group(1)) for c in certificates]
    assert numbers == list(range(1, LEARNERS + 1))
    assert SerialCounter.objects.get().last == LEARNERS
    issued = ModelLogEntry.objects.filter(action="cds_certificates.certificate.issue")
    assert Counter(int(e.object_id) for e in issued) == Counter({c.pk: 1 for c in certificates})
    # and the job's record says it finished, run by two workers, the second issuing the rest
    record = DBTaskResult.objects.get(pk=job.id)
    assert record.status == TaskResultStatus.SUCCESSFUL, record.traceback
    assert len(record.worker_ids) == 2
    assert record.return_value == {"issued": LEARNERS - (BLOCKED_AT - 1), "failed": 0}
    # and nothing is left to resume
    assert resume() == "0 bulk certificate issue(s) queued again.\n"


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL tells a lost worker by its advisory lock (the test above)",
)
@pytest.mark.django_db
def test_without_advisory_locks_only_a_bulk_issue_running_too_long_is_queued_again():
    # Given two bulk issues marked running: one started 2 hours ago, one a minute ago
    now = timezone.now()
    with override_settings(TASKS=DATABASE_TASKS):
        old, recent = (bulk_issue_certificates.enqueue(pk) for pk in (1, 2))
    for job, started in ((old, now - timedelta(hours=2)), (recent, now - timedelta(minutes=1))):
        DBTaskResult.objects.filter(pk=job.id).update(
            status=TaskResultStatus.RUNNING, started_at=started
        )

    # When the command runs without a limit, nothing can be told lost
    assert resume() == "0 bulk certificate issue(s) queued again.\n"

    # When it runs with a limit of an hour, the old one is queued again, the recent one left
    out = StringIO()
    call_command("resume_bulk_issues", "--stale-after-minutes", "60", stdout=out)
    assert out.getvalue() == "1 bulk certificate issue(s) queued again.\n"
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status == {
        uuid.UUID(old.id): TaskResultStatus.READY,
        uuid.UUID(recent.id): TaskResultStatus.RUNNING,
    }
