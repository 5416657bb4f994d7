"""gunicorn settings of the reference site's web process.

Run from the repository root, with the production settings' environment (see the README's
"Deployment" section):

    .venv/bin/gunicorn -c site/gunicorn.conf.py

Every value below can be set from the environment; the defaults suit one web host behind a load
balancer that ends TLS. `make serve-prod` runs it on this machine with a task worker.
"""

import multiprocessing
import os
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent
# The project package (lmssite) and the home app live in site/ (a package named `site` would
# shadow Python's own module): make them importable, as manage.py does.
if str(SITE_DIR) not in sys.path:
    sys.path.insert(0, str(SITE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lmssite.settings.production")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# The WSGI application (so that no module argument is needed on the command line).
wsgi_app = "lmssite.wsgi:application"
proc_name = "cds-lms-web"

# Address to listen on. 0.0.0.0:8000 on a web host: the load balancer connects to it, and only
# the load balancer should be able to (the site trusts its X-Forwarded-Proto header).
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Worker processes. WEB_CONCURRENCY is the conventional name; the default, 2 × CPU cores + 1,
# is gunicorn's own advice for a site that waits on its database. Each worker (× threads)
# keeps one PostgreSQL connection open (CONN_MAX_AGE): size PostgreSQL's max_connections for
# every web host and worker.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)

# Threads per worker. 1 runs gunicorn's sync worker (one request at a time per process, the
# simplest and most predictable); more than 1 switches to the threaded worker (gthread), which
# keeps a process busy while a request waits on PostgreSQL or Redis.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that runs longer than this (seconds) gets its worker killed and restarted. Long
# work (PDFs, imports, bulk issue) runs in the task workers, never in a request.
timeout = _int("GUNICORN_TIMEOUT", 30)

# On SIGTERM or a restart, workers finish the requests they hold for up to this long.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Seconds to keep an idle client connection open (threaded worker only; the sync worker
# closes each connection). Keep it below the load balancer's idle timeout.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Restart a worker after this many requests (plus a random 0..jitter, so that the workers do
# not all restart at once): bounds the memory a slow leak can take. 0 turns it off.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Load Django once in the master, then fork the workers: they start faster and share the
# memory of the loaded code. A new release needs a restart (not a HUP) to load new code.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# The heartbeat files of the workers in memory rather than on a disk that may stall.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# gunicorn 25+ opens a control socket (for `gunicornc`) at one path per user by default, where
# a second gunicorn of the same user would collide: off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def when_ready(server) -> None:
    """With preload_app, finish loading in the master before the workers are forked: the URL
    configuration (it imports every view module) and the translation catalogues. Otherwise
    each worker pays for them on its first request (a second or more, seen in the load test)."""
    if not server.cfg.preload_app:
        return
    from django.conf import settings
    from django.db import connections
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - importing is the point
    for code, _name in settings.LANGUAGES:
        translation.activate(code)  # loads and keeps the language's catalogues
    translation.deactivate()
    connections.close_all()  # a connection must never be shared by forked workers


# Logs: gunicorn's own messages and one line per request, as JSON lines on stdout (the same
# shape as Django's, lmssite.logging.JsonFormatter). GUNICORN_ACCESS_LOG=0 keeps the request
# lines out (the load balancer may log them already).
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_access = os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lmssite.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"level": loglevel.upper(), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO" if _access else "WARNING",
            "handlers": ["stdout"],
            "propagate": False,
        },
    },
}
