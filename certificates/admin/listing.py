"""Admin listing of issued certificates, with revoke, reissue and the ZIP of a course's PDFs.

A read-only screen (certificates change through `certificates.services` only) with filters and
Wagtail's CSV/XLSX export. The scope is the learners' scope: a unit manager lists and exports
only the certificates of learners in the subtrees they manage; superusers and site
administrators see every certificate and may revoke and reissue. Every column comes from the
certificate row (the snapshot taken at issue) and one join, so a page costs the same for 3 rows
as for 50.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from lms.admin.listings import (
    FormulaSafeExportMixin,
    ReadOnlyViewSetMixin,
    StrictFiltersMixin,
    export_preprocess,
)
from lms.admin.units import NfcSearchMixin, title_column
from lms.models import LearnerProfile, sees_all_learners

from .. import services
from ..exceptions import CertificateNotValid
from ..models import Certificate, CertificateStatus, RenderState
from . import is_certificate_administrator
from .templates import course_pages


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    """Every certificate for administrators; those of learners in the managed subtrees for
    unit managers (by the learner's current unit)."""
    certificates = Certificate.objects.all()
    if sees_all_learners(user):
        return certificates
    return certificates.filter(
        user_id__in=LearnerProfile.objects.visible_to(user).values("user_id")
    )


def certificate_rows(user: Any) -> QuerySet[Certificate]:
    """`certificates_visible_to(user)` with the learner's email joined in, for the export."""
    return certificates_visible_to(user).annotate(learner_email=F("user__email"))


# --- filters ------------------------------------------------------------------------------


class CertificateFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Course"),
        queryset=lambda request: course_pages(),
        empty_label=gettext_lazy("All"),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=CertificateStatus.choices,
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
        method="filter_status",
    )
    issued_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Issued"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        """The status a verifier sees: "expired" is a valid row past its expiry."""
        if not value:
            return queryset
        now = timezone.now()
        expired = Q(status=CertificateStatus.VALID, expires_at__lte=now)
        if value == CertificateStatus.EXPIRED:
            return queryset.filter(expired)
        if value == CertificateStatus.VALID:
            return queryset.filter(status=CertificateStatus.VALID).exclude(expired)
        return queryset.filter(status=value)


# --- the listing and its export -----------------------------------------------------------


class CertificateIndexView(
    StrictFiltersMixin, FormulaSafeExportMixin, NfcSearchMixin, generic.IndexView
):
    page_title = gettext_lazy("Certificates")
    default_ordering = "-issued_at"
    custom_field_preprocess = export_preprocess(datetimes=["issued_at", "expires_at"])

    def get_base_queryset(self) -> QuerySet[Certificate]:
        return certificate_rows(self.request.user)

    @cached_property
    def is_administrator(self) -> bool:
        return is_certificate_administrator(self.request.user)

    def get_list_more_buttons(self, instance: Certificate) -> list:
        if not self.is_administrator or instance.status != CertificateStatus.VALID:
            return []
        return [
            MenuItem(
                _("Reissue"),
                reverse("cds_certificates:reissue", args=[instance.pk]),
                icon_name="resubmit",
                priority=10,
            ),
            MenuItem(
                _("Revoke"),
                reverse("cds_certificates:revoke", args=[instance.pk]),
                icon_name="cross",
                priority=20,
            ),
        ]

    @cached_property
    def columns(self) -> list:
        return [
            title_column(self, "holder_name", label=_("Learner"), sort_key="holder_name"),
            Column("course_title", label=_("Course"), sort_key="course_title"),
            Column("serial", label=_("Serial number"), sort_key="serial"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_current_status_display",
                sort_key="status",
                primary=lambda row: row.current_status() == CertificateStatus.VALID,
            ),
            DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
            DateColumn("expires_at", label=_("Expires"), sort_key="expires_at"),
            Column(
                "render_state",
                label=_("PDF"),
                accessor="get_render_state_display",
                sort_key="render_state",
            ),
        ]

    @cached_property
    def header_buttons(self) -> list:
        buttons = []
        if self.is_administrator:
            buttons.append(
                HeaderButton(
                    _("Issue certificates"),
                    url=reverse("cds_certificates_issue:issue"),
                    icon_name="plus",
                )
            )
        course = self.request.GET.get("course", "")
        if course.isdigit():
            buttons.append(
                HeaderButton(
                    _("Download all PDFs of the course"),
                    url=reverse("cds_certificates:course_zip", args=[int(course)]),
                    icon_name="download",
                )
            )
        return buttons


# --- revoke and reissue -------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Recorded in the history of the certificate."),
    )


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """Ask for a reason (GET), then call one service (POST, with Django's CSRF check).
    Only administrators, only certificates in their scope."""

    form_class = ReasonForm
    template_name = "certificates/admin/certificate_action.html"
    header_icon = "doc-full"
    action_label = ""
    done_message = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_certificate_administrator(request.user):
            raise PermissionDenied
        self.certificate = get_object_or_404(certificates_visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.certificate.serial

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cds_certificates:index"), "label": _("Certificates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict:
        return super().get_context_data(
            certificate=self.certificate, action_label=self.action_label, **kwargs
        )

    def perform(self, reason: str) -> Certificate:
        raise NotImplementedError

    def form_valid(self, form: ReasonForm) -> HttpResponse:
        try:
            result = self.perform(form.cleaned_data["reason"])
        except (CertificateNotValid, ValueError) as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.done_message % {"serial": result.serial})
        return redirect("cds_certificates:index")


class RevokeView(CertificateActionView):
    page_title = gettext_lazy("Revoke certificate")
    action_label = gettext_lazy("Revoke")
    done_message = gettext_lazy("Certificate %(serial)s revoked.")

    def perform(self, reason: str) -> Certificate:
        return services.revoke(certificate=self.certificate, by=self.request.user, reason=reason)


class ReissueView(CertificateActionView):
    page_title = gettext_lazy("Reissue certificate")
    action_label = gettext_lazy("Reissue")
    done_message = gettext_lazy("New certificate %(serial)s issued; the old one is replaced.")

    def perform(self, reason: str) -> Certificate:
        return services.reissue(certificate=self.certificate, by=self.request.user, reason=reason)


# --- the ZIP of a course's PDFs -----------------------------------------------------------

#: Past this size the ZIP being built moves from memory to a temporary file.
_SPOOL_BYTES = 8 * 1024 * 1024


def course_zip(request: HttpRequest, course_id: int) -> HttpResponse:
    """The ready PDFs of the course's valid certificates the person may see, one ZIP, each
    file named by its serial. PDFs are copied from storage in chunks (stored, not
    recompressed: PDFs are compressed already) and the ZIP is sent as a file response."""
    if not request.user.has_perm("cds_certificates.view_certificate"):
        raise PermissionDenied
    rows = (
        certificates_visible_to(request.user)
        .filter(course_id=course_id, status=CertificateStatus.VALID)
        .filter(render_state=RenderState.READY)
        .exclude(pdf="")
        .order_by("serial")
        .values_list("serial", "pdf")
    )
    archive = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    storage = Certificate._meta.get_field("pdf").storage
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as bundle:
        for serial, name in rows.iterator():
            with storage.open(name, "rb") as source, bundle.open(f"{serial}.pdf", "w") as target:
                shutil.copyfileobj(source, target)
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=f"certificates-{course_id}.zip",
        content_type="application/zip",
    )


# --- the viewset --------------------------------------------------------------------------


class CertificateViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    offered_permissions = ("view_certificate",)
    model = Certificate
    name = "certificates"
    url_namespace = "cds_certificates"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Issued certificates")
    menu_order = 10
    list_per_page = 50
    search_fields = ["holder_name", "serial", "course_title", "user__email"]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = CertificateFilterSet
    list_export = [
        "holder_name",
        "learner_email",
        "holder_unit",
        "course_title",
        "serial",
        "get_current_status_display",
        "issued_at",
        "expires_at",
        "get_render_state_display",
    ]
    export_headings = {
        "holder_name": gettext_lazy("Learner"),
        "learner_email": gettext_lazy("Email"),
        "holder_unit": gettext_lazy("Unit"),
        "course_title": gettext_lazy("Course"),
        "serial": gettext_lazy("Serial number"),
        "get_current_status_display": gettext_lazy("Status"),
        "issued_at": gettext_lazy("Issued"),
        "expires_at": gettext_lazy("Expires"),
        "get_render_state_display": gettext_lazy("PDF"),
    }
    export_filename = "certificates"
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = CertificateIndexView

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/revoke/", RevokeView.as_view(), name="revoke"),
            path("<int:pk>/reissue/", ReissueView.as_view(), name="reissue"),
            path("course/<int:course_id>/pdfs.zip", course_zip, name="course_zip"),
        ]


certificate_viewset = CertificateViewSet()


def index_url_for_course(course_id: int) -> str:
    return reverse("cds_certificates:index") + "?" + urlencode({"course": course_id})
