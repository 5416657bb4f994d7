"""The question bank in the Wagtail admin: questions and their categories, as snippets.

The question form refuses a question that breaks the rules of its kind
(`quizzes.validation.question_problems()`, which the import asks too). The listing shows each
question's category, kind, points, tags and number of choices from one query plus one for the
tags, filters by category, kind and tag, searches the text, and downloads the listed questions
as CSV or XLSX in the import format (`quizzes.question_import`), so an export imports back.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Count
from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.admin.listings import FormulaSafeExportMixin
from lms.admin.units import NfcSearchMixin
from lms.spreadsheets import download_response, field_label

from ..models import Question, QuestionCategory, QuestionKind
from ..question_import import export_rows
from ..validation import question_problems

#: Register a ``MenuItem``-returning function with this hook to add it to the Quizzes menu.
QUIZZES_MENU_HOOK = "register_cds_quizzes_menu_item"
EXPORT_STEM = "ngan-hang-cau-hoi"


# --- the question form --------------------------------------------------------------------


class QuestionForm(WagtailAdminModelForm):
    """The question snippet's form: the fields and the choices must fit the kind."""

    # A bank has a handful of categories: a plain list beats the snippet chooser's modal.
    category = forms.ModelChoiceField(
        queryset=QuestionCategory.objects.order_by("name"),
        label=field_label(Question, "category"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind:
            return cleaned  # the field says what is wrong
        accepted = [
            line.strip()
            for line in (cleaned.get("accepted_answers") or "").splitlines()
            if line.strip()
        ]
        for problem in question_problems(kind, self.kept_choices(), accepted):
            field = "accepted_answers" if problem.about == "accepted" else None
            self.add_error(field, problem.message)
        return cleaned

    def kept_choices(self) -> list[tuple[str, bool]]:
        """(text, correct) of the choices the question will have once saved: the inline
        forms that are filled in and not marked for deletion. A choice form with errors of its
        own is left out; those errors show on it."""
        formset = self.formsets.get("choices")
        if formset is None:
            return []
        formset.is_valid()  # cleans every choice form once (the result is kept)
        kept = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if form.errors or not data or data.get("DELETE"):
                continue
            kept.append((data.get("text", ""), bool(data.get("is_correct"))))
        return kept


# --- questions ----------------------------------------------------------------------------


class QuestionFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(
        label=field_label(Question, "category"),
        queryset=QuestionCategory.objects.order_by("name"),
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=field_label(Question, "kind"),
        choices=QuestionKind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    tag = django_filters.ModelChoiceFilter(
        label=field_label(Question, "tags"),
        field_name="tagged_items__tag",
        queryset=Tag.objects.filter(cds_quizzes_questiontag_items__isnull=False)
        .distinct()
        .order_by("name"),
        empty_label=_("All"),
    )

    class Meta:
        model = Question
        fields = []


def tag_names(question: Question) -> str:
    return ", ".join(sorted(item.tag.name for item in question.tagged_items.all()))


class QuestionIndexView(FormulaSafeExportMixin, NfcSearchMixin, SnippetIndexView):
    exports_personal_data = False  # questions, not people
    default_ordering = "category__name"
    # Wagtail shows its download buttons when there is something to export; the export itself
    # is the import format (`as_spreadsheet()`), not these columns.
    list_export = ["text"]

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("category")
            .prefetch_related("tagged_items__tag")
            .annotate(choice_count=Count("choices", distinct=True))
        )

    def _get_title_column(self, *args: Any, **kwargs: Any) -> Any:
        # The text wraps within its share, so every column fits the screen.
        return super()._get_title_column(*args, width="36%", **kwargs)

    def order_queryset(self, queryset: Any) -> Any:
        # Questions of a category, or of the same kind, in the order they were written.
        ordered = super().order_queryset(queryset)
        return ordered.order_by(*ordered.query.order_by, "pk")

    def as_spreadsheet(self, queryset: Any, spreadsheet_format: str) -> HttpResponse:
        """The listed questions (filters and search applied) in the import format."""
        questions = Question.objects.filter(pk__in=queryset.values("pk"))
        return download_response(
            export_rows(questions), stem=EXPORT_STEM, file_format=spreadsheet_format
        )

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perms(IMPORT_PERMISSIONS):
            buttons.append(
                Button(
                    gettext("Import questions"),
                    url=reverse("cds_quizzes_import:upload"),
                    icon_name="upload",
                    priority=80,
                )
            )
        return buttons


# The permissions an import needs (it adds and changes questions); creating categories is
# asked of each new category name.
IMPORT_PERMISSIONS = ("cds_quizzes.add_question", "cds_quizzes.change_question")


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    url_namespace = "cds_quizzes_questions"
    url_prefix = "quizzes/questions"
    list_per_page = 50
    list_display = [
        "__str__",
        Column(
            "category",
            label=field_label(Question, "category"),
            sort_key="category__name",
            width="16%",
        ),
        Column(
            "kind",
            label=field_label(Question, "kind"),
            accessor="get_kind_display",
            sort_key="kind",
            width="13%",
        ),
        Column(
            "points",
            label=field_label(Question, "points"),
            accessor=lambda question: floatformat(question.points, -2),
            sort_key="points",
            width="7%",
        ),
        Column("choice_count", label=_("Choices"), sort_key="choice_count", width="10%"),
        Column("tags", label=field_label(Question, "tags"), accessor=tag_names, width="14%"),
    ]
    search_fields = ["text"]
    search_backend_name = None  # the database: imported questions are found at once
    filterset_class = QuestionFilterSet
    index_view_class = QuestionIndexView
    copy_view_enabled = True  # a variant of a question is a common need
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)


# --- categories ---------------------------------------------------------------------------


class CategoryIndexView(SnippetIndexView):
    default_ordering = "name"

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().annotate(question_count=Count("questions"))

    def get_list_more_buttons(self, instance: QuestionCategory) -> list:
        buttons = list(super().get_list_more_buttons(instance))
        listing = reverse("cds_quizzes_questions:list")
        for label, query, icon, priority in (
            (gettext("Questions"), {"category": instance.pk}, "help", 5),
            (gettext("Download XLSX"), {"category": instance.pk, "export": "xlsx"}, "download", 90),
            (gettext("Download CSV"), {"category": instance.pk, "export": "csv"}, "download", 100),
        ):
            buttons.append(
                Button(
                    label, url=f"{listing}?{urlencode(query)}", icon_name=icon, priority=priority
                )
            )
        return buttons


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    url_namespace = "cds_quizzes_categories"
    url_prefix = "quizzes/categories"
    list_display = [
        "name",
        Column("question_count", label=_("Questions"), sort_key="question_count"),
    ]
    search_fields = ["name"]
    search_backend_name = None
    index_view_class = CategoryIndexView
    copy_view_enabled = False


question_viewset = QuestionViewSet()
category_viewset = QuestionCategoryViewSet()
