"""Settings shared by every environment of the reference site."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # the repository root
VAR_DIR = BASE_DIR / "var"  # SQLite file and media of the embedded default
VAR_DIR.mkdir(exist_ok=True)

INSTALLED_APPS = [
    "home",
    "certificates",
    "quizzes",
    "courses",
    "lms",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    # The database backend's tables, everywhere: production runs tasks through it (with
    # `manage.py db_worker`); the demo and the tests keep the immediate backend (TASKS below).
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Public pages for visitors who are not logged in, from the cache. After the language and
    # CSRF middlewares, before the user and messages ones: see lms/page_cache.py.
    "lms.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A changed privacy notice is agreed to again before anything else (lms/privacy).
    "lms.privacy.middleware.ConsentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lmssite.urls"
WSGI_APPLICATION = "lmssite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["lms.auth_backends.UsernameOrEmailBackend"]

# Every form that sets a password runs these: registration, password change and reset, and
# the Wagtail admin's user forms. 12 characters: accounts of public servants hold personal
# data of others (managers' reports), and a passphrase is easier to remember than symbols.
# The similarity check also compares the learner's full name without diacritics; the length
# check has a message of its own (Django 5.2's is not translated to Vietnamese).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "lms.password_validation.FullNameSimilarityValidator"},
    {
        "NAME": "lms.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The client address every rate limit counts (django-ratelimit's key="ip" included): see
# lms.ratelimits.client_ip and LMS_TRUSTED_PROXY_COUNT.
RATELIMIT_IP_META_KEY = "lms.ratelimits.client_ip"

LOGIN_URL = "lms:login"
LOGIN_REDIRECT_URL = "lms:dashboard"
LOGOUT_REDIRECT_URL = "/"

# Vietnamese first, English available; dates shown as dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lmssite.formats"]
LOCALE_PATHS = [SITE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root even when unused
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sessions read from the cache (local memory here, Redis in production), written through to
# the database: one query less on every logged-in page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "dao-tao@example.gov.vn"

WAGTAIL_SITE_NAME = _("Digital transformation training")
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Search: Wagtail's database backend (FTS5 on SQLite, full text on PostgreSQL). The library
# indexes text folded to ASCII words (lms.search.folding); PostgreSQL must keep every word as
# it is: the default ("english") config drops stop words such as "so" (số, sổ, sở) and stems
# the others. SQLite ignores SEARCH_CONFIG. Run `manage.py update_index` after changing it.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents up to 20 MB, whose content must fit their name (no program renamed .pdf).
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lms.documents.DocumentForm"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads: images (certificate seals, signatures, covers) up to 5 MB and 40 megapixels, in
# the formats the PDF renderer draws too (no SVG: it can carry scripts; no AVIF).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Lessons may hold a poll (quizzes adds the block; courses does not import quizzes).
COURSES_EXTRA_LESSON_BLOCKS = [("poll", "quizzes.blocks.PollBlock")]
LMS_EXTRA_ARTICLE_BLOCKS = [("poll", "quizzes.blocks.PollBlock")]
