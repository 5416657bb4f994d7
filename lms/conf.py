"""App settings of `lms`, each read lazily from Django settings with the `LMS_` prefix.

Read them as ``from lms.conf import lms_settings; lms_settings.PRIVACY_NOTICE_VERSION`` so that
``override_settings`` in tests takes effect.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULTS: dict[str, Any] = {
    # Version of the privacy notice a person consents to at registration; bump it when the
    # notice changes so that consent can be asked again.
    "PRIVACY_NOTICE_VERSION": "2026-12",
    # Whether a person with no recorded consent at all (an account imported by their unit or
    # made in the admin, processed for the unit's public duties) is also asked to agree at the
    # next visit, as people whose recorded version is older than the current one always are.
    "PRIVACY_ASK_UNRECORDED_CONSENT": False,
    # Years after the last login (or the registration, for who never logged in) after which
    # `manage.py purge_inactive_personal_data` anonymises a learner account; None or 0 keeps
    # accounts for good. Staff accounts are never purged.
    "PERSONAL_DATA_RETENTION_YEARS": None,
    # Name of the training programme, shown in the footer of every public page. The site's
    # own name (in the header) is Wagtail's WAGTAIL_SITE_NAME.
    "PROGRAMME_NAME": _("Digital transformation training programme"),
    # Largest learner import accepted, in bytes and in data rows.
    "IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 50_000,
    # Largest size an XLSX import may unpack to (all its zip members, uncompressed), in bytes.
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 100 * 1024 * 1024,
    # Where the "Courses" link of the main navigation points: the path of the site's course
    # catalogue. A setting rather than a page lookup, so that no page pays a query for it.
    "CATALOGUE_URL": "/courses/",
    # The same for the "News" link: the path of the site's article index ("" hides the link).
    "NEWS_URL": "/news/",
    # The page model of courses, as "app_label.ModelName": what an article's related-course
    # block chooses from (lms names it without importing the app that defines it).
    "COURSE_PAGE_MODEL": "cds_courses.CoursePage",
    # Blocks other apps add to article bodies, after the built-in ones: (name, dotted path of
    # a block class or factory), e.g. [("poll", "quizzes.blocks.PollBlock")]. Read once, when
    # `lms.articles.blocks` is imported; run makemigrations after changing it.
    "EXTRA_ARTICLE_BLOCKS": [],
    # Articles on each page of the news index (an article index page).
    "ARTICLES_PER_PAGE": 12,
    # Seconds a public page stays in the cache for visitors who are not logged in
    # (`lms.page_cache`, which says what is cached and when it is cleared); 0 turns it off.
    "PAGE_CACHE_SECONDS": 300,
    # Cookies that never change what a page shows (e.g. an analytics id). A request carrying a
    # cookie other than these, the CSRF cookie and the language cookie is never cached.
    "PAGE_CACHE_IGNORED_COOKIES": [],
    # Longest search accepted at /search/, in characters (after whitespace is collapsed): a
    # longer one gets a message instead of a search, so that pasted pages cost no work.
    "SEARCH_MAX_QUERY_LENGTH": 200,
    # Rate limits (`lms.ratelimits`): per action, per key kind ("ip", "user", "username",
    # "email"), a django-ratelimit rate ("5/m"; None: no limit). A project's entry for an
    # action replaces that action's defaults. The per-IP rates leave room for a class that
    # shares one address (the Wi-Fi of a district hall) logging in or checking in at once; the
    # per-username/email rates are what stop a guesser.
    "RATE_LIMITS": {
        "login": {"ip": "30/m", "username": "5/m"},
        "register": {"ip": "20/h"},
        "password_reset": {"ip": "5/h", "email": "3/h"},
        "check_in": {"ip": "60/m", "user": "20/m"},
    },
    # Proxies in front of the application that append the client's address to
    # X-Forwarded-For (a load balancer: 1). 0: the client is REMOTE_ADDR (`lms.ratelimits`).
    "TRUSTED_PROXY_COUNT": 0,
}


class AppSettings:
    """One app's settings: `prefix` + name in Django settings, else the documented default.

    Every app of the library makes one (`courses_settings = AppSettings("COURSES_", DEFAULTS)`).
    """

    def __init__(self, prefix: str, defaults: dict[str, Any]) -> None:
        self.prefix = prefix
        self.defaults = defaults

    def __getattr__(self, name: str) -> Any:
        if name not in self.defaults:
            raise AttributeError(f"Unknown setting {self.prefix}{name}")
        return getattr(settings, self.prefix + name, self.defaults[name])


lms_settings = AppSettings("LMS_", DEFAULTS)
