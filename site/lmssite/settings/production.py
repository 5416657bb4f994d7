"""Production: every secret, address and size comes from the environment.

Required: SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS; a missing one stops the process
at start with a message naming it. The README's "Deployment" section lists every variable, and
`manage.py check --deploy` with these settings reports nothing.

Processes: the web (gunicorn, site/gunicorn.conf.py) and the task workers
(`manage.py db_worker`), each on any number of hosts, all sharing one PostgreSQL and one Redis.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, VAR_DIR


def env(name: str, default: str | None = None, *, required: bool = False) -> str:
    """The environment variable `name`; stop with a clear message if it is required and unset
    (or empty)."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required by the production settings "
            f"(lmssite.settings.production); see the Deployment section of the README."
        )
    return default if default is not None else ""


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, *, required: bool = False) -> list[str]:
    return [item.strip() for item in env(name, required=required).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address in links of mails and of the admin: the first named host unless set.
_FIRST_HOST = next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*"), "localhost")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{_FIRST_HOST}")

# --- database: PostgreSQL (psycopg 3), persistent connections --------------------------------
# A connection is kept for CONN_MAX_AGE seconds (0: one per request) and checked before reuse,
# so a PostgreSQL restart or a failover costs one failed check, not a failed request.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", required=True),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# --- cache and sessions: Redis -------------------------------------------------------------
# One Redis shared by every web process and host: the anonymous page cache (lms.page_cache)
# and its generation number, the rate limits of certificate verification, and sessions.
# Short socket timeouts: with Redis gone, a request (and /healthz) fails in about a second
# instead of hanging until the load balancer gives up.
REDIS_URL = env("REDIS_URL", required=True)
_REDIS_TIMEOUT = float(env("REDIS_TIMEOUT", "1.0"))
# `lms.redis_cache.RedisCache` is Django's Redis backend keeping one client per connection
# pool (Django's makes a client per operation, which costs more than the round trip).
CACHES = {
    "default": {
        "BACKEND": "lms.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cds"),
        "OPTIONS": {
            "socket_connect_timeout": _REDIS_TIMEOUT,
            "socket_timeout": _REDIS_TIMEOUT,
            "health_check_interval": 30,
        },
    }
}
# Sessions are read from Redis and written through to the database ("cached_db", as in base):
# a logged-in page costs no session query, and a Redis restart, flush or eviction (Redis as a
# cache evicts under memory pressure) does not log everybody out in the middle of a quiz.
# The plain "cache" engine would save one write per login and lose every session with Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- background tasks: the database backend, run by `manage.py db_worker` ------------------
# A worker takes a task with SELECT ... FOR UPDATE SKIP LOCKED and marks it running in the same
# transaction, so any number of workers on any number of hosts never run one task twice.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# /healthz fails when the oldest task waiting to run has waited longer than this (seconds).
LMS_HEALTH_MAX_TASK_AGE = env_int("HEALTH_MAX_TASK_AGE", 300)

# --- static files (whitenoise) and media (local disk or S3) --------------------------------
# `manage.py collectstatic --noinput` writes hashed, compressed files to STATIC_ROOT at each
# release; whitenoise serves them with far-future cache headers (the base STORAGES backend).
STATIC_ROOT = env("STATIC_ROOT", str(VAR_DIR / "static"))
MEDIA_ROOT = env("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = env("MEDIA_URL", "/media/")
_STATICFILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Media on local disk are served by the front web server (or the load balancer) from
# MEDIA_ROOT; SERVE_MEDIA=1 lets Django serve them instead: one host, light traffic
# (`make serve-prod`), never with several web hosts (each would have its own disk).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # Media on S3 or an S3-compatible store (MinIO, Ceph, a cloud provider's object storage):
    # needs the `s3` extra (django-storages with boto3). The keys may also come from boto3's
    # own sources (an instance role, ~/.aws); they are read by boto3, not kept here.
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
                "region_name": env("AWS_S3_REGION_NAME") or None,
                "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
                "location": env("AWS_LOCATION", "media"),
                # Uploads are private: files are reached through signed URLs that expire.
                "default_acl": None,
                "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
                "file_overwrite": False,
            },
        },
        "staticfiles": _STATICFILES,
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": _STATICFILES,
    }

# --- HTTPS and security headers ------------------------------------------------------------
# Behind a load balancer that ends TLS and sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER
# names another header, or "off" when nothing stands in front). SECURE_SSL_REDIRECT=0 serves
# plain HTTP (the loopback load test); the health checks are never redirected, so that a load
# balancer may probe a web host over plain HTTP.
_PROXY_SSL_HEADER = env("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
SECURE_PROXY_SSL_HEADER = (
    None
    if _PROXY_SSL_HEADER.lower() in ("0", "off", "none", "false")
    else ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)"]
# The rate limits (lms.ratelimits) count the client's address: with a proxy in front, the one
# it appends to X-Forwarded-For. TRUSTED_PROXY_COUNT: how many proxies append to it (1 with
# the load balancer above, 0 without; more makes the client able to pick its own address).
LMS_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if SECURE_PROXY_SSL_HEADER else 0)
# RATELIMIT_ENABLE=0 switches every rate limit off: only for a load test from one address.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)

# Cookies: over HTTPS only, out of reach of scripts, not sent with cross-site subrequests or
# POSTs. No script of the site or of Wagtail's admin reads the CSRF cookie (they take the token
# from the form's hidden field or from the admin's page config), so it is HttpOnly too.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A login lasts a working day (12 hours), not Django's two weeks: many learners use shared
# computers of a commune office or a training hall.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn the origin at most, never a path (verification codes, reset links); the
# origin is what YouTube's embedded player requires to play a lesson's video.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview marks its own views SAMEORIGIN

# --- Content-Security-Policy (django-csp, lmssite.csp) ------------------------------------
# Public pages: nothing but the site's own scripts, styles, fonts and requests; images also
# from data: URIs and the media storage; frames only from the video hosts of lesson and
# article embeds (CSP_FRAME_SRC, comma-separated origins). The admin gets its own policy.
_DEFAULT_FRAME_SRC = (
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
_FRAME_SRC = env_list("CSP_FRAME_SRC") or _DEFAULT_FRAME_SRC.split(",")


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""


# Where media (images, videos) come from when not from this host (CSP_MEDIA_SRC adds more).
_MEDIA_SRC = env_list("CSP_MEDIA_SRC")
if MEDIA_URL.startswith(("https://", "http://")):
    _MEDIA_SRC.append(_origin(MEDIA_URL))
if AWS_STORAGE_BUCKET_NAME:
    _s3 = STORAGES["default"]["OPTIONS"]
    if _s3["custom_domain"]:
        _MEDIA_SRC.append(f"https://{_s3['custom_domain']}")
    elif _s3["endpoint_url"]:
        # Path-style addressing (MinIO, Ceph); a virtual-hosted store: CSP_MEDIA_SRC.
        _MEDIA_SRC.append(_origin(_s3["endpoint_url"]))
    else:
        _MEDIA_SRC.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if _s3["region_name"]:
            _MEDIA_SRC.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_s3['region_name']}.amazonaws.com"
            )

_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", *_MEDIA_SRC],
        "media-src": [_SELF, *_MEDIA_SRC],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "frame-src": _FRAME_SRC,
        "frame-ancestors": [_NONE],
        "form-action": [_SELF],
        "base-uri": [_SELF],
        "object-src": [_NONE],
        # Over HTTPS only: on the plain-HTTP loopback it would send the browser to a port
        # that does not speak TLS.
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    }
}
# The Wagtail admin (see lmssite/csp.py for why it needs more): inline and evaluated scripts,
# inline styles, images from anywhere over HTTPS (avatars, embed thumbnails), Wagtail's
# release check, and framing by itself (the preview panel). Still no plugins, no foreign forms.
CONTENT_SECURITY_POLICY_ADMIN = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:", "https:", *_MEDIA_SRC],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF, "https://releases.wagtail.org"],
        "frame-src": [_SELF, *_FRAME_SRC],
        "frame-ancestors": [_SELF],
    },
}
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]  # its system checks of the settings
# Outermost after the security middleware: every response gets the header, cached or not.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "lmssite.csp.SiteCSPMiddleware",
)

# --- mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "dao-tao@example.gov.vn")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- logs: JSON lines on stdout ------------------------------------------------------------
# Every record (Django's, the apps', the task worker's) goes to stdout as one JSON object per
# line (lmssite.logging.JsonFormatter), for the process manager or a log collector to keep.
LOG_LEVEL = env("LOG_LEVEL", "INFO").upper()
LOGGING = {
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
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replace Django's default handlers (console when DEBUG, mail to ADMINS) by the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # The worker adds a plain handler only when none is configured: these propagate to
        # the root's JSON handler instead.
        "django_tasks": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django_tasks_db": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
}
