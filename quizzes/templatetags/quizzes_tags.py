"""Template helpers of the learner's quiz pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def percent(value: Decimal | int | None) -> str:
    """66.67 → "66.67%" ("66,67%" in Vietnamese); 70.00 → "70%"; None → ""."""
    if value is None:
        return ""
    return _("%(value)s%%") % {"value": floatformat(value, "-2")}


@register.filter
def points(value: Decimal | str | int | None) -> str:
    """1.00 → "1 point", 2.50 → "2.50 points", in the person's language."""
    number = Decimal(str(value or 0))
    text = floatformat(number, "-2")
    return ngettext("%(points)s point", "%(points)s points", 1 if number == 1 else 2) % {
        "points": text
    }


@register.filter
def number(value: Decimal | str | int | None) -> str:
    """1.00 → "1", 2.50 → "2.50" (with the decimal separator of the language)."""
    return floatformat(Decimal(str(value or 0)), "-2")


@register.filter
def clock(seconds: int | None) -> str:
    """754 → "12:34", 3754 → "1:02:34": the time left of an attempt, before the script runs."""
    hours, rest = divmod(int(seconds or 0), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"
