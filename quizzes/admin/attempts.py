"""Wagtail admin listing of quiz attempts: who took which quiz, with what score, on time or not.

Read-only (attempts change through `quizzes.services` only), with filters and Wagtail's CSV/XLSX
export. The scope is the learners' scope: a unit manager lists and exports the attempts of
learners in the subtrees they manage; superusers and site administrators
(``view_all_learners``) see every attempt. Every column comes from one query (the answers and
snapshots are not read), so a page costs the same for 3 rows as for 50.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.template.defaultfilters import floatformat
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin.listings import (
    FormulaSafeExportMixin,
    ReadOnlyViewSetMixin,
    export_preprocess,
    learner_annotations,
    yes_or_empty,
)
from lms.admin.units import NfcSearchMixin
from lms.models import LearnerProfile, sees_all_learners
from lms.spreadsheets import field_label

from ..models import Attempt, AttemptStatus, QuizPage


def attempt_rows(user: Any) -> QuerySet[Attempt]:
    """The attempts `user` may see, with what the listing and the export show joined in.

    The learner's name falls back to the username for an account without a learner profile
    (only administrators see those: a manager's scope is made of profiles).
    """
    attempts = Attempt.objects.all()
    if not sees_all_learners(user):
        attempts = attempts.filter(
            user__learner_profile__in=LearnerProfile.objects.visible_to(user)
        )
    return attempts.defer("snapshot", "answers", "results").annotate(
        **learner_annotations(),
        quiz_title=F("quiz__title"),
    )


def outcome(attempt: Attempt) -> str:
    """Passed, not passed, or still in progress."""
    if not attempt.is_submitted:
        return pgettext("quiz attempt", "In progress")
    return gettext("Passed") if attempt.passed else gettext("Not passed")


class AttemptFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(
        label=field_label(Attempt, "quiz"),
        queryset=QuizPage.objects.order_by("title"),
        empty_label=_("All"),
    )
    passed = django_filters.ChoiceFilter(
        label=field_label(Attempt, "passed"),
        choices=[("yes", _("Passed")), ("no", _("Not passed"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_passed",
    )

    class Meta:
        model = Attempt
        fields = []

    def filter_passed(self, queryset: Any, name: str, value: str) -> Any:
        if value not in ("yes", "no"):
            return queryset
        return queryset.filter(status=AttemptStatus.SUBMITTED, passed=value == "yes")


def _percent(attempt: Attempt) -> str:
    # 85.00 → "85%", 66.67 → "66,67%" in Vietnamese.
    return f"{floatformat(attempt.percent, -2)}%" if attempt.percent is not None else ""


class AttemptIndexView(FormulaSafeExportMixin, NfcSearchMixin, generic.IndexView):
    page_title = _("Quiz attempts")
    default_ordering = "-started_at"
    custom_field_preprocess = export_preprocess(
        datetimes=("started_at", "submitted_at"), flags=("passed", "late")
    )

    def get_base_queryset(self) -> QuerySet[Attempt]:
        return attempt_rows(self.request.user)

    @cached_property
    def columns(self) -> list:
        return [
            Column("learner_name", label=_("Learner"), sort_key="learner_name"),
            Column("unit_name", label=_("Unit"), sort_key="user__learner_profile__unit__path"),
            Column("quiz_title", label=field_label(Attempt, "quiz"), sort_key="quiz__title"),
            Column("number", label=capfirst(Attempt._meta.verbose_name), sort_key="number"),
            DateColumn(
                "submitted_at",
                label=field_label(Attempt, "submitted_at"),
                sort_key="submitted_at",
            ),
            Column(
                "percent",
                label=field_label(Attempt, "percent"),
                accessor=_percent,
                sort_key="percent",
            ),
            StatusTagColumn(
                "passed",
                label=field_label(Attempt, "passed"),
                accessor=outcome,
                sort_key="passed",
                primary=lambda attempt: bool(attempt.passed),
            ),
            Column(
                "late",
                label=field_label(Attempt, "late"),
                accessor=lambda attempt: yes_or_empty(attempt.late),
                sort_key="late",
            ),
        ]


class AttemptViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    """Read-only: attempts change through `quizzes.services`, never through a model form."""

    model = Attempt
    name = "attempts"
    url_namespace = "cds_quizzes_attempts"
    url_prefix = "quizzes/attempts"
    icon = "tasks"
    menu_label = _("Attempts")
    list_per_page = 50
    search_fields = ["user__learner_profile__full_name", "user__email", "quiz__title"]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = AttemptFilterSet
    list_export = [
        "learner_name",
        "learner_email",
        "unit_code",
        "unit_name",
        "quiz_title",
        "number",
        "get_status_display",
        "started_at",
        "submitted_at",
        "score",
        "max_score",
        "percent",
        "passed",
        "late",
    ]
    export_headings = {
        "learner_name": _("Learner"),
        "learner_email": _("Email"),
        "unit_code": _("Unit code"),
        "unit_name": _("Unit"),
        "quiz_title": field_label(Attempt, "quiz"),
        "number": field_label(Attempt, "number"),
        "get_status_display": _("Status"),
        "started_at": field_label(Attempt, "started_at"),
        "submitted_at": field_label(Attempt, "submitted_at"),
        "score": field_label(Attempt, "score"),
        "max_score": field_label(Attempt, "max_score"),
        "percent": field_label(Attempt, "percent"),
        "passed": field_label(Attempt, "passed"),
        "late": field_label(Attempt, "late"),
    }
    export_filename = "quiz-attempts"
    copy_view_enabled = False
    add_to_reference_index = False  # attempts are records, not content others link to
    index_view_class = AttemptIndexView
    offered_permissions = ("view_attempt",)


attempt_viewset = AttemptViewSet()
