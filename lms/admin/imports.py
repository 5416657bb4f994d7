"""Admin screens to import learners from a CSV or XLSX file: upload, result, history.

The upload is checked in the request, row by row, so the person sees every problem at once
and nothing is written; a clean file is kept as a `LearnerImport` and written by the
`run_learner_import` task. The rules live in `lms.learner_import` and `lms.services`.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import FileExtensionValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from .. import services
from ..conf import lms_settings
from ..learner_import import CATEGORY_ALIASES, COLUMNS, header_row, validate_file
from ..models import LearnerCategory, LearnerImport, LearnerImportStatus
from ..spreadsheets import download_response

IMPORT_PERMISSION = "cds_lms.import_learners"
TEMPLATE_STEM = "mau-nhap-hoc-vien"


class SpreadsheetUploadForm(forms.Form):
    """A .csv or .xlsx file to import; one over `LMS_IMPORT_MAX_BYTES` is refused before it is
    read. Shared by every import screen of the platform."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A .csv (UTF-8) or .xlsx file whose first row holds the columns."),
        validators=[
            FileExtensionValidator(
                ["csv", "xlsx"], message=gettext_lazy("Only .csv and .xlsx files can be imported.")
            )
        ],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        max_bytes = int(lms_settings.IMPORT_MAX_BYTES)
        if upload.size > max_bytes:
            raise ValidationError(
                _("The file is larger than %(max)s. Split it into smaller files.")
                % {"max": filesizeformat(max_bytes)}
            )
        return upload


class ImportPermissionMixin:
    """Refuse, with a 403 page that says what is missing, anyone who may not import.

    Override `has_import_permission()` (or set `import_permissions`, all of them needed) and
    the two texts of the page. (Wagtail sends people without admin access to the login page
    before this runs.)
    """

    import_permissions: tuple[str, ...] = (IMPORT_PERMISSION,)
    forbidden_title = gettext_lazy("Import learners")
    forbidden_message = gettext_lazy(
        "You do not have permission to import learners. Ask a site administrator for the "
        "“Can import learners” permission."
    )

    def has_import_permission(self, user) -> bool:
        return user.has_perms(self.import_permissions)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.has_import_permission(request.user):
            return TemplateResponse(
                request,
                "lms/admin/import_forbidden.html",
                {"title": self.forbidden_title, "message": self.forbidden_message},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class ImportBreadcrumbsMixin(WagtailAdminTemplateMixin):
    """Home › Import learners › this page."""

    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict]:
        upload = {"url": reverse("cds_lms_imports:upload"), "label": _("Import learners")}
        return [*self.breadcrumbs_items, upload, {"url": "", "label": self.get_page_title()}]


class UploadView(ImportPermissionMixin, ImportBreadcrumbsMixin, FormView):
    """Upload a file; show every bad row, or keep the file and start the import."""

    form_class = SpreadsheetUploadForm
    template_name = "lms/admin/learner_import_form.html"
    page_title = gettext_lazy("Import learners")

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self) -> list[HeaderButton]:
        return [
            HeaderButton(
                _("Download the template"),
                reverse("cds_lms_imports:template"),
                icon_name="download",
            ),
            HeaderButton(
                _("Import history"), reverse("cds_lms_imports:history"), icon_name="history"
            ),
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            columns=COLUMNS,
            categories=[
                (code, label, CATEGORY_ALIASES.get(code, ()))
                for code, label in LearnerCategory.choices
            ],
            max_rows=int(lms_settings.IMPORT_MAX_ROWS),
            max_bytes=int(lms_settings.IMPORT_MAX_BYTES),
            recent_imports=LearnerImport.objects.visible_to(self.request.user).select_related(
                "uploaded_by"
            )[:5],
        )
        return context

    def form_valid(self, form: SpreadsheetUploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        result = validate_file(upload, filename=upload.name, user=self.request.user)
        if not result.is_valid:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        upload.seek(0)
        record = services.submit_learner_import(
            file=upload, filename=upload.name, by=self.request.user
        )
        messages.success(
            self.request,
            _("“%(file)s” was checked: %(count)d learners will be imported.")
            % {"file": record.original_filename, "count": result.row_count},
        )
        return redirect("cds_lms_imports:detail", pk=record.pk)


class HistoryView(ImportPermissionMixin, ImportBreadcrumbsMixin, TemplateView):
    """The imports this person may see, newest first."""

    template_name = "lms/admin/learner_import_list.html"
    page_title = gettext_lazy("Import history")
    paginate_by = 25

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        imports = LearnerImport.objects.visible_to(self.request.user).select_related("uploaded_by")
        paginator = Paginator(imports, self.paginate_by)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            imports=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
        )
        return context


class ResultView(ImportPermissionMixin, ImportBreadcrumbsMixin, DetailView):
    """One import: its status, counts and, when it failed, every problem found."""

    template_name = "lms/admin/learner_import_detail.html"
    context_object_name = "learner_import"

    def get_queryset(self):
        return LearnerImport.objects.visible_to(self.request.user).select_related("uploaded_by")

    def get_page_title(self) -> str:
        return self.object.original_filename

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["statuses"] = LearnerImportStatus
        return context


class TemplateDownloadView(ImportPermissionMixin, View):
    """A CSV with the column names, in Vietnamese, for people to fill in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return download_response([header_row()], stem=TEMPLATE_STEM, file_format="csv")


class PermissionMenuItem(MenuItem):
    """A menu item shown to those who hold every one of `permissions` (an import screen's)."""

    def __init__(self, *args, permissions: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perms(self.permissions)


urlpatterns = [
    path("", UploadView.as_view(), name="upload"),
    path("history/", HistoryView.as_view(), name="history"),
    path("<int:pk>/", ResultView.as_view(), name="detail"),
    path("template.csv", TemplateDownloadView.as_view(), name="template"),
]


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [path("learner-imports/", include((urlpatterns, "cds_lms_imports")))]


@hooks.register("register_admin_menu_item")
def register_menu_item() -> MenuItem:
    return PermissionMenuItem(
        gettext_lazy("Import learners"),
        reverse("cds_lms_imports:upload"),
        name="import-learners",
        icon_name="upload",
        order=350,
        permissions=(IMPORT_PERMISSION,),
    )
