"""The best quiz score in the learner progress report (`lms.reports.columns`): the highest
percentage of the person's submitted attempts at the course's quizzes (quiz pages live under
their course page, so "the course's quizzes" is a tree path prefix)."""

from __future__ import annotations

from django.db.models import DecimalField, Max, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.reports.columns import LEARNER_PROGRESS_COLUMNS_HOOK, ReportColumn

from .models import Attempt, AttemptStatus


def best_score_percent() -> Subquery:
    """On an `Enrollment` queryset: the learner's best score (%) in the course, None without a
    submitted attempt."""
    attempts = Attempt.objects.filter(
        user_id=OuterRef("user_id"),
        status=AttemptStatus.SUBMITTED,
        quiz__path__startswith=OuterRef("course__path"),
    )
    return Subquery(
        attempts.order_by().values("user_id").annotate(best=Max("percent")).values("best"),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )


@hooks.register(LEARNER_PROGRESS_COLUMNS_HOOK)
def best_score_column() -> ReportColumn:
    return ReportColumn(
        "best_score_percent",
        _("Best quiz score (%)"),
        best_score_percent(),
        summary_label=_("Average best quiz score (%)"),
    )
