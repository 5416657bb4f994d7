"""Background work of `certificates`, run by django-tasks (immediately in tests and the demo).

Tasks take ids, never model instances, and do their work through `certificates.services`.
"""

import datetime
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task

from . import services
from .models import Certificate, RenderState

logger = logging.getLogger(__name__)


@task()
def issue_certificate_task(enrollment_id: int) -> int:
    """Issue the certificate of a completed enrollment; returns the certificate's id."""
    return services.issue_certificate(enrollment_id=enrollment_id).pk


@task()
def render_certificate_pdf(certificate_id: int) -> str:
    """Render and store the PDF of a certificate; returns its render state.

    A failure is recorded on the certificate (state "failed", attempts, error) and raised,
    so the task result shows it; the certificate itself is kept and the render can be queued
    again (`services.retry_failed_renders()`). When this run makes the PDF ready, the holder
    is emailed; a mail failure is logged and does not fail the render.
    """
    was_ready = Certificate.objects.filter(
        pk=certificate_id, render_state=RenderState.READY
    ).exists()
    state = services.render_pdf(certificate_id=certificate_id).render_state
    if state == RenderState.READY and not was_ready:
        try:
            services.send_ready_email(certificate_id=certificate_id)
        except Exception:
            logger.exception("Emailing the holder of certificate %s failed", certificate_id)
    return state


# --- bulk issue (admin screens and command) ------------------------------------------------


# A worker killed in the middle of a bulk issue (kill -9, out of memory, a lost host) leaves its
# task "running" in django_tasks_db for ever: nothing retries it. The certificates it issued are
# whole (each one commits alone, with its serial and audit entry; the one in flight rolls back
# with its serial), so running the task again finishes the batch without duplicates. To know
# that a "running" task has lost its worker, the task holds a PostgreSQL advisory lock, keyed
# by its id, on its own connection while it runs: the server drops it when that connection
# dies. `requeue_lost_bulk_issues()` (command `resume_bulk_issues`, from cron or before the
# workers start) puts each running bulk issue whose lock is free back in the queue, the same
# task record, so it ends "successful" with the counts of the run that finished it.


def _run_lock_key(task_id: str) -> int:
    """A signed 64-bit advisory lock key for a task id."""
    return int.from_bytes(
        hashlib.sha256(f"cds-bulk-issue:{task_id}".encode()).digest()[:8], "big", signed=True
    )


def _holds_run_locks() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _run_lock(task_id: str) -> Iterator[None]:
    """Hold the task's advisory lock (PostgreSQL) while the body runs."""
    if not _holds_run_locks():
        yield
        return
    key = _run_lock_key(task_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _worker_is_gone(task_id: str) -> bool:
    """Whether no connection holds the run lock of the task (PostgreSQL only)."""
    key = _run_lock_key(task_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (free,) = cursor.fetchone()
        if free:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    return free


@task(takes_context=True)
def bulk_issue_certificates(
    context: TaskContext, course_id: int, unit_id: int | None = None, by_id: int | None = None
) -> dict:
    """Issue every missing certificate of a course (optionally one unit's subtree); returns
    the counts of this run. Idempotent: re-running it, e.g. after a killed worker, issues
    nothing twice (see `requeue_lost_bulk_issues`)."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    with _run_lock(str(context.task_result.id)):
        summary = services.bulk_issue(course_id=course_id, unit_id=unit_id, by=by)
    return {"issued": summary.issued, "failed": summary.failed}


def requeue_lost_bulk_issues(*, stale_after: datetime.timedelta | None = None) -> list[str]:
    """Put back in the queue the bulk issues of the database task backend that are marked
    running but whose worker is gone; returns their task ids.

    On PostgreSQL a worker is gone when the task's run lock is free (it is taken as the task
    starts, so a task claimed a moment ago may be requeued and run twice: harmless, the
    issuing constraint decides). Other databases cannot tell: a task running for longer than
    `stale_after` is taken for lost, and none without it.
    """
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import normalize_uuid  # the task id as the task sees it

    running = DBTaskResult.objects.running().filter(task_path=bulk_issue_certificates.module_path)
    if not _holds_run_locks():
        if stale_after is None:
            return []
        running = running.filter(started_at__lt=timezone.now() - stale_after)
    requeued = []
    for pk in running.values_list("pk", flat=True):
        if _holds_run_locks() and not _worker_is_gone(normalize_uuid(pk)):
            continue
        # The status condition: a task another resume (or a finishing worker) moved on is left.
        if DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        ):
            logger.warning("Bulk certificate issue %s lost its worker: queued again", pk)
            requeued.append(str(pk))
    return requeued
