"""Counts per week that other apps add to the managers' training dashboard.

`lms` knows enrollments, not certificates (dependencies point down), so an app that can count
something per week for the people of a unit registers a function with the Wagtail hook
``lms_training_dashboard_weekly_series``. The function takes no argument and returns a
`WeeklySeries`; the dashboard draws each series as a line chart with a table of the same
numbers, over the same weeks as the completions chart::

    from wagtail import hooks

    from lms.targets.series import WEEKLY_SERIES_HOOK, WeeklySeries


    @hooks.register(WEEKLY_SERIES_HOOK)
    def certificates_issued() -> WeeklySeries:
        return WeeklySeries(
            label=_("Certificates issued per week"),
            count_label=_("Certificates issued"),
            description=_("Number of certificates issued in each week."),
            rows=Certificate.objects.valid(),
            moment="issued_at",
            unit_path="user__learner_profile__unit__path",
        )

The series says what to count; the dashboard decides for whom and when: it keeps the rows of
people whose unit lies in the units shown (so a unit manager never sees another unit's
numbers, whatever queryset the app gives) and counts them per week in one grouped query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from wagtail import hooks

from ..models import under

#: Register a function returning a `WeeklySeries` with this hook.
WEEKLY_SERIES_HOOK = "lms_training_dashboard_weekly_series"


@dataclass(frozen=True)
class WeeklySeries:
    """Something counted per week on the training dashboard.

    `label` is the chart's title and its table's caption, `count_label` the heading of the
    table's count column, `description` the chart's longer text for screen readers (all lazy
    translated). `rows` is a queryset of the things to count, one row each; `moment` the name
    of its date-time field that places a row in a week (weeks run Monday to Sunday in the
    site's time zone); `unit_path` the lookup from a row to the tree path of the unit of the
    person it concerns, such as ``"user__learner_profile__unit__path"``.
    """

    label: Any
    count_label: Any
    description: Any
    rows: QuerySet
    moment: str
    unit_path: str


def weekly_series() -> list[WeeklySeries]:
    """The registered series, in hook order. The functions run on every call, so a series'
    queryset is built afresh for each page."""
    return [series_function() for series_function in hooks.get_hooks(WEEKLY_SERIES_HOOK)]


def counts_per_week(
    rows: QuerySet, moment: str, weeks: list[datetime.date]
) -> list[tuple[datetime.date, int]]:
    """How many of `rows` fall in each of `weeks` (their Mondays, oldest first) by the
    date-time field `moment`, in the current time zone. One grouped query."""
    start = timezone.make_aware(datetime.datetime.combine(weeks[0], datetime.time.min))
    counts = {
        row["week"]: row["count"]
        for row in rows.filter(**{f"{moment}__gte": start})
        .annotate(week=TruncWeek(moment, output_field=DateField()))
        .order_by()
        .values("week")
        .annotate(count=Count("pk"))
    }
    return [(week, counts.get(week, 0)) for week in weeks]


def series_counts(
    series: WeeklySeries, paths: list[str], weeks: list[datetime.date]
) -> list[tuple[datetime.date, int]]:
    """The series' count in each of `weeks`, for the people of the units whose tree paths are
    `paths` and the units below them. One query (none for an empty `paths`)."""
    if not paths:
        return [(week, 0) for week in weeks]
    return counts_per_week(series.rows.filter(under(series.unit_path, paths)), series.moment, weeks)
