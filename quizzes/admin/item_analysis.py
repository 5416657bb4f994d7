"""The quiz item analysis report in the admin: one row per question of a quiz (share fully
and partly correct, average score, discrimination, the most chosen wrong answer), filtered by
quiz, unit, learner category and submission dates, with Wagtail's CSV/XLSX export.

The scope is the attempts' scope: unit managers see the attempts of learners in the subtrees
they manage, site administrators and superusers every attempt. Seeing it needs the attempts'
view permission (``cds_quizzes.view_attempt``, given to the Unit manager and Site administrator
roles), like the attempts listing it sums up. A filter the form refuses (a unit outside the
scope, a date range that ends before it starts) shows its message and no rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button

from lms.admin.units import UnitFilter, units_visible_to
from lms.models import LearnerCategory
from lms.reports.base import LmsReportView
from lms.reports.learner_progress import OrderedDateRangeFilter
from lms.reports.urls import report_paths

from ..item_analysis import ItemRow, item_analysis, quizzes_in_scope
from ..models import AttemptItem, QuizPage

REPORT_PERMISSION = "cds_quizzes.view_attempt"


def item_analysis_url(quiz_id: int | None = None) -> str:
    url = reverse("cds_quizzes_item_analysis:index")
    return f"{url}?quiz={quiz_id}" if quiz_id else url


class ItemAnalysisFilterSet(WagtailFilterSet):
    # The filters only validate the choices: `item_analysis()` applies them (the rows are
    # sums, not a queryset).
    quiz = django_filters.ModelChoiceFilter(
        label=_("Quiz"),
        queryset=lambda request: quizzes_in_scope(request.user),
        empty_label=_("All"),
        method="keep",
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
        method="keep",
        help_text=_("Attempts of learners of the unit and of every unit below it."),
    )
    category = django_filters.ChoiceFilter(
        label=_("Learner category"),
        choices=LearnerCategory.choices,
        empty_label=_("All"),
        method="keep",
    )
    submitted = OrderedDateRangeFilter(
        label=_("Submitted between"), widget=DateRangePickerWidget, method="keep"
    )

    class Meta:
        model = AttemptItem
        fields: list[str] = []

    def keep(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{number_format(value, decimal_pos=1)}%"


def _wrong_answer(row: ItemRow) -> str:
    if not row.wrong_answer_count:
        return "—"
    return f"{row.wrong_answer} ({row.wrong_answer_count})"


class ItemAnalysisReportView(LmsReportView):
    page_title = _("Quiz item analysis")
    exports_personal_data = False  # figures per question
    header_icon = "help"
    explanation = _(
        "One row per question, over the submitted attempts of learners in your units. Shares "
        "are of the attempts that had the question; an unanswered question counts as wrong. "
        "Partly correct is shown for multiple choice questions with partial credit. The "
        "discrimination index is the correlation of the question's score with the score on "
        "the rest of the attempt: near 1, learners who did well overall got it right; near 0 "
        "or below, the question does not tell strong learners from weak ones. It is empty "
        "when everyone scored the same on the question. The most chosen wrong answer is "
        "counted for single choice and true or false questions."
    )
    index_url_name = "cds_quizzes_item_analysis:index"
    index_results_url_name = "cds_quizzes_item_analysis:results"
    filterset_class = ItemAnalysisFilterSet
    paginate_by = 100
    export_filename = "quiz-item-analysis"
    list_export = [
        "quiz_title",
        "question",
        "kind_label",
        "attempts",
        "answered",
        "correct_percent",
        "partly_percent",
        "average_percent",
        "discrimination",
        "wrong_answer",
        "wrong_answer_count",
    ]
    export_headings = {
        "quiz_title": _("Quiz"),
        "question": _("Question"),
        "kind_label": _("Kind"),
        "attempts": _("Attempts"),
        "answered": _("Answered"),
        "correct_percent": _("Fully correct (%)"),
        "partly_percent": _("Partly correct (%)"),
        "average_percent": _("Average score (%)"),
        "discrimination": _("Discrimination index"),
        "wrong_answer": _("Most chosen wrong answer"),
        "wrong_answer_count": _("Times chosen"),
    }
    report_permission = REPORT_PERMISSION

    def get_queryset(self) -> list[ItemRow]:
        if self.filters is None:
            return item_analysis(user=self.request.user)
        # Wagtail ignores filters that do not validate; a report must rather show nothing
        # than rows the person did not ask for (another unit's, or every date's).
        if not self.filters.is_valid():
            return []
        data = self.filters.form.cleaned_data
        quiz = data.get("quiz")
        return item_analysis(
            user=self.request.user,
            quiz_id=quiz.pk if quiz else None,
            unit=data.get("unit"),
            category=data.get("category") or None,
            submitted=data.get("submitted"),
        )

    def get_filtered_queryset(self) -> list[ItemRow]:
        return self.get_queryset()

    @cached_property
    def columns(self) -> list:
        return [
            Column("quiz_title", label=_("Quiz")),
            Column("question", label=_("Question")),
            Column("kind_label", label=_("Kind")),
            Column("attempts", label=_("Attempts")),
            Column("answered", label=_("Answered")),
            Column(
                "correct_percent",
                label=_("Fully correct"),
                accessor=lambda row: _percent(row.correct_percent),
            ),
            Column(
                "partly_percent",
                label=_("Partly correct"),
                accessor=lambda row: _percent(row.partly_percent),
            ),
            Column(
                "average_percent",
                label=_("Average score"),
                accessor=lambda row: _percent(row.average_percent),
            ),
            Column(
                "discrimination",
                label=_("Discrimination"),
                accessor=lambda row: (
                    "—"
                    if row.discrimination is None
                    else number_format(row.discrimination, decimal_pos=2)
                ),
            ),
            Column("wrong_answer", label=_("Most chosen wrong answer"), accessor=_wrong_answer),
        ]


# --- wiring (registered in `quizzes.wagtail_hooks`) -----------------------------------------

urlpatterns = report_paths("", ItemAnalysisReportView, "index", results_name="results")


class ItemAnalysisMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REPORT_PERMISSION)


def menu_item() -> MenuItem:
    """The report's item in the Reports menu."""
    return ItemAnalysisMenuItem(
        _("Quiz item analysis"),
        reverse("cds_quizzes_item_analysis:index"),
        name="quiz-item-analysis",
        icon_name="help",
        order=1320,
    )


def page_listing_buttons(page: Any, user: Any, next_url: str | None = None) -> Any:
    """An "Item analysis" button in a quiz's "More" menu of the page explorer, where quizzes are
    listed under their course."""
    if page.specific_class is QuizPage and user.has_perm(REPORT_PERMISSION):
        yield Button(_("Item analysis"), item_analysis_url(page.pk), icon_name="help", priority=45)
