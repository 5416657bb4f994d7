"""State changes of personal data protection: consent, the person's copy of their data,
erasure (on request or after the retention period) and the access log.

Erasure anonymises rather than deletes: the account and its learning records stay, so that
counts and statistics do not change and certificates already issued can still be verified
(under the name printed on them); everything else that identifies the person is removed.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from ..conf import lms_settings
from ..models import LearnerProfile
from .exceptions import ErasureAlreadyRequested, ErasureRefused
from .hooks import PersonalDataSection, erase_in_apps, personal_data_sections
from .models import (
    AccessAction,
    Consent,
    ConsentMethod,
    ErasureRequest,
    ErasureStatus,
    PersonalDataAccess,
)

User = get_user_model()

#: Longest `what` text kept in the access log.
WHAT_MAX = 500


# --- the access log -------------------------------------------------------------------------


def log_access(*, actor: Any, action: str, subject: Any = None, what: str = "") -> None:
    """Record that `actor` did `action` (an `AccessAction`) on `subject`'s personal data (None
    for a listing or export of many people, which `what` then describes). One INSERT."""
    PersonalDataAccess.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        subject=subject,
        action=action,
        what=what[:WHAT_MAX],
    )


def describe_request(name: str, query: Any, *, ignore: tuple[str, ...] = ()) -> str:
    """A listing's name with the filters of its query string, e.g. "Learners (unit=3, q=an)"."""
    filters = [
        f"{key}={value}"
        for key, values in sorted(query.lists())
        if key not in ignore
        for value in values
        if value != ""
    ]
    return f"{name} ({', '.join(filters)})" if filters else str(name)


# --- consent --------------------------------------------------------------------------------


def needs_consent(user: Any) -> bool:
    """Whether `user` must agree to the current privacy notice before going on.

    True for a person with a learner profile whose recorded consent is to another version (or,
    with `LMS_PRIVACY_ASK_UNRECORDED_CONSENT`, to none). Reads the profile as loaded with the
    user (`lms.auth_backends` selects it): no query.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        profile = user.learner_profile
    except LearnerProfile.DoesNotExist:
        return False
    if profile is None:
        return False
    recorded = profile.consent_version
    if not recorded and not lms_settings.PRIVACY_ASK_UNRECORDED_CONSENT:
        return False
    return recorded != lms_settings.PRIVACY_NOTICE_VERSION


@transaction.atomic
def record_consent(
    *, user: Any, method: str = ConsentMethod.RECONSENT, version: str | None = None
) -> Consent:
    """Record `user`'s consent to `version` (the current notice by default) in their history
    and on their profile. Idempotent: agreeing twice to one version records one consent."""
    from .. import services as lms_services

    version = version or lms_settings.PRIVACY_NOTICE_VERSION
    now = timezone.now()
    profile = lms_services.ensure_profile(user)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                user=user, notice_version=version, given_at=now, method=method
            )
    except IntegrityError:
        consent = Consent.objects.get(user=user, notice_version=version)
    if profile.consent_version != version:
        profile.consent_version = version
        profile.consented_at = consent.given_at
        profile.save(update_fields=["consent_version", "consented_at", "updated_at"])
    return consent


# --- the person's copy of their data --------------------------------------------------------


def export_personal_data(
    user: Any, *, sections: list[PersonalDataSection] | None = None
) -> dict[str, Any]:
    """Everything held about `user`, for Django's JSON encoder: account, profile, consents,
    erasure requests, the access log about them, then each app's section (`lms_personal_data`;
    pass `sections` when they are already collected)."""
    from ..models import Enrollment, LessonProgress

    user = User.objects.select_related("learner_profile__unit").get(pk=user.pk)
    profile = getattr(user, "learner_profile", None)
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": None,
    }
    if profile is not None:
        data["profile"] = {
            "full_name": profile.full_name,
            "unit": profile.unit.name if profile.unit else "",
            "unit_code": profile.unit.code if profile.unit else "",
            "position": profile.position,
            "category": profile.get_category_display(),
            "phone": profile.phone,
            "employee_code": profile.employee_code,
            "consent_version": profile.consent_version,
            "consented_at": profile.consented_at,
            "created_at": profile.created_at,
        }
    data["consents"] = [
        {"notice_version": c.notice_version, "given_at": c.given_at, "how": c.method}
        for c in Consent.objects.filter(user=user)
    ]
    lessons: dict[int, list] = {}
    for progress in LessonProgress.objects.filter(enrollment__user=user).select_related("lesson"):
        lessons.setdefault(progress.enrollment_id, []).append(
            {"lesson": progress.lesson.title, "completed_at": progress.completed_at}
        )
    data["enrollments"] = [
        {
            "course": enrollment.course.title,
            "status": enrollment.status,
            "source": enrollment.source,
            "enrolled_at": enrollment.enrolled_at,
            "completed_at": enrollment.completed_at,
            "withdrawn_at": enrollment.withdrawn_at,
            "due_date": enrollment.due_date,
            "progress_percent": enrollment.progress_percent,
            "last_activity_at": enrollment.last_activity_at,
            "lessons_completed": lessons.get(enrollment.pk, []),
        }
        for enrollment in Enrollment.objects.filter(user=user).select_related("course")
    ]
    data["erasure_requests"] = [
        {
            "requested_at": r.requested_at,
            "reason": r.reason,
            "status": r.status,
            "decided_at": r.decided_at,
        }
        for r in ErasureRequest.objects.filter(user=user)
    ]
    data["personal_data_access_log"] = [
        {"at": a.at, "action": a.action, "what": a.what}
        for a in PersonalDataAccess.objects.filter(subject=user)
    ]
    if sections is None:
        sections = personal_data_sections(user)
    for section in sections:
        data[section.name] = section.data
    return data


def build_data_archive(*, user: Any) -> bytes:
    """A ZIP of `user`'s data: data.json and the files apps add (certificate PDFs), logged as
    the person downloading their own data."""
    sections = personal_data_sections(user)
    data = export_personal_data(user, sections=sections)
    files = [item for section in sections for item in section.files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        )
        for name, content in files:
            archive.writestr(name, content)
    log_access(
        actor=user, subject=user, action=AccessAction.DOWNLOADED_OWN, what="data.json + files"
    )
    return buffer.getvalue()


# --- erasure --------------------------------------------------------------------------------


def is_anonymised(user: Any) -> bool:
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.APPROVED).exists()


def request_erasure(*, user: Any, reason: str = "") -> ErasureRequest:
    """Ask for one's personal data to be erased; an administrator decides.

    Raises `ErasureAlreadyRequested` when a request is already pending (a unique constraint
    decides, so two clicks make one request) and `ErasureRefused` for a staff account.
    """
    if user.is_staff or user.is_superuser:
        raise ErasureRefused(
            _("Staff accounts are not erased this way: ask another administrator.")
        )
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                user=user, requested_at=timezone.now(), reason=reason.strip()[:2000]
            )
            log_access(actor=user, subject=user, action=AccessAction.ERASURE_REQUESTED)
    except IntegrityError as exc:
        raise ErasureAlreadyRequested(
            _("You have already asked for your data to be erased; an administrator will decide.")
        ) from exc
    return request


def anonymous_label(user: Any) -> str:
    """The name an erased person's profile keeps, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Erased learner #%(id)s") % {"id": user.pk}


def _anonymise(user: Any) -> None:
    """Replace what identifies `user` by neutral values; keep unit, category and records."""
    label = anonymous_label(user)
    username = f"erased-{user.pk}"
    old_identifiers = {user.get_username(), user.email} - {""}
    User.objects.filter(pk=user.pk).update(
        username=username, email="", first_name="", last_name="", is_active=False
    )
    user.refresh_from_db()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is not None:
        # The unit and category stay: statistics by unit and category count the person.
        LearnerProfile.objects.filter(pk=profile.pk).update(
            full_name=label, position="", phone="", employee_code="", updated_at=timezone.now()
        )
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(LearnerProfile),
            object_id=str(profile.pk),
        ).update(label=label)
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=username)
    # Other records' history names them by account too (an enrollment is "email — course").
    # Email addresses only: a short username ("an") would also match inside other labels.
    for identifier in sorted((i for i in old_identifiers if "@" in i), key=len, reverse=True):
        ModelLogEntry.objects.filter(label__contains=identifier).update(
            label=Replace(F("label"), Value(identifier), Value(username))
        )
    # Their sessions end: an inactive account is logged out at its next request anyway.
    erase_in_apps(user)


def can_manage_personal_data(user: Any) -> bool:
    from .models import MANAGE_PERMISSION

    return bool(user and user.is_active and user.has_perm(MANAGE_PERMISSION))


def _check_manager(by: Any) -> None:
    from ..exceptions import NotPermitted

    if not can_manage_personal_data(by):
        raise NotPermitted(_("You may not decide erasure requests."))


def _decide(request: ErasureRequest, by: Any, status: str, action: str) -> bool:
    """Mark a pending request decided and log it; False (nothing done) when it was decided
    already: the conditional update lets one of two concurrent decisions through."""
    _check_manager(by)
    decided = ErasureRequest.objects.filter(pk=request.pk, status=ErasureStatus.PENDING).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )
    if not decided:
        return False
    log_access(actor=by, subject=request.user, action=action, what=f"erasure request #{request.pk}")
    request.refresh_from_db()
    return True


@transaction.atomic
def approve_erasure(*, request: ErasureRequest, by: Any) -> bool:
    """Approve a pending request and anonymise the person, in one transaction. Returns False
    (and does nothing) when the request was already decided. Raises `NotPermitted` for anyone
    but superusers and site administrators."""
    if not _decide(request, by, ErasureStatus.APPROVED, AccessAction.ERASURE_APPROVED):
        return False
    _anonymise(request.user)
    return True


@transaction.atomic
def reject_erasure(*, request: ErasureRequest, by: Any) -> bool:
    """Reject a pending request (the person may ask again). False when already decided."""
    return _decide(request, by, ErasureStatus.REJECTED, AccessAction.ERASURE_REJECTED)


# --- retention ------------------------------------------------------------------------------


def inactive_accounts(*, years: int, now: datetime.datetime | None = None) -> QuerySet:
    """Accounts not staff, not yet anonymised, whose last login (or registration, for who never
    logged in) is more than `years` years before `now`."""
    now = now or timezone.now()
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - years, day=28)
    anonymised = ErasureRequest.objects.filter(user=OuterRef("pk"), status=ErasureStatus.APPROVED)
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(Exists(anonymised))
        .order_by("pk")
    )


def purge_inactive(
    *, years: int, now: datetime.datetime | None = None, dry_run: bool = False
) -> int:
    """Anonymise the accounts `inactive_accounts()` finds, each in its own transaction, as an
    erasure without a request (a pending one is approved by it). Returns how many; run again,
    it finds none of them (idempotent)."""
    now = now or timezone.now()
    users = list(inactive_accounts(years=years, now=now))
    if dry_run:
        return len(users)
    done = 0
    for user in users:
        with transaction.atomic():
            # Two runs at once: the row lock makes the second see the first's erasure.
            list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
            if is_anonymised(user):
                continue
            pending = ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING)
            if not pending.update(status=ErasureStatus.APPROVED, decided_at=now):
                ErasureRequest.objects.create(
                    user=user,
                    requested_at=now,
                    reason=f"retention: {years} years",
                    status=ErasureStatus.APPROVED,
                    decided_at=now,
                )
            _anonymise(user)
            log_access(
                actor=None,
                subject=user,
                action=AccessAction.RETENTION_PURGE,
                what=f"inactive for more than {years} years",
            )
        done += 1
    return done
