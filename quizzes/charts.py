"""A horizontal bar chart drawn on the server as SVG: the geometry here, the markup in
``quizzes/includes/bar_chart.html``. No JavaScript, nothing to download.

Widths are percentages of the chart's width and heights are pixels, so the chart fills any
column without scaling its text: labels stay readable on a phone. Long labels wrap over a few
lines (the full text is in the table that goes with every chart).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# Pixels. A label line, the gap under the labels, a bar, and the space between two rows.
LINE_HEIGHT = 20
LABEL_GAP = 6
BAR_HEIGHT = 22
ROW_GAP = 16
# The longest bar takes this share of the width; the rest is room for its percentage.
MAX_BAR_PERCENT = Decimal("78")
# Characters per label line (about 300 px of a 15 px font: a phone's width), and lines at most.
LABEL_WIDTH = 36
LABEL_LINES = 3


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: Decimal
    lines: list[str]
    label_y: int  # baseline of the first label line
    bar_y: int  # top of the bar
    width: str  # of the bar, in % of the chart ("0.00" to "78.00"), unlocalised for SVG
    value_x: str  # where the percentage starts, in %
    value_y: int  # baseline of the percentage, centred on the bar
    highlighted: bool


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    line_height: int = LINE_HEIGHT
    bar_height: int = BAR_HEIGHT
    track_width: str = f"{MAX_BAR_PERCENT:.2f}"  # the full length of a bar, in %


def wrap_label(text: str) -> list[str]:
    lines = textwrap.wrap(text, LABEL_WIDTH) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_WIDTH - 1].rstrip() + "…"
    return lines


def bar_chart(
    rows: Iterable[tuple[str, int, Decimal]], *, highlight: int | None = None
) -> BarChart:
    """Lay out one bar per (label, value, percent) row, in the order given; the row at index
    `highlight` (the person's own choice) is drawn in another colour."""
    bars: list[Bar] = []
    y = 0
    for index, (label, value, percent) in enumerate(rows):
        lines = wrap_label(label)
        label_y = y + LINE_HEIGHT - 5  # baseline a little above the line's bottom
        bar_y = y + LINE_HEIGHT * len(lines) + LABEL_GAP
        width = (MAX_BAR_PERCENT * percent / 100).quantize(Decimal("0.01"))
        bars.append(
            Bar(
                label=label,
                value=value,
                percent=percent,
                lines=lines,
                label_y=label_y,
                bar_y=bar_y,
                width=f"{width:.2f}",
                value_x=f"{width + 1:.2f}",
                value_y=bar_y + BAR_HEIGHT - 6,
                highlighted=index == highlight,
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return BarChart(bars=bars, height=max(y - ROW_GAP, 0))
