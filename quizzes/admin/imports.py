"""Admin screen to import bank questions from a CSV or XLSX file, and its template download.

The upload is checked in the request, row by row, so the person sees every problem at once and
nothing is written; a clean file is written at once, in one transaction (a bank is hundreds of
questions, not tens of thousands of learners). The rules live in `quizzes.question_import`; the
form, the permission page and the error table are the learner import's (`lms.admin.imports`).
The export is the questions listing's download (`quizzes.admin.bank`).
"""

from __future__ import annotations

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from lms.admin.imports import ImportPermissionMixin, PermissionMenuItem, SpreadsheetUploadForm
from lms.conf import lms_settings
from lms.spreadsheets import download_response

from ..models import MultipleScoring, QuestionKind
from ..question_import import (
    DOCUMENTED_COLUMNS,
    KIND_ALIASES,
    SCORING_ALIASES,
    import_questions,
    summary_message,
    template_rows,
    validate_file,
)
from .bank import IMPORT_PERMISSIONS

TEMPLATE_STEM = "mau-nhap-cau-hoi"


class QuestionImportPermissionMixin(ImportPermissionMixin):
    import_permissions = IMPORT_PERMISSIONS
    forbidden_title = gettext_lazy("Import questions")
    forbidden_message = gettext_lazy(
        "You do not have permission to import questions. Ask a site administrator for the "
        "permissions to add and to change questions."
    )


class UploadView(QuestionImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a file; show every bad row, or write the questions and go to the bank."""

    form_class = SpreadsheetUploadForm
    template_name = "quizzes/admin/question_import_form.html"
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict]:
        questions = {"url": reverse("cds_quizzes_questions:list"), "label": _("Questions")}
        return [*self.breadcrumbs_items, questions, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(
                _("Download the template (XLSX)"),
                reverse("cds_quizzes_import:template", args=["xlsx"]),
                icon_name="download",
            ),
            HeaderButton(
                _("Download the bank (XLSX)"),
                f"{reverse('cds_quizzes_questions:list')}?export=xlsx",
                icon_name="download",
            ),
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            columns=DOCUMENTED_COLUMNS,
            kinds=[
                (code, label, KIND_ALIASES.get(code, ())) for code, label in QuestionKind.choices
            ],
            scorings=[
                (code, label, SCORING_ALIASES.get(code, ()))
                for code, label in MultipleScoring.choices
            ],
            max_rows=int(lms_settings.IMPORT_MAX_ROWS),
            max_bytes=int(lms_settings.IMPORT_MAX_BYTES),
        )
        return context

    def form_valid(self, form: SpreadsheetUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        user = self.request.user
        result = validate_file(
            upload,
            filename=upload.name,
            can_add_categories=user.has_perm("cds_quizzes.add_questioncategory"),
        )
        if not result.is_valid:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        try:
            summary = import_questions(rows=result.rows, by=user)
        except IntegrityError:  # the bank changed between the check and the write
            messages.error(
                self.request,
                _("The bank changed while the file was imported; nothing was written. Try again."),
            )
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, summary_message(summary))
        return redirect("cds_quizzes_questions:list")


class TemplateDownloadView(QuestionImportPermissionMixin, View):
    """The columns, in Vietnamese, and one example row per kind of question."""

    def get(self, request: HttpRequest, file_format: str) -> HttpResponse:
        return download_response(template_rows(), stem=TEMPLATE_STEM, file_format=file_format)


urlpatterns = [
    path("", UploadView.as_view(), name="upload"),
    re_path(
        r"^template\.(?P<file_format>csv|xlsx)$", TemplateDownloadView.as_view(), name="template"
    ),
]


def menu_item() -> MenuItem:
    return PermissionMenuItem(
        gettext_lazy("Import questions"),
        reverse("cds_quizzes_import:upload"),
        name="import-questions",
        icon_name="upload",
        order=900,
        permissions=IMPORT_PERMISSIONS,
    )
