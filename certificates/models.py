"""Certificate templates, issued certificates and their serial counters.

Status: `status` stores what people decided (valid, revoked, replaced). "Expired" is never
stored: it follows from `expires_at` and the clock, so no job has to flip rows at midnight;
`Certificate.current_status()` gives the status a verifier sees. A certificate past its expiry
keeps its "valid" row, so the one-valid-certificate-per-course rule still holds and a renewal
is a reissue.

Courses choose their template with a `CourseCertificateTemplate` row (one per course), kept
here rather than as a field of the course page so that `courses/` does not depend on this app.
A course without one gets no certificate.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

#: The placeholders a template body may use, and what each becomes. Nothing else is allowed:
#: no filters, no template tags, so a template cannot reach anything but these values.
PLACEHOLDERS: dict[str, str] = {
    "learner_name": _("Holder's full name"),
    "unit": _("Holder's organisation unit"),
    "position": _("Holder's position"),
    "course_title": _("Course title"),
    "duration": _("Course duration (e.g. 2 hours)"),
    "issue_date": _("Issue date (dd/mm/yyyy)"),
    "expiry_date": _("Expiry date (dd/mm/yyyy), empty when the certificate does not expire"),
    "serial": _("Serial number (e.g. TB-2026-000123)"),
    "verification_url": _("Absolute URL of the public verification page"),
    "qr_code": _("QR code image of the verification URL"),
    "signatory_name": _("Signatory's name"),
    "signatory_title": _("Signatory's title"),
    "signature_image": _("Signature image (empty if none)"),
    "seal_image": _("Seal or logo image (empty if none)"),
    "background_image": _(
        "URL of the background image, for CSS (the page frame already "
        "draws it behind the whole page)"
    ),
}

_PLACEHOLDER = re.compile(r"{{\s*(.*?)\s*}}", re.S)
_NAME = re.compile(r"^[a-z_]+$")
_TAG = re.compile(r"{%|%}|{#|#}")


def _braces(name: str) -> str:
    return "{{ " + name + " }}"


def template_body_problems(body: str) -> list[str]:
    """What is wrong with a template body: unknown placeholders, filters or template tags."""
    problems = []
    if _TAG.search(body or ""):
        problems.append(str(_("Template tags ({% … %}) and comments ({# … #}) are not allowed.")))
    unknown = []
    for match in _PLACEHOLDER.finditer(body or ""):
        name = match.group(1)
        if not _NAME.match(name) or name not in PLACEHOLDERS:
            unknown.append(_braces(name))
    if unknown:
        problems.append(
            str(_("Unknown placeholders: %(unknown)s. Allowed: %(allowed)s."))
            % {
                "unknown": ", ".join(dict.fromkeys(unknown)),
                "allowed": ", ".join(_braces(name) for name in PLACEHOLDERS),
            }
        )
    return problems


PLACEHOLDER_HELP = format_lazy(
    "{}{}", _("Allowed placeholders: "), ", ".join(_braces(name) for name in PLACEHOLDERS)
)


class PageSize(models.TextChoices):
    A4 = "A4", "A4"
    A5 = "A5", "A5"


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")


class CertificateTemplate(index.Indexed, models.Model):
    """The look of a certificate: an HTML body with placeholders, the page and the signatory.

    Registered as a Wagtail snippet. `clean()` refuses a body with any placeholder outside
    `PLACEHOLDERS`, and the renderer checks again, so a body saved past the form cannot run
    template code either.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    body = models.TextField(
        _("HTML body"),
        help_text=PLACEHOLDER_HELP,
    )
    page_size = models.CharField(
        _("page size"), max_length=2, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), default=0, help_text=_("0: the certificate does not expire.")
    )
    signatory_name = models.CharField(_("signatory's name"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seal or logo image"),
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background image"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
        FieldPanel("validity_months"),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
                FieldPanel("seal_image"),
                FieldPanel("background_image"),
            ],
            heading=_("Signatory and images"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        problems = template_body_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})


class CourseCertificateTemplate(models.Model):
    """The template a course's certificates use; a course without one issues none."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="certificate_template_choice",
        verbose_name=_("course"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("certificate template"),
    )

    class Meta:
        verbose_name = _("course certificate template")
        verbose_name_plural = _("course certificate templates")

    def __str__(self) -> str:
        return f"{self.course_id} → {self.template}"


def template_for_course(course_id: int) -> CertificateTemplate | None:
    """The template chosen for the course, or None."""
    choice = (
        CourseCertificateTemplate.objects.select_related("template")
        .filter(course_id=course_id)
        .first()
    )
    return choice.template if choice else None


class SerialCounter(models.Model):
    """The last sequence number used for a serial prefix in a year.

    Incremented with an UPDATE that locks the row until the issuing transaction ends, so
    concurrent issuers get distinct numbers. A number taken by a transaction that later keeps
    only part of its work (a lost race for the same certificate) is skipped: serials are unique,
    not necessarily contiguous.
    """

    prefix = models.CharField(_("prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("serial counter")
        verbose_name_plural = _("serial counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="cds_cert_one_counter")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced")
    # Computed from `expires_at` by `current_status()`, never stored (a constraint says so).
    EXPIRED = "expired", _("Expired")


class RenderState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def new_verification_code() -> str:
    """192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> CertificateQuerySet:
        """Stored as valid (may still be past its expiry date)."""
        return self.filter(status=CertificateStatus.VALID)


class Certificate(models.Model):
    """A certificate issued to a person for a course, with what it said when it was issued.

    The holder's name, unit and position and the course title are copied at issue (in NFC):
    a later change of profile or course does not rewrite a certificate already handed out.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    enrollment = models.ForeignKey(
        "cds_lms.Enrollment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("enrollment"),
    )
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("template"),
    )
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=64, unique=True, default=new_verification_code
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default="valid"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    holder_name = models.CharField(_("holder's name"), max_length=200)
    holder_unit = models.CharField(_("holder's unit"), max_length=255, blank=True)
    holder_position = models.CharField(_("holder's position"), max_length=200, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    course_duration_minutes = models.PositiveIntegerField(
        _("course duration (minutes)"), null=True, blank=True
    )
    pdf = models.FileField(_("PDF"), max_length=255, null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    render_state = models.CharField(
        _("PDF"), max_length=10, choices=RenderState.choices, default=RenderState.PENDING
    )
    render_attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    render_error = models.TextField(_("last render error"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="valid"),
                name="cds_cert_one_valid_per_course",
            ),
            models.CheckConstraint(
                condition=~Q(status="expired"), name="cds_cert_expired_not_stored"
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="cds_cert_revoked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    def current_status(self, now=None) -> str:
        """The status a verifier sees: the stored one, or "expired" for a valid certificate
        past its expiry."""
        now = now or timezone.now()
        if self.status == CertificateStatus.VALID and self.expires_at and self.expires_at <= now:
            return CertificateStatus.EXPIRED
        return self.status

    def get_current_status_display(self) -> str:
        return CertificateStatus(self.current_status()).label
