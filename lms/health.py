"""Health checks for load balancers, orchestrators and monitoring.

Two views, routed by the site (the reference site: ``/healthz`` and ``/healthz/live``):

- `readiness` — can this web process serve? It checks the database (``SELECT 1``), the default
  cache (a write and a read back) and the task queue (how many tasks wait to run and how long
  the oldest has waited) and answers JSON, 200 when all is well and 503 when the database or
  the cache fails or the oldest waiting task has waited longer than `LMS_HEALTH_MAX_TASK_AGE`
  seconds (no worker is running, or the workers cannot keep up)::

      {"status": "ok",
       "checks": {"database": {"ok": true, "ms": 0.4},
                  "cache": {"ok": true, "ms": 0.3},
                  "tasks": {"ok": true, "backend": "database", "pending": 0,
                            "oldest_pending_seconds": 0, "max_age_seconds": 300}}}

  With a backend that keeps no queue (django-tasks' immediate backend of the demo) the tasks
  check says which backend it is and is healthy. A failing check names the exception class
  only; the details go to the log (they may name hosts), never to the response.
- `liveness` — is the process up at all? ``{"status": "ok"}``, touching neither the database
  nor the cache: a process manager restarts a web process that stops answering it, and a
  database outage must not make every web process look dead.

Neither answer holds personal data, and both are sent with ``Cache-Control: no-store``; the
anonymous page cache (`lms.page_cache`) never looks them up, so /healthz still answers (503)
when the cache is down.

The database task backend (django-tasks-db) is optional: it is imported only when it is the
backend in use.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from .conf import AppSettings

logger = logging.getLogger(__name__)

health_settings = AppSettings(
    "LMS_",
    {
        # /healthz answers 503 when the oldest task waiting to run (in the database backend)
        # has waited longer than this, in seconds.
        "HEALTH_MAX_TASK_AGE": 300,
    },
)

Check = dict[str, Any]


def _timed(probe: Callable[[], Check], failure: str) -> Check:
    """Run `probe`, adding how long it took; a raised exception makes a failed check (logged
    with `failure` and its traceback; the answer names only the exception class)."""
    started = time.perf_counter()
    try:
        result = probe()
    except Exception as exc:
        logger.exception(failure)
        return {"ok": False, "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database(alias: str = DEFAULT_DB_ALIAS) -> Check:
    """One round trip to the database."""

    def probe() -> Check:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True}

    return _timed(probe, "Health check: the database did not answer")


def check_cache(alias: str = "default") -> Check:
    """A value written to the cache and read back (then deleted)."""

    def probe() -> Check:
        cache = caches[alias]
        key = f"cds_lms:health:{uuid.uuid4().hex}"
        token = uuid.uuid4().hex
        cache.set(key, token, timeout=30)
        ok = cache.get(key) == token
        cache.delete(key)
        return {"ok": ok} if ok else {"ok": False, "error": "ValueNotReadBack"}

    return _timed(probe, "Health check: the cache did not answer")


def backend_kind(backend: object) -> str:
    """A short name for a task backend: "database", "immediate", "dummy" or its class name."""
    name = type(backend).__name__
    known = {"DatabaseBackend": "database", "ImmediateBackend": "immediate"}
    return known.get(name, name.removesuffix("Backend").lower() or name)


def check_tasks(alias: str = DEFAULT_TASK_BACKEND_ALIAS) -> Check:
    """How many tasks wait to run and how long the oldest has waited (database backend)."""
    backend = task_backends[alias]
    kind = backend_kind(backend)
    if not type(backend).__module__.startswith("django_tasks_db."):
        # The immediate backend runs a task inside the request: there is no queue to watch.
        return {"ok": True, "backend": kind}
    max_age = int(health_settings.HEALTH_MAX_TASK_AGE)

    def probe() -> Check:
        oldest, pending = _oldest_pending(backend.alias)
        age = max(0, round((timezone.now() - oldest).total_seconds())) if oldest else 0
        return {
            "ok": age <= max_age,
            "backend": kind,
            "pending": pending,
            "oldest_pending_seconds": age,
            "max_age_seconds": max_age,
        }

    return _timed(probe, "Health check: the task queue could not be read")


def _oldest_pending(backend_name: str) -> tuple[datetime | None, int]:
    """Since when the longest-waiting runnable task has waited, and how many wait: one query.

    A task waits from when it was enqueued or, when it was deferred (`run_after`), from when it
    became due: a task deferred by a day is not a day late when its time comes.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    found = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend_name)
        .aggregate(pending=Count("pk"), oldest=Min(waiting_since))
    )
    return found["oldest"], found["pending"]


def health_report() -> tuple[bool, dict[str, Any]]:
    """Every check, and whether all passed."""
    checks = {"database": check_database(), "cache": check_cache(), "tasks": check_tasks()}
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "fail", "checks": checks}


@never_cache
@require_safe
def readiness(request: HttpRequest) -> JsonResponse:
    """Database, cache and task queue: 200 when all are well, else 503 (see the module)."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
def liveness(request: HttpRequest) -> JsonResponse:
    """The process answers: no database, no cache."""
    return JsonResponse({"status": "ok"})
