"""Template tags of the public pages: the site's and the programme's names, without queries."""

from django import template
from django.conf import settings
from django.utils.translation import gettext as _

from lms.conf import lms_settings

register = template.Library()


@register.simple_tag
def lms_site_name() -> str:
    """The site's name from Wagtail's `WAGTAIL_SITE_NAME` (may be a lazy, translated string)."""
    return str(getattr(settings, "WAGTAIL_SITE_NAME", "") or _("Learning platform"))


@register.simple_tag
def lms_programme_name() -> str:
    """The training programme's name (`LMS_PROGRAMME_NAME`)."""
    return str(lms_settings.PROGRAMME_NAME)


@register.simple_tag
def lms_catalogue_url() -> str:
    """Where the main navigation's "Courses" link points (`LMS_CATALOGUE_URL`)."""
    return str(lms_settings.CATALOGUE_URL)


@register.simple_tag
def lms_news_url() -> str:
    """Where the main navigation's "News" link points (`LMS_NEWS_URL`; empty: no link)."""
    return str(lms_settings.NEWS_URL)


@register.filter
def lms_startswith(value: object, prefix: object) -> bool:
    """`request.path|lms_startswith:url`: marks the navigation link of the current section."""
    return bool(prefix) and str(value).startswith(str(prefix))
