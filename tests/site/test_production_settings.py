"""The production settings (site/lmssite/settings/production.py), read in a fresh process as a
web host reads them: everything from the environment, `check --deploy` clean, a clear stop
when a required variable is missing, S3 media when a bucket is named, JSON logs, and the
gunicorn configuration (site/gunicorn.conf.py) taken from the environment too."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from lmssite.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")
# Variables of the production settings that the test's own environment must not leak in.
READ_BY_SETTINGS = (
    *REQUIRED,
    "DJANGO_SETTINGS_MODULE",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "CONN_MAX_AGE",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "LOG_LEVEL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_BIND",
    # Set by the browser tests' fixtures in this process (Playwright's event loop); a web host
    # never has it, and `check --deploy` rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


@pytest.fixture
def prod_env(tmp_path):
    """A web host's environment: the required variables set, nothing else of ours."""
    env = {k: v for k, v in os.environ.items() if k not in READ_BY_SETTINGS}
    env.update(
        DJANGO_SETTINGS_MODULE="lmssite.settings.production",
        SECRET_KEY="c2f8e1a7-production-check-9b4d3f6a0e5c7b2d8a1f4e6c9b3d5a7f",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/1",
        ALLOWED_HOSTS="daotao.example.gov.vn",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(env: dict, *names: str) -> dict:
    """The values of some settings, as the production settings compute them from `env`."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    done = manage(env, "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing(prod_env):
    done = manage(prod_env, "check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNING" not in done.stderr + done.stdout


@pytest.mark.parametrize("name", REQUIRED)
def test_a_missing_required_variable_stops_with_its_name(prod_env, name):
    del prod_env[name]

    done = manage(prod_env, "check")

    assert done.returncode != 0
    assert f"The environment variable {name} is required" in done.stderr


def test_services_come_from_the_environment(prod_env):
    prod_env.update(
        DATABASE_URL="postgres://lms:pw@db.internal:5432/lms",
        CONN_MAX_AGE="120",
        LOG_LEVEL="warning",
    )

    found = settings_of(prod_env, "DATABASES", "CACHES", "TASKS", "SESSION_ENGINE", "LOGGING")

    database = found["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db.internal", "lms", "lms")
    assert database["CONN_MAX_AGE"] == 120 and database["CONN_HEALTH_CHECKS"] is True
    cache = found["CACHES"]["default"]
    assert cache["BACKEND"] == "lms.redis_cache.RedisCache"  # Django's, one client per pool
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert found["LOGGING"]["root"]["level"] == "WARNING"


def test_https_redirect_can_be_switched_off_for_the_loopback(prod_env):
    assert settings_of(prod_env, "SECURE_SSL_REDIRECT")["SECURE_SSL_REDIRECT"] is True

    prod_env["SECURE_SSL_REDIRECT"] = "0"

    assert settings_of(prod_env, "SECURE_SSL_REDIRECT")["SECURE_SSL_REDIRECT"] is False


def test_http_is_redirected_to_https_but_the_health_checks_are_not(prod_env):
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='daotao.example.gov.vn'); "
        "print(c.get('/courses/').status_code, c.get('/healthz/live').status_code)"
    )

    done = manage(prod_env, "shell", "-c", code)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "301 200"


def test_media_on_local_disk_without_a_bucket(prod_env, tmp_path):
    found = settings_of(prod_env, "STORAGES", "MEDIA_ROOT")

    assert found["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert found["MEDIA_ROOT"] == str(tmp_path / "media")
    assert found["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_media_on_s3_compatible_storage_when_a_bucket_is_named(prod_env):
    prod_env.update(
        AWS_STORAGE_BUCKET_NAME="lms-media", AWS_S3_ENDPOINT_URL="https://s3.example.vn"
    )

    storage = settings_of(prod_env, "STORAGES")["STORAGES"]["default"]

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "lms-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.vn"
    assert storage["OPTIONS"]["querystring_auth"] is True  # private files, signed URLs


def test_the_s3_storage_is_built_from_those_settings(prod_env):
    prod_env.update(
        AWS_STORAGE_BUCKET_NAME="lms-media", AWS_S3_ENDPOINT_URL="https://s3.example.vn"
    )
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location)"
    )

    done = manage(prod_env, "shell", "-c", code)

    assert done.returncode == 0, done.stderr
    last_line = done.stdout.strip().splitlines()[-1]
    assert last_line.split() == ["S3Storage", "lms-media", "https://s3.example.vn", "media"]


# --- logs ------------------------------------------------------------------------------------


def test_a_failed_request_is_logged_as_one_json_line():
    request = RequestFactory().post("/learning/quizzes/3/submit/?secret=1")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            (request.path,),
            sys.exc_info(),
            extra={"status_code": 500, "request": request},
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /learning/quizzes/3/submit/"
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        "/learning/quizzes/3/submit/",
        500,
    )
    assert "RuntimeError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
    assert "secret" not in line  # no query string


# --- gunicorn --------------------------------------------------------------------------------


def test_gunicorn_takes_its_settings_from_the_environment(prod_env):
    prod_env.update(WEB_CONCURRENCY="3", GUNICORN_THREADS="4", GUNICORN_BIND="127.0.0.1:8109")

    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "site/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=prod_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    config = dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in done.stdout.splitlines())
    )
    assert config["workers"] == "3"
    assert config["threads"] == "4"
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "['127.0.0.1:8109']"
    assert config["wsgi_app"] == "lmssite.wsgi:application"
    assert config["preload_app"] == "True"
    assert config["max_requests"] == "1000" and config["max_requests_jitter"] == "100"
