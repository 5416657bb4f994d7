"""Template helpers of the course pages."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """90 → "1 h 30 min": a course's or lesson's estimated time, in the person's language."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.filter
def seconds_duration(seconds: int | None) -> str:
    """90 → "1 min 30 s": how long a lesson's automatic completion waits."""
    minutes, rest = divmod(int(seconds or 0), 60)
    if not minutes:
        return ngettext("%(seconds)d second", "%(seconds)d seconds", rest) % {"seconds": rest}
    if not rest:
        return ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
    return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}
