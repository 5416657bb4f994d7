"""Health checks (lms.health): /healthz answers JSON, 200 when the database, the cache and the
task queue are well and 503 when one is not; /healthz/live answers without the database or
the cache; neither is ever cached.

The cache checks use the real Redis at 127.0.0.1:6379 (database 1). Without a Redis server
those tests are skipped with the reason printed, except in CI (CI=true) or with
REQUIRE_REDIS=1, where a missing Redis fails them.
"""

import os
import socket
import uuid
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
# Nothing listens on port 1: connecting is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def send_reminder(registration_id: int) -> None:
    """A task for the queue: enqueued only, never run (no worker runs in the tests)."""


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            # A key prefix of its own: nothing of another test run is read or cleared.
            "KEY_PREFIX": f"cds-test-health-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0},
        }
    }


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def real_redis(settings):
    """The default cache in the real Redis (database 1)."""
    if not _redis_answers():
        reason = "no Redis server at 127.0.0.1:6379"
        if os.environ.get("CI") or os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason} (CI or REQUIRE_REDIS=1)", pytrace=False)
        pytest.skip(reason)
    settings.CACHES = redis_cache(REDIS_URL)


@pytest.fixture
def page_cache_on(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS
    settings.LMS_HEALTH_MAX_TASK_AGE = 300


def health(client: Client, path: str = "/healthz"):
    response = client.get(path)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


# --- healthy -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_healthy_site_answers_200_with_each_check(client, real_redis):
    response, body = health(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    # The demo's immediate backend keeps no queue: said so, and healthy.
    assert body["checks"]["tasks"] == {"ok": True, "backend": "immediate"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_task_queue_is_reported_with_the_database_backend(client, real_redis, database_tasks):
    send_reminder.enqueue(registration_id=1)

    response, body = health(client)

    assert response.status_code == 200
    tasks = body["checks"]["tasks"]
    assert tasks["backend"] == "database" and tasks["ok"] is True
    assert tasks["pending"] == 1
    assert 0 <= tasks["oldest_pending_seconds"] < 60
    assert tasks["max_age_seconds"] == 300


# --- unhealthy: 503 ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unreachable_cache_answers_503(client, settings, page_cache_on):
    # Given the cache in a Redis that refuses connections (and the page cache on, which would
    # read the cache before any view if it did not leave /healthz alone)
    settings.CACHES = redis_cache(UNREACHABLE_REDIS)

    response, body = health(client)

    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"]["ok"] is True
    # The exception's class only: its message (hosts, ports) goes to the log, not to visitors
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_a_failing_database_answers_503(client, real_redis, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response, body = health(client)

    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True
    assert "server closed" not in response.content.decode()


@pytest.mark.django_db
def test_a_task_waiting_longer_than_the_limit_answers_503_with_its_age(
    client, real_redis, database_tasks
):
    # Given a task enqueued ten minutes ago that no worker has taken (limit: five minutes)
    result = send_reminder.enqueue(registration_id=7)
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    send_reminder.enqueue(registration_id=8)  # and a fresh one

    response, body = health(client)

    assert response.status_code == 503
    tasks = body["checks"]["tasks"]
    assert tasks["ok"] is False
    assert tasks["pending"] == 2
    assert 595 <= tasks["oldest_pending_seconds"] <= 660
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


@pytest.mark.django_db
def test_only_tasks_due_and_waiting_count(client, real_redis, database_tasks):
    now = timezone.now()
    # Deferred to tomorrow: not due, not late
    send_reminder.using(run_after=now + timedelta(days=1)).enqueue(registration_id=1)
    # Enqueued a day ago, deferred to a minute ago: it has waited a minute, not a day
    deferred = send_reminder.using(run_after=now - timedelta(minutes=1)).enqueue(registration_id=2)
    DBTaskResult.objects.filter(id=deferred.id).update(enqueued_at=now - timedelta(days=1))
    # Old, but already taken by a worker, or finished
    for status in ("RUNNING", "SUCCESSFUL"):
        old = send_reminder.enqueue(registration_id=3)
        DBTaskResult.objects.filter(id=old.id).update(
            status=status, enqueued_at=now - timedelta(days=2)
        )

    response, body = health(client)

    assert response.status_code == 200
    tasks = body["checks"]["tasks"]
    assert tasks["pending"] == 1
    assert 55 <= tasks["oldest_pending_seconds"] <= 120


# --- never cached --------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_never_served_from_the_page_cache(
    client, real_redis, page_cache_on, django_assert_num_queries
):
    health(client)

    # The second request checks the database again (SELECT 1) rather than being replayed
    with django_assert_num_queries(1):
        response, body = health(Client())

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


# --- liveness ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_liveness_touches_neither_the_database_nor_the_cache(
    client, settings, page_cache_on, django_assert_num_queries
):
    # Given a cache that cannot be reached: reading it would raise
    settings.CACHES = redis_cache(UNREACHABLE_REDIS)

    with django_assert_num_queries(0):
        response, body = health(client, "/healthz/live")

    assert response.status_code == 200
    assert body == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
