"""Settings for the test suite: fast hashing, immediate tasks, in-memory mail."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# One folder per xdist worker (PYTEST_XDIST_WORKER is gw0, gw1, ...; unset in a single process).
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
# As in base.py (the "simple" config keeps every folded word on PostgreSQL).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the live server of the browser tests
    # answers requests in threads (autosave and submit can overlap), and with an in-memory
    # database they would all share one connection and its transaction state.
    # TEST_SQLITE_NAME gives runs side by side a file each.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TEST_SQLITE_NAME") or str(VAR_DIR / "test-db.sqlite3")
    }

# The query-count tests measure rendering: the anonymous page cache would answer their second
# request without a query. Its own tests switch it on.
LMS_PAGE_CACHE_SECONDS = 0
