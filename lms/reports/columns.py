"""Columns of the learner progress report that other apps know how to compute.

`lms` knows enrollments, not quizzes, sessions or certificates (dependencies point down), so
the apps that do register a function with the ``lms_learner_progress_columns`` hook. Each
function returns a `ReportColumn` whose `annotation` is a Django expression evaluated on an
`Enrollment` queryset, usually a `Subquery` correlated on ``OuterRef("user_id")`` and
``OuterRef("course_id")``: the report stays one query whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wagtail import hooks

#: Register a function returning a `ReportColumn` with this hook.
LEARNER_PROGRESS_COLUMNS_HOOK = "lms_learner_progress_columns"


@dataclass(frozen=True)
class ReportColumn:
    """A column of the learner progress report.

    `name` is the annotation's name (unique among the columns, and not an `Enrollment` field),
    `label` the heading (lazy translated), `annotation` the expression on an `Enrollment`
    queryset (a number, a `Decimal` or a text; None for an empty cell). With `summary_label`,
    the course summary also shows the average of the annotation over each course's enrollments
    under that heading.
    """

    name: str
    label: Any
    annotation: Any
    summary_label: Any = None


def learner_progress_columns() -> list[ReportColumn]:
    """The registered columns, in hook order. The functions run on every call, so an
    annotation may depend on the moment (a certificate past its expiry, for instance)."""
    return [column_function() for column_function in hooks.get_hooks(LEARNER_PROGRESS_COLUMNS_HOOK)]
