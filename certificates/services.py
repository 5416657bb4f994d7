"""Every state change of certificates goes through these functions: issue, reissue, revoke,
render. Views, admin screens, commands and tasks call them, so the rules, the atomicity and the
audit log entries are the same whichever door a change comes in by.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.models import Enrollment, LearnerProfile
from lms.text import nfc

from .conf import certificates_settings
from .defaults import DEFAULT_TEMPLATE_BODY, DEFAULT_TEMPLATE_NAME
from .exceptions import CertificateNotValid, NotCompleted, NoTemplate
from .models import (
    Certificate,
    CertificateStatus,
    CertificateTemplate,
    Orientation,
    PageSize,
    RenderState,
    SerialCounter,
    new_verification_code,
    template_for_course,
)

logger = logging.getLogger(__name__)


# --- serials ------------------------------------------------------------------------------


def next_serial(*, prefix: str | None = None, year: int | None = None) -> str:
    """The next serial, e.g. ``TB-2026-000123``. Call inside the issuing transaction.

    The counter row is incremented by one UPDATE, which holds its lock until the transaction
    ends: concurrent issuers queue there and each reads its own number.
    """
    prefix = prefix or certificates_settings.SERIAL_PREFIX
    year = year or timezone.localdate().year
    with transaction.atomic():
        updated = SerialCounter.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    SerialCounter.objects.create(prefix=prefix, year=year, last=1)
            except IntegrityError:  # another issuer created it first
                SerialCounter.objects.filter(prefix=prefix, year=year).update(last=F("last") + 1)
        last = SerialCounter.objects.get(prefix=prefix, year=year).last
    return f"{prefix}-{year}-{last:0{certificates_settings.SERIAL_DIGITS}d}"


# --- issuing ------------------------------------------------------------------------------


def _add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):  # 31 January + 1 month → 28/29 February
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _snapshot(enrollment: Enrollment) -> dict:
    """What the certificate says about its holder and course, frozen at issue."""
    profile = (
        LearnerProfile.objects.select_related("unit").filter(user_id=enrollment.user_id).first()
    )
    user = enrollment.user
    name = profile.full_name if profile else (user.get_full_name() or user.get_username())
    course = enrollment.course.specific
    return {
        "holder_name": nfc(name),
        "holder_unit": nfc(profile.unit.name) if profile and profile.unit else "",
        "holder_position": nfc(profile.position) if profile else "",
        "course_title": nfc(course.title),
        # Courses may say how long they take; any page type without it leaves it empty.
        "course_duration_minutes": getattr(course, "duration_minutes", None),
    }


def _new_certificate(
    *,
    enrollment: Enrollment,
    template: CertificateTemplate,
    by: AbstractBaseUser | None,
    snapshot: dict,
) -> Certificate:
    now = timezone.now()
    return Certificate(
        user_id=enrollment.user_id,
        course_id=enrollment.course_id,
        enrollment=enrollment,
        template=template,
        serial=next_serial(),
        verification_code=new_verification_code(),
        issued_at=now,
        expires_at=(
            _add_months(now, template.validity_months) if template.validity_months else None
        ),
        issued_by=by,
        **snapshot,
    )


def _enqueue_render(certificate_id: int) -> None:
    from .tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate_id))


def issue_certificate(
    *,
    enrollment_id: int,
    by: AbstractBaseUser | None = None,
    template: CertificateTemplate | None = None,
) -> Certificate:
    """Issue the certificate of a completed enrollment, or return the valid one it has.

    Safe to repeat and to run in several workers at once: the one-valid-certificate-per-course
    constraint decides, and the loser returns the winner's certificate. The PDF is rendered in
    the background after the transaction commits. `template` defaults to the course's.
    Raises `NotCompleted` when the enrollment is not completed and `NoTemplate` when the
    course has no template.
    """
    enrollment = Enrollment.objects.select_related("user", "course").get(pk=enrollment_id)
    existing = Certificate.objects.valid().filter(
        user_id=enrollment.user_id, course_id=enrollment.course_id
    )
    found = existing.first()
    if found is not None:
        return found
    if enrollment.completed_at is None:
        raise NotCompleted(_("The course is not completed yet."))
    template = template or template_for_course(enrollment.course_id)
    if template is None:
        raise NoTemplate(_("This course has no certificate template."))
    snapshot = _snapshot(enrollment)
    with transaction.atomic():
        certificate = _new_certificate(
            enrollment=enrollment, template=template, by=by, snapshot=snapshot
        )
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            # Another worker issued it since we looked. Its serial number stays unused.
            found = existing.first()
            if found is None:
                raise
            return found
        log(
            instance=certificate,
            action="cds_certificates.certificate.issue",
            user=by,
            data={"serial": certificate.serial, "course": certificate.course_title},
        )
        _enqueue_render(certificate.pk)
    return certificate


@transaction.atomic
def reissue(*, certificate: Certificate, by: AbstractBaseUser, reason: str) -> Certificate:
    """Replace a valid certificate (an error by the issuer) with a new one.

    The new certificate gets a new serial and verification code and a fresh snapshot of the
    holder and the course; the old one becomes "replaced" and points to it. Raises
    `CertificateNotValid` when the certificate was already revoked or replaced.
    """
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != CertificateStatus.VALID:
        raise CertificateNotValid(_("Only a valid certificate can be reissued."))
    enrollment = old.enrollment or Enrollment.objects.get(
        user_id=old.user_id, course_id=old.course_id
    )
    snapshot = _snapshot(enrollment)
    # Free the one-valid slot before the new certificate takes it; both writes commit together.
    # (`replaced_by` cannot be set in the same write: the new row does not exist yet.)
    old.status = CertificateStatus.REPLACED
    Certificate.objects.filter(pk=old.pk).update(status=CertificateStatus.REPLACED)
    new = _new_certificate(enrollment=enrollment, template=old.template, by=by, snapshot=snapshot)
    new.save()
    old.replaced_by = new
    old.save(update_fields=["status", "replaced_by"])
    log(
        instance=old,
        action="cds_certificates.certificate.reissue",
        user=by,
        data={"serial": old.serial, "new_serial": new.serial, "reason": nfc(reason)},
    )
    log(
        instance=new,
        action="cds_certificates.certificate.issue",
        user=by,
        data={"serial": new.serial, "course": new.course_title, "replaces": old.serial},
    )
    _enqueue_render(new.pk)
    return new


@transaction.atomic
def revoke(*, certificate: Certificate, by: AbstractBaseUser, reason: str) -> Certificate:
    """Revoke a valid certificate, recording why, by whom and when.

    Raises `CertificateNotValid` when it was already revoked or replaced, and `ValueError`
    without a reason.
    """
    reason = nfc(reason)
    if not reason:
        raise ValueError("a revocation needs a reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise CertificateNotValid(_("Only a valid certificate can be revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    log(
        instance=certificate,
        action="cds_certificates.certificate.revoke",
        user=by,
        data={"serial": certificate.serial, "reason": reason},
    )
    return certificate


# --- rendering ----------------------------------------------------------------------------


def render_pdf(*, certificate_id: int) -> Certificate:
    """Render and store the certificate's PDF and its SHA-256, unless it is already stored.

    On failure the certificate is marked "failed" with the error, its record otherwise left
    as it was, and the error raised again. Two renders at once store one PDF: the second
    finds the row already ready and deletes its own file.
    """
    from .pdf import render_certificate

    certificate = Certificate.objects.select_related(
        "template__signature_image", "template__seal_image", "template__background_image"
    ).get(pk=certificate_id)
    if certificate.render_state == RenderState.READY and certificate.pdf:
        return certificate
    rows = Certificate.objects.filter(pk=certificate_id)
    rows.update(render_attempts=F("render_attempts") + 1)
    field = certificate.pdf.field
    try:
        rendered = render_certificate(certificate)
        # Storing is part of the render: a full disk or an unreachable bucket fails it too.
        name = f"{certificates_settings.PDF_UPLOAD_TO}/{secrets.token_urlsafe(18)}.pdf"
        name = field.storage.save(name, ContentFile(rendered.data), max_length=field.max_length)
    except Exception as error:
        logger.exception("Rendering certificate %s failed", certificate.serial)
        rows.exclude(render_state=RenderState.READY).update(
            render_state=RenderState.FAILED, render_error=str(error)[:2000]
        )
        raise
    stored = rows.exclude(render_state=RenderState.READY).update(
        pdf=name, pdf_sha256=rendered.sha256, render_state=RenderState.READY, render_error=""
    )
    if not stored:
        field.storage.delete(name)
    certificate.refresh_from_db()
    return certificate


def retry_failed_renders(*, limit: int = 100) -> int:
    """Queue the render of certificates whose PDF failed or never started, up to
    `CERTIFICATES_MAX_RENDER_ATTEMPTS` attempts each; returns how many were queued."""
    from .tasks import render_certificate_pdf

    ids = list(
        Certificate.objects.exclude(render_state=RenderState.READY)
        .filter(render_attempts__lt=certificates_settings.MAX_RENDER_ATTEMPTS)
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        render_certificate_pdf.enqueue(pk)
    return len(ids)


# --- templates ----------------------------------------------------------------------------


def get_or_create_default_template() -> CertificateTemplate:
    """The Vietnamese landscape A4 template the demo ships ("GIẤY CHỨNG NHẬN")."""
    template, _created = CertificateTemplate.objects.get_or_create(
        name=DEFAULT_TEMPLATE_NAME,
        defaults={
            "body": DEFAULT_TEMPLATE_BODY,
            "page_size": PageSize.A4,
            "orientation": Orientation.LANDSCAPE,
            "validity_months": 0,
            "signatory_name": "Nguyễn Văn Minh",
            "signatory_title": "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        },
    )
    return template


# --- bulk issue (admin screen, command, task) ---------------------------------------------


@dataclass(frozen=True)
class BulkIssueSummary:
    """What a bulk issue did: certificates newly issued, and enrollments it could not serve."""

    issued: int
    failed: int


def enrollments_to_certify(*, course_id: int, unit_id: int | None = None) -> Any:
    """Completed enrollments of the course (of the unit's subtree, if given) whose learner has
    no valid certificate for it yet."""
    from lms.models import OrganisationUnit

    enrollments = Enrollment.objects.filter(course_id=course_id, completed_at__isnull=False)
    if unit_id is not None:
        enrollments = enrollments.for_units([OrganisationUnit.objects.get(pk=unit_id)])
    certified = Certificate.objects.valid().filter(course_id=course_id).values("user_id")
    return enrollments.exclude(user_id__in=certified)


def bulk_issue(
    *,
    course_id: int,
    unit_id: int | None = None,
    by: AbstractBaseUser | None = None,
    batch_size: int = 200,
) -> BulkIssueSummary:
    """Issue the certificate of every completed enrollment of a course (optionally only the
    learners of a unit's subtree) that has none, in batches of ids.

    Safe to run again, or to re-run after a killed worker: each certificate goes through
    `issue_certificate`, whose constraint keeps one valid certificate per learner and course,
    and the learners already certified are left out of the next run. Raises `NoTemplate` when
    the course has no template (before issuing anything).
    """
    if template_for_course(course_id) is None:
        raise NoTemplate(_("This course has no certificate template."))
    ids = list(
        enrollments_to_certify(course_id=course_id, unit_id=unit_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    started = timezone.now()
    issued = failed = 0
    for start in range(0, len(ids), batch_size):
        for enrollment_id in ids[start : start + batch_size]:
            try:
                certificate = issue_certificate(enrollment_id=enrollment_id, by=by)
            except (NotCompleted, Enrollment.DoesNotExist):  # changed since the ids were read
                failed += 1
                continue
            # A certificate issued before this run started was another worker's.
            issued += certificate.issued_at >= started
    return BulkIssueSummary(issued=issued, failed=failed)


# --- learner notification (the "ready" email) --------------------------------------------


def send_ready_email(*, certificate_id: int) -> bool:
    """Email the holder that the certificate's PDF is ready, with the download and verification
    URLs; returns whether a message was sent (not when the PDF is not ready or the holder has
    no email address). Written in the active language; sending errors propagate.
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from .pdf import verification_url

    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    if certificate.render_state != RenderState.READY or not certificate.user.email:
        return False
    base = certificates_settings.BASE_URL or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    context = {
        "certificate": certificate,
        "download_url": base.rstrip("/")
        + reverse("certificates:download", kwargs={"pk": certificate.pk}),
        "verification_url": verification_url(certificate),
    }
    subject = render_to_string("certificates/email/ready_subject.txt", context)
    body = render_to_string("certificates/email/ready_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [certificate.user.email])
    return True
