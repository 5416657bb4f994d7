"""Public verification of certificates (no login) and the learner's downloads.

The verification pages are rate-limited per client IP (django-ratelimit, on the default cache,
rates `CERTIFICATES_VERIFY_RATE` and `CERTIFICATES_UPLOAD_RATE`) and show the holder's full
name, the course, the dates, the status and the issuer: nothing else personal. A certificate is
found by its verification code or by the SHA-256 of its PDF, never by its serial.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from lms.conf import lms_settings

from .conf import certificates_settings
from .models import Certificate, RenderState

PDF_MAGIC = b"%PDF-"

# What the verification page reads: the holder's snapshot, never the user row (no email,
# phone or birth date can leak through the template).
VERIFY_FIELDS = (
    "serial",
    "verification_code",
    "status",
    "issued_at",
    "expires_at",
    "revoked_at",
    "revocation_reason",
    "holder_name",
    "course_title",
    "replaced_by",
    "replaced_by__verification_code",
    "replaced_by__serial",
)


def issuer_name() -> str:
    """Who issues the certificates: `CERTIFICATES_ISSUER_NAME`, else the programme's name."""
    return str(
        certificates_settings.ISSUER_NAME
        or lms_settings.PROGRAMME_NAME
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
    )


def _limited(request: HttpRequest, group: str, rate: str | None) -> bool:
    """Count this request against the client's limit; True when it is over it."""
    if not rate:
        return False
    return is_ratelimited(request, group=group, key="ip", rate=rate, method=ALL, increment=True)


def _too_many_requests(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "certificates/rate_limited.html", status=429)


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The public verification page of one certificate, or "not found" (404)."""
    if _limited(request, "certificates.verify", certificates_settings.VERIFY_RATE):
        return _too_many_requests(request)
    # One query, by the unique verification code only (the new certificate of a replaced one
    # comes in the same join). An unknown code costs the same lookup as a known one.
    certificate = (
        Certificate.objects.select_related("replaced_by")
        .only(*VERIFY_FIELDS)
        .filter(verification_code=code)
        .first()
    )
    context = {"certificate": certificate, "issuer": issuer_name()}
    if certificate is not None:
        context["status"] = certificate.current_status()
    return TemplateResponse(
        request, "certificates/verify.html", context, status=200 if certificate else 404
    )


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("Certificate PDF"),
        help_text=gettext_lazy("The PDF file exactly as it was downloaded from this site."),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        limit = certificates_settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: the limit is %(size)s MB.")
                % {"size": round(limit / (1024 * 1024), 1)}
            )
        upload.seek(0)
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(
                _("This file is not a PDF. Upload the certificate's PDF file.")
            )
        upload.seek(0)
        return upload


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """Upload a PDF: is it exactly a certificate issued here, and which one?"""
    context: dict = {"issuer": issuer_name()}
    if request.method == "POST":
        if _limited(request, "certificates.verify_upload", certificates_settings.UPLOAD_RATE):
            return _too_many_requests(request)
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            digest = _sha256(form.cleaned_data["pdf"])
            context["checked"] = True
            context["match"] = (
                Certificate.objects.filter(pdf_sha256=digest, render_state=RenderState.READY)
                .only("serial", "verification_code", "course_title")
                .first()
            )
    else:
        form = VerifyUploadForm()
    context["form"] = form
    return TemplateResponse(request, "certificates/verify_upload.html", context)


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder's own certificate PDF (anyone else's: 404), or "being prepared"."""
    certificate = get_object_or_404(Certificate, pk=pk, user=request.user)
    if certificate.render_state != RenderState.READY or not certificate.pdf:
        return TemplateResponse(
            request, "certificates/being_prepared.html", {"certificate": certificate}
        )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
