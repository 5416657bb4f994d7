"""Charts of the managers' dashboard, drawn on the server as inline SVG.

No JavaScript and no chart library: each chart is a small SVG with a <title>, a <desc> and
``role="img"`` plus an ``aria-label``, so a screen reader announces what it shows. The page puts
a table of the same numbers next to every chart, for those who need the figures themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

# Geometry of the bar chart (in SVG user units, scaled by the viewBox).
_LABEL_WIDTH = 180
_PLOT_WIDTH = 320
_BAR_HEIGHT = 22
_BAR_GAP = 8
_TOP = 24

# Geometry of the line chart.
_LINE_WIDTH = 520
_LINE_HEIGHT = 200
_LINE_LEFT = 40
_LINE_BOTTOM = 30


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float


def _shorten(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    rows: Sequence[Bar], *, required: float | None = None, title: str | None = None
) -> SafeString:
    """Completion % by unit, one horizontal bar per row, with the required share as a dashed
    vertical line."""
    title = title or gettext("Completion by unit")
    description = gettext("Share of people who completed the target, by unit.")
    if required is not None:
        description += " " + gettext("The dashed line marks the required %(percent)s%%.") % {
            "percent": f"{required:g}"
        }
    height = _TOP + len(rows) * (_BAR_HEIGHT + _BAR_GAP) + 8
    width = _LABEL_WIDTH + _PLOT_WIDTH + 60
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#2f6fb3"></rect>'
        '<text x="{}" y="{}" font-size="12">{}%</text>',
        (
            (
                _LABEL_WIDTH - 6,
                _TOP + i * (_BAR_HEIGHT + _BAR_GAP) + _BAR_HEIGHT * 0.7,
                _shorten(row.label),
                _LABEL_WIDTH,
                _TOP + i * (_BAR_HEIGHT + _BAR_GAP),
                round(_PLOT_WIDTH * min(max(row.percent, 0), 100) / 100, 1),
                _BAR_HEIGHT,
                _LABEL_WIDTH + round(_PLOT_WIDTH * min(max(row.percent, 0), 100) / 100, 1) + 4,
                _TOP + i * (_BAR_HEIGHT + _BAR_GAP) + _BAR_HEIGHT * 0.7,
                f"{row.percent:g}",
            )
            for i, row in enumerate(rows)
        ),
    )
    line = SafeString("")
    if required is not None:
        x = _LABEL_WIDTH + round(_PLOT_WIDTH * required / 100, 1)
        line = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b3261e" stroke-width="2" '
            'stroke-dasharray="6 4"></line>'
            '<text x="{}" y="14" text-anchor="middle" font-size="12" fill="#b3261e">{}%</text>',
            x,
            _TOP - 6,
            x,
            height - 4,
            x,
            f"{required:g}",
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'style="max-width: {}px" role="img" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}{}</svg>",
        width,
        height,
        width,
        title,
        title,
        description,
        bars,
        line,
    )


def week_starts(today: datetime.date, weeks: int = 12) -> list[datetime.date]:
    """The Mondays of the last `weeks` weeks, the current one last."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def line_chart(
    points: Sequence[tuple[datetime.date, int]],
    *,
    title: str | None = None,
    description: str | None = None,
) -> SafeString:
    """A count per week (completions unless told otherwise): one point per (week's Monday,
    count), joined by a line."""
    title = title or gettext("Completions per week")
    description = description or gettext(
        "Number of course completions in each of the last %(weeks)s weeks."
    ) % {"weeks": len(points)}
    top = max([count for _week, count in points] + [1])
    plot_width = _LINE_WIDTH - _LINE_LEFT - 20  # room for the last week's label
    plot_height = _LINE_HEIGHT - _LINE_BOTTOM - 20
    step = plot_width / max(len(points) - 1, 1)

    def xy(i: int, count: int) -> tuple[float, float]:
        return (
            round(_LINE_LEFT + i * step, 1),
            round(20 + plot_height * (1 - count / top), 1),
        )

    coordinates = [xy(i, count) for i, (_week, count) in enumerate(points)]
    polyline = " ".join(f"{x},{y}" for x, y in coordinates)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="#2f6fb3"></circle>',
        coordinates,
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>',
        (
            (x, _LINE_HEIGHT - 10, week.strftime("%d/%m"))
            for (x, _y), (week, _count) in zip(coordinates, points, strict=True)
        ),
    )
    baseline = _LINE_HEIGHT - _LINE_BOTTOM
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'style="max-width: {}px" role="img" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>"
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#767676"></line>'
        '<text x="{}" y="24" text-anchor="end" font-size="10">{}</text>'
        '<text x="{}" y="{}" text-anchor="end" font-size="10">0</text>'
        '<polyline points="{}" fill="none" stroke="#2f6fb3" stroke-width="2"></polyline>'
        "{}{}</svg>",
        _LINE_WIDTH,
        _LINE_HEIGHT,
        _LINE_WIDTH,
        title,
        title,
        description,
        _LINE_LEFT,
        baseline,
        _LINE_WIDTH - 10,
        baseline,
        _LINE_LEFT - 6,
        top,
        _LINE_LEFT - 6,
        baseline,
        polyline,
        dots,
        labels,
    )
