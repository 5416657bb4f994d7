"""The home page's live figures: learners, completed courses, certificates issued this year.

Counting them takes three queries over the largest tables of the site, so they are counted at
most once per `HOME_FIGURES_CACHE_SECONDS` (a Django setting of the reference site; 300 s by
default) and kept in Django's default cache as one dict: a normal request reads the cache and
runs no count at all. The figures are therefore up to that many seconds old (and, for
visitors who are not logged in, up to `LMS_PAGE_CACHE_SECONDS` more, the age of the cached
page), which is fine for numbers that only show how far the programme has come.

The key holds the version of the dict's shape (bump `CACHE_VERSION` when it changes) and the
current year in the site's time zone, so that on the 1st of January the certificates of the new
year are counted at once rather than when last year's figures expire.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from certificates.models import Certificate
from lms.models import Enrollment, LearnerProfile

CACHE_VERSION = 1
DEFAULT_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Figures:
    """What the home page shows of the programme's progress."""

    learners: int  # learner profiles
    completions: int  # enrollments completed (a course completed by one person)
    certificates_this_year: int  # issued this year and not revoked or replaced (valid, expired)
    year: int  # the year in the site's time zone


def cache_seconds() -> int:
    """How long the counted figures are kept (the `HOME_FIGURES_CACHE_SECONDS` setting)."""
    return getattr(settings, "HOME_FIGURES_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)


def local_year(now: datetime.datetime | None = None) -> int:
    """The current year in the site's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(now or timezone.now(), timezone.get_default_timezone()).year


def cache_key(year: int) -> str:
    return f"cds_site_home:figures:v{CACHE_VERSION}:{year}"


def count_figures(year: int) -> Figures:
    """Count the figures now: three queries."""
    zone = timezone.get_default_timezone()
    starts = datetime.datetime(year, 1, 1, tzinfo=zone)
    ends = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    # An expired certificate is stored as valid (its status is computed from expires_at), so
    # "valid" covers valid and expired alike; revoked and replaced ones do not count.
    certificates = Certificate.objects.valid().filter(issued_at__gte=starts, issued_at__lt=ends)
    return Figures(
        learners=LearnerProfile.objects.count(),
        completions=Enrollment.objects.filter(completed_at__isnull=False).count(),
        certificates_this_year=certificates.count(),
        year=year,
    )


def home_figures(now: datetime.datetime | None = None) -> Figures:
    """The figures from the cache; counted (and cached) when missing or expired."""
    year = local_year(now)
    key = cache_key(year)
    cached = cache.get(key)
    if cached is not None:
        return Figures(**cached)
    figures = count_figures(year)
    cache.set(key, asdict(figures), cache_seconds())
    return figures
