"""Certificate templates (a snippet) with a PDF preview, and each course's choice of template.

The preview fills the template with sample data, a Vietnamese name with every kind of diacritic
included, and renders it exactly as an issued certificate is rendered (`pdf.render_certificate`
on an unsaved certificate), so what the editor sees is what learners get.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from ..exceptions import RenderError
from ..models import Certificate, CertificateTemplate, CourseCertificateTemplate

#: The holder the preview shows: diacritics on every vowel family, stacked marks included.
SAMPLE_HOLDER = "Nguyễn Thị Ánh Tuyết"


def sample_certificate(template: CertificateTemplate) -> Certificate:
    """An unsaved certificate with sample data, to preview `template`."""
    now = timezone.now()
    return Certificate(
        template=template,
        serial="TB-0000-000000",
        verification_code="preview",
        issued_at=now,
        expires_at=None,
        holder_name=SAMPLE_HOLDER,
        holder_unit="Sở Thông tin và Truyền thông",
        holder_position="Chuyên viên chính",
        course_title="Kỹ năng số cơ bản cho cán bộ, công chức",
        course_duration_minutes=120,
    )


def preview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The template rendered with sample data, shown inline as a PDF."""
    from ..pdf import render_certificate

    if not request.user.has_perm("cds_certificates.change_certificatetemplate"):
        raise PermissionDenied
    template = get_object_or_404(
        CertificateTemplate.objects.select_related(
            "signature_image", "seal_image", "background_image"
        ),
        pk=pk,
    )
    try:
        rendered = render_certificate(sample_certificate(template))
    except RenderError as error:
        return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")
    response = HttpResponse(rendered.data, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    return response


def preview_url(template: CertificateTemplate) -> str:
    return reverse(
        "wagtailsnippets_cds_certificates_certificatetemplate:preview_pdf", args=[template.pk]
    )


class PreviewButtonEditView(EditView):
    """The edit screen, with "Preview as PDF" in its header."""

    @cached_property
    def header_more_buttons(self) -> list:
        return [
            *super().header_more_buttons,
            Button(
                _("Preview as PDF"),
                url=preview_url(self.object),
                icon_name="doc-full",
                attrs={"target": "_blank", "rel": "noopener"},
                priority=5,
            ),
        ]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificate templates")
    menu_order = 100
    list_display = ["name", "page_size", "orientation", "validity_months", "updated_at"]
    edit_view_class = PreviewButtonEditView

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("preview-pdf/<int:pk>/", preview_pdf, name="preview_pdf"),
        ]


def template_listing_buttons(snippet: Any, user: Any, next_url: str | None = None) -> list:
    """ "Preview as PDF" in the templates listing (hooked by `wagtail_hooks`)."""
    if not isinstance(snippet, CertificateTemplate) or not user.has_perm(
        "cds_certificates.change_certificatetemplate"
    ):
        return []
    return [MenuItem(_("Preview as PDF"), preview_url(snippet), icon_name="doc-full", priority=5)]


# --- a course's template ------------------------------------------------------------------


def course_pages() -> Any:
    """Pages that are courses. Found through the courses app's model when it is installed
    (without importing it: courses depends on this app, not the reverse)."""
    try:
        model = apps.get_model("cds_courses", "CoursePage")
    except LookupError:
        return Page.objects.none()
    return model.objects.order_by("title")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Page) -> str:
        return obj.title


class CourseCertificateTemplateForm(WagtailAdminModelForm):
    course = CourseChoiceField(queryset=Page.objects.none(), label=gettext_lazy("Course"))

    class Meta:
        model = CourseCertificateTemplate
        fields = ["course", "template"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Page.objects.filter(
            pk__in=course_pages().values("pk")
        ).order_by("title")


class CourseCertificateTemplateViewSet(ModelViewSet):
    model = CourseCertificateTemplate
    name = "course_templates"
    url_namespace = "cds_certificates_course_templates"
    icon = "link"
    menu_label = gettext_lazy("Course templates")
    menu_order = 200
    form_fields = ["course", "template"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type:
        return CourseCertificateTemplateForm

    list_display = ["course", "template"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return CourseCertificateTemplate.objects.select_related("course", "template")


certificate_template_viewset = CertificateTemplateViewSet()
course_template_viewset = CourseCertificateTemplateViewSet()
