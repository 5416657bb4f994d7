"""Records of personal data protection: consents given, erasure requests, and accesses.

Imported by `lms.models`, so that the models belong to the `cds_lms` app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..models import LearnerProfile

#: Who may decide erasure requests and read the access log (superusers have every permission).
MANAGE_PERMISSION = "cds_lms.manage_personal_data"

# Site administrators handle erasure requests and read the access log; unit managers do not.
roles.register_role_permissions(roles.SITE_ADMINISTRATOR, {MANAGE_PERMISSION})


class ConsentMethod(models.TextChoices):
    REGISTRATION = "registration", _("At registration")
    RECONSENT = "reconsent", _("Asked again after the notice changed")


class Consent(models.Model):
    """One consent to one version of the privacy notice. Append-only: the history stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="privacy_consents",
        verbose_name=_("user"),
    )
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at", "pk"]
        constraints = [
            # Agreeing twice to the same version (a double click) records one consent.
            models.UniqueConstraint(
                fields=["user", "notice_version"], name="cds_lms_one_consent_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.notice_version}"


class AccessAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    EXPORTED = "exported", _("Exported")
    DOWNLOADED_OWN = "downloaded_own", _("Downloaded own data")
    ERASURE_REQUESTED = "erasure_requested", _("Erasure requested")
    ERASURE_APPROVED = "erasure_approved", _("Erasure approved")
    ERASURE_REJECTED = "erasure_rejected", _("Erasure rejected")
    RETENTION_PURGE = "retention_purge", _("Removed after the retention period")


class PersonalDataAccess(models.Model):
    """Who viewed, exported or changed whose personal data, when, and what exactly.

    `subject` is empty for a listing or an export of many people; `what` then names the
    screen and its filters. Append-only.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose data"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    what = models.CharField(_("what"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.what}"


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ErasureRequest(models.Model):
    """A person's request to erase their personal data, and the administrator's decision.

    Retention purges record an approved request too (without a decider), so "this account has
    been anonymised" is always "it has an approved request".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("user"),
    )
    requested_at = models.DateTimeField(_("requested at"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="cds_lms_one_pending_erasure",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="cds_lms_erasure_decided_has_time",
            ),
        ]
        permissions = [
            (
                "manage_personal_data",
                _("Can decide erasure requests and see the personal data access log"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_status_display()}"


@receiver(post_save, sender=LearnerProfile, dispatch_uid="cds_lms_privacy_registration_consent")
def record_registration_consent(sender, instance: LearnerProfile, created: bool, **kwargs) -> None:
    """A profile created with a consent (registration) starts the person's consent history."""
    if not created or not instance.consent_version or kwargs.get("raw"):
        return
    try:
        with transaction.atomic():
            Consent.objects.create(
                user_id=instance.user_id,
                notice_version=instance.consent_version,
                given_at=instance.consented_at or instance.created_at,
                method=ConsentMethod.REGISTRATION,
            )
    except IntegrityError:
        pass  # already recorded
