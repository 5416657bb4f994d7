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
    "PRIVACY_NOTICE_VERSION": "2026-01",
    # Name of the training programme, shown in the footer of every public page. The site's
    # own name (in the header) is Wagtail's WAGTAIL_SITE_NAME.
    "PROGRAMME_NAME": _("Digital transformation training programme"),
    # Largest learner import accepted, in bytes and in data rows.
    "IMPORT_MAX_BYTES": 10 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 50_000,
    # Where the "Courses" link of the main navigation points: the path of the site's course
    # catalogue. A setting rather than a page lookup, so that no page pays a query for it.
    "CATALOGUE_URL": "/courses/",
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
