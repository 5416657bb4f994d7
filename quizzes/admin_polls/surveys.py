"""Surveys in the admin: the survey and course survey snippets, and the awareness gain report
(per agreement question and unit: the average answer before and after the course, and the
difference), filtered by course, survey and unit, with Wagtail's CSV/XLSX export.

The report's scope is the learners' scope: unit managers see the subtrees they manage, site
administrators and superusers every unit. Seeing it needs ``cds_quizzes.view_awareness_report``
(given to the Unit manager and Site administrator roles).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.models import Page
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin.units import UnitFilter
from lms.reports.base import LmsReportView

from ..models import CourseSurvey, Survey, SurveyAnswer
from ..survey_report import GainRow, awareness_gain, report_units

REPORT_PERMISSION = "cds_quizzes.view_awareness_report"


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    menu_order = 200
    list_display = ["title", UpdatedAtColumn()]
    copy_view_enabled = False


class CourseSurveyViewSet(SnippetViewSet):
    model = CourseSurvey
    icon = "link"
    menu_label = _("Course surveys")
    menu_order = 300
    list_display = ["course", "phase", "survey"]
    list_filter = ["phase"]
    copy_view_enabled = False
    search_fields = ["course__title", "survey__title"]
    search_backend_name = None

    def get_queryset(self, request: HttpRequest) -> Any:
        return CourseSurvey.objects.select_related("course", "survey").order_by(
            "course__title", "phase"
        )


# --- the awareness gain report ------------------------------------------------------------


def courses_with_surveys(request: HttpRequest) -> Any:
    return Page.objects.filter(pk__in=CourseSurvey.objects.values("course_id")).order_by("title")


class AwarenessGainFilterSet(WagtailFilterSet):
    # The filters only collect the choices: `awareness_gain()` applies them (the report's
    # rows are computed, not a queryset).
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=courses_with_surveys, empty_label=_("All"), method="keep"
    )
    survey = django_filters.ModelChoiceFilter(
        label=_("Survey"),
        queryset=Survey.objects.order_by("title"),
        empty_label=_("All"),
        method="keep",
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: report_units(request.user),
        method="keep",
        help_text=_("The unit and the units right below it, each with everything under it."),
    )

    class Meta:
        model = SurveyAnswer
        fields = []

    def keep(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = number_format(value, decimal_pos=2)
    return f"+{text}" if value > 0 else text


def _average(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=2)


def _unit_label(row: GainRow) -> str:
    return f"\u00a0\u00a0\u00a0\u00a0↳ {row.unit}" if row.unit_level else row.unit


class AwarenessGainReportView(LmsReportView):
    page_title = _("Awareness gain")
    exports_personal_data = False  # averages per question
    header_icon = "pick"
    explanation = _(
        "Averages of the agreement questions, from 1 (strongly disagree) to 5 (strongly "
        "agree), in the survey before the course and in the one after it. A unit's figures "
        "include every unit below it; the units right below the chosen unit have a row of "
        "their own. Use the filters to choose a course, a survey or a unit."
    )
    index_url_name = "cds_quizzes_reports:awareness_gain"
    index_results_url_name = "cds_quizzes_reports:awareness_gain_results"
    filterset_class = AwarenessGainFilterSet
    paginate_by = 100
    list_export = [
        "survey_title",
        "question",
        "unit_code",
        "unit",
        "pre_count",
        "pre_average",
        "post_count",
        "post_average",
        "difference",
    ]
    export_headings = {
        "survey_title": _("Survey"),
        "question": _("Question"),
        "unit_code": _("Unit code"),
        "unit": _("Unit"),
        "pre_count": _("Answers before"),
        "pre_average": _("Average before"),
        "post_count": _("Answers after"),
        "post_average": _("Average after"),
        "difference": _("Difference"),
    }
    export_filename = "awareness-gain"
    report_permission = REPORT_PERMISSION

    def get_queryset(self) -> list[GainRow]:
        data: dict[str, Any] = {}
        if self.filters and self.filters.is_valid():
            data = self.filters.form.cleaned_data
        course, survey = data.get("course"), data.get("survey")
        return awareness_gain(
            user=self.request.user,
            course_id=course.pk if course else None,
            survey_id=survey.pk if survey else None,
            unit=data.get("unit"),
        )

    def get_filtered_queryset(self) -> list[GainRow]:
        return self.get_queryset()

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        # Name each question once, on its first row of the page: the units follow under it.
        previous = None
        for row in object_list:
            row.show_question = row.question_id != previous
            previous = row.question_id
        return object_list

    @cached_property
    def columns(self) -> list:
        return [
            Column(
                "question",
                label=_("Question"),
                accessor=lambda row: row.question if row.show_question else "",
            ),
            Column("unit", label=_("Unit"), accessor=_unit_label),
            Column("pre_count", label=_("Answers before")),
            Column(
                "pre_average",
                label=_("Average before"),
                accessor=lambda row: _average(row.pre_average),
            ),
            Column("post_count", label=_("Answers after")),
            Column(
                "post_average",
                label=_("Average after"),
                accessor=lambda row: _average(row.post_average),
            ),
            Column(
                "difference", label=_("Difference"), accessor=lambda row: _signed(row.difference)
            ),
        ]
