"""Every state change of people and organisations goes through these functions.

Views, admin screens, commands and tasks call them, so the rules, the atomicity and the audit
log entries are the same whichever door a change comes in by.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from . import roles
from .conf import lms_settings
from .exceptions import (
    ConsentRequiredError,
    DuplicateEmailError,
    EnrollmentRefused,
    LearnerImportError,
    NotEnrolledError,
    NotPermitted,
    UnitDeleteError,
    UnitMoveError,
)
from .learner_import import LearnerRow, validate_file
from .models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LearnerImport,
    LearnerImportStatus,
    LearnerProfile,
    LessonProgress,
    OrganisationUnit,
    ProgressSource,
    UnitManagerAssignment,
    path_in_scope,
    scope_paths,
)
from .signals import enrollment_withdrawn, learner_enrolled
from .spreadsheets import chunked
from .text import nfc

User = get_user_model()
logger = logging.getLogger(__name__)

# Rows per INSERT/UPDATE of a bulk import; the database may cap it lower (SQLite: 999 values).
IMPORT_BATCH_SIZE = 1000


# --- organisation units -------------------------------------------------------------------


@transaction.atomic
def create_unit(
    *, code: str, name: str, kind: str, parent: OrganisationUnit | None = None
) -> OrganisationUnit:
    """Create a unit at the root or under `parent` (siblings are kept sorted by name)."""
    unit = OrganisationUnit(code=code.strip(), name=nfc(name), kind=kind)
    if parent is None:
        return OrganisationUnit.add_root(instance=unit)
    parent.refresh_from_db()  # treebeard needs the parent's current path and child count
    return parent.add_child(instance=unit)


def check_unit_move(unit: OrganisationUnit, new_parent: OrganisationUnit | None) -> None:
    """Raise `UnitMoveError` if `unit` cannot go under `new_parent`."""
    if new_parent is None:
        return
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise UnitMoveError(
            _("“%(unit)s” cannot be moved under itself or one of its own sub-units.")
            % {"unit": unit.name}
        )


@transaction.atomic
def update_unit(
    *,
    unit: OrganisationUnit,
    code: str,
    name: str,
    kind: str,
    parent: OrganisationUnit | None,
    user: AbstractBaseUser | None = None,
) -> OrganisationUnit:
    """Change a unit's fields and, if `parent` differs, move it with its whole subtree.

    Raises `UnitMoveError` (nothing changed) for a move under the unit itself or a descendant.
    """
    unit = OrganisationUnit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None:
        parent.refresh_from_db()  # sorted inserts re-path siblings: never trust a stale path
    current_parent = unit.get_parent()
    moving = (current_parent.pk if current_parent else None) != (parent.pk if parent else None)
    if moving:
        check_unit_move(unit, parent)
    unit.code, unit.name, unit.kind = code.strip(), nfc(name), kind
    unit.save()
    if moving:
        if parent is None:
            unit.move(OrganisationUnit.get_first_root_node(), "sorted-sibling")
        else:
            unit.move(parent, "sorted-child")
        unit.refresh_from_db()
        log(instance=unit, action="cds_lms.unit.move", user=user)
    return unit


# --- people -------------------------------------------------------------------------------


def email_taken(email: str, *, exclude_user_id: int | None = None) -> bool:
    users = User.objects.filter(email__iexact=email.strip())
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return (
        users.exists()
        or User.objects.filter(username__iexact=email.strip())
        .exclude(pk=exclude_user_id or 0)
        .exists()
    )


@transaction.atomic
def register_learner(
    *,
    full_name: str,
    email: str,
    password: str,
    unit: OrganisationUnit,
    category: str,
    consent: bool,
    position: str = "",
    phone: str = "",
) -> AbstractBaseUser:
    """Create an account with its profile and the Learner role, recording the consent.

    The username is the lower-cased email, so two submissions of the same form (a double
    click, a retry) collide on the username's unique constraint and only one account exists.
    Raises `ConsentRequiredError` or `DuplicateEmailError`; nothing is written then.
    """
    if not consent:
        raise ConsentRequiredError(_("You must agree to the privacy notice to create an account."))
    email = email.strip().lower()
    duplicate = DuplicateEmailError(
        _("An account with this email address already exists. Log in or reset your password.")
    )
    if email_taken(email):
        raise duplicate
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email, email=email, password=password)
    except IntegrityError as exc:
        raise duplicate from exc
    LearnerProfile.objects.create(
        user=user,
        full_name=full_name,
        unit=unit,
        category=category,
        position=position,
        phone=phone,
        consent_version=lms_settings.PRIVACY_NOTICE_VERSION,
        consented_at=timezone.now(),
    )
    user.groups.add(Group.objects.get_or_create(name=roles.LEARNER)[0])
    log(instance=user, action="cds_lms.learner.register", user=user)
    return user


@transaction.atomic
def update_profile(
    *,
    profile: LearnerProfile,
    full_name: str,
    unit: OrganisationUnit | None,
    position: str,
    category: str,
    phone: str,
    email: str | None = None,
    user: AbstractBaseUser | None = None,
) -> LearnerProfile:
    """Save a learner's own details; a new email must not belong to another account."""
    account = profile.user
    if email is not None and email.strip().lower() != (account.email or "").lower():
        email = email.strip().lower()
        if email_taken(email, exclude_user_id=account.pk):
            raise DuplicateEmailError(_("Another account already uses this email address."))
        account.email = email
        account.save(update_fields=["email"])
    profile.full_name = full_name
    profile.unit = unit
    profile.position = position
    profile.category = category
    profile.phone = phone.strip()
    profile.save()
    log(instance=profile, action="wagtail.edit", user=user or account)
    return profile


def ensure_profile(user: AbstractBaseUser) -> LearnerProfile:
    """The user's profile, created empty (named after the account) when missing. Idempotent."""
    try:
        return user.learner_profile
    except LearnerProfile.DoesNotExist:
        pass
    name = user.get_full_name() or user.get_username()
    try:
        with transaction.atomic():
            return LearnerProfile.objects.create(user=user, full_name=name)
    except IntegrityError:
        return LearnerProfile.objects.get(user=user)


@transaction.atomic
def assign_unit_manager(
    *, user: AbstractBaseUser, unit: OrganisationUnit, by: AbstractBaseUser | None = None
) -> UnitManagerAssignment:
    """Make `user` a manager of `unit`'s subtree and give them the Unit manager role.

    Assigning the same person twice changes nothing.
    """
    assignment, created = UnitManagerAssignment.objects.get_or_create(user=user, unit=unit)
    user.groups.add(Group.objects.get_or_create(name=roles.UNIT_MANAGER)[0])
    if created:
        log(
            instance=unit,
            action="cds_lms.unit.assign_manager",
            user=by,
            data={"manager": user.get_username()},
        )
    return assignment


# --- admin additions: deleting units, removing managers, administrators' profile edits ----


def _unit_has_learners(unit: OrganisationUnit) -> UnitDeleteError:
    return UnitDeleteError(
        _("“%(unit)s” has learners. Move them to another unit before deleting this unit.")
        % {"unit": unit.name}
    )


def check_unit_delete(unit: OrganisationUnit) -> None:
    """Raise `UnitDeleteError` if `unit` still has sub-units or learners.

    Deleting a tree node deletes its whole subtree, and learners' units are protected, so a
    unit must be emptied (its sub-units moved or deleted, its learners moved) first.
    """
    if unit.get_children_count():
        raise UnitDeleteError(
            _("“%(unit)s” has sub-units. Move or delete them before deleting this unit.")
            % {"unit": unit.name}
        )
    if LearnerProfile.objects.filter(unit=unit).exists():
        raise _unit_has_learners(unit)


@transaction.atomic
def delete_unit(*, unit: OrganisationUnit, user: AbstractBaseUser | None = None) -> None:
    """Delete an empty unit. Raises `UnitDeleteError` (nothing deleted) if it is not empty."""
    unit = OrganisationUnit.objects.select_for_update().get(pk=unit.pk)
    check_unit_delete(unit)
    log(instance=unit, action="wagtail.delete", user=user, deleted=True)
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError as exc:  # a learner was put in the unit after the check
        raise _unit_has_learners(unit) from exc


@transaction.atomic
def remove_unit_manager(
    *, user: AbstractBaseUser, unit: OrganisationUnit, by: AbstractBaseUser | None = None
) -> bool:
    """Stop `user` managing `unit`; returns whether an assignment existed.

    The Unit manager role is taken away with the person's last assignment, so nobody keeps
    access to the admin with an empty scope. Removing twice changes nothing.
    """
    deleted, _rows = UnitManagerAssignment.objects.filter(user=user, unit=unit).delete()
    if not deleted:
        return False
    if not UnitManagerAssignment.objects.filter(user=user).exists():
        user.groups.remove(*Group.objects.filter(name=roles.UNIT_MANAGER))
    log(
        instance=unit,
        action="cds_lms.unit.remove_manager",
        user=by,
        data={"manager": user.get_username()},
    )
    return True


@transaction.atomic
def update_learner(
    *,
    profile: LearnerProfile,
    full_name: str,
    unit: OrganisationUnit | None,
    position: str,
    category: str,
    phone: str,
    employee_code: str,
    by: AbstractBaseUser | None = None,
) -> LearnerProfile:
    """An administrator's edit of a learner: the learner's own details plus the employee code.

    The employee code is unique when set; the database constraint has the last word, so two
    concurrent edits cannot both keep the same code.
    """
    profile.employee_code = employee_code.strip()
    return update_profile(
        profile=profile,
        full_name=full_name,
        unit=unit,
        position=position,
        category=category,
        phone=phone,
        user=by,
    )


# --- bulk import of learners --------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, person by person."""

    created: int = 0  # new learners: a new account, or an existing account's first profile
    updated: int = 0  # existing learners whose profile (or Learner role) changed
    unchanged: int = 0  # existing learners already exactly as in the file

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@transaction.atomic
def import_learners(
    *,
    rows: Sequence[LearnerRow],
    by: AbstractBaseUser | None = None,
    record: LearnerImport | None = None,
) -> ImportSummary:
    """Create or update one learner per row, all in one transaction, with bulk queries.

    `rows` are clean rows from `lms.learner_import.validate_file()`. A row names its person by
    email: an account whose email matches case-insensitively is updated, otherwise a new one
    is made (username = lower-cased email, an unusable password: the person sets one through
    "forgot password"). Each person gets a learner profile and the Learner role. Importing the
    same rows again changes nothing and counts them as unchanged. One log entry records the
    import, on `record` when given, else on `by`'s account (none without either).

    The number of queries does not grow with the rows, only with the database's batches.
    Raises `LearnerImportError` (nothing written) if two rows, or two accounts, share an email.
    """
    rows = list(rows)
    emails = [row.email for row in rows]
    if len(set(emails)) != len(emails):
        raise LearnerImportError(_("The same email address appears on two rows."))
    learner_group = Group.objects.get_or_create(name=roles.LEARNER)[0]

    # 1. The accounts that exist, with their profiles (one query per chunk of emails).
    accounts: dict[str, AbstractBaseUser] = {}
    for chunk in chunked(emails):
        for account in (
            User.objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=chunk)
            .select_related("learner_profile")
            .order_by()
        ):
            if account.lower_email in accounts:
                raise LearnerImportError(
                    _("Several accounts use the email address %(email)s.")
                    % {"email": account.lower_email}
                )
            accounts[account.lower_email] = account

    # 2. New accounts, in bulk.
    new_accounts = [User(username=email, email=email) for email in emails if email not in accounts]
    for account in new_accounts:
        account.set_unusable_password()
    User.objects.bulk_create(new_accounts, batch_size=IMPORT_BATCH_SIZE)
    if any(account.pk is None for account in new_accounts):
        # Databases that cannot return ids from a bulk insert: look them up by username.
        ids: dict[str, int] = {}
        for chunk in chunked([account.username for account in new_accounts]):
            ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
        for account in new_accounts:
            account.pk = ids[account.username]
    new_ids = {account.email: account.pk for account in new_accounts}

    # 3. Profiles: create the missing, update the changed, count the rest.
    to_create: list[LearnerProfile] = []
    to_update: list[LearnerProfile] = []
    changed_fields: set[str] = set()
    changed_ids: set[int] = set()
    for row in rows:
        values = {
            "full_name": nfc(row.full_name),  # bulk queries bypass save(), which would do this
            "unit_id": row.unit_id,
            "position": nfc(row.position),
            "category": row.category,
        }
        if row.employee_code is not None:  # a blank cell keeps the code on record
            values["employee_code"] = row.employee_code
        account = accounts.get(row.email)
        profile = getattr(account, "learner_profile", None) if account is not None else None
        if profile is None:
            user_id = account.pk if account is not None else new_ids[row.email]
            to_create.append(LearnerProfile(user_id=user_id, **values))
            continue
        changed = [name for name, value in values.items() if getattr(profile, name) != value]
        if changed:
            for name in changed:
                setattr(profile, name, values[name])
            changed_fields.update(name.removesuffix("_id") for name in changed)
            to_update.append(profile)
            changed_ids.add(account.pk)
    LearnerProfile.objects.bulk_create(to_create, batch_size=IMPORT_BATCH_SIZE)
    # bulk_update() builds a CASE per field and row in Python, its slow part: only the fields
    # that changed somewhere go through it; the common timestamp is one plain UPDATE.
    if to_update:
        LearnerProfile.objects.bulk_update(
            to_update, fields=sorted(changed_fields), batch_size=IMPORT_BATCH_SIZE
        )
    now = timezone.now()  # auto_now does not run in bulk queries
    for chunk in chunked([profile.pk for profile in to_update]):
        LearnerProfile.objects.filter(pk__in=chunk).update(updated_at=now)

    # 4. The Learner role for whoever lacks it.
    Membership = User.groups.through
    existing_ids = [account.pk for account in accounts.values()]
    members: set[int] = set()
    for chunk in chunked(existing_ids):
        members.update(
            Membership.objects.filter(group=learner_group, user_id__in=chunk).values_list(
                "user_id", flat=True
            )
        )
    joining = [pk for pk in existing_ids if pk not in members] + list(new_ids.values())
    Membership.objects.bulk_create(
        [Membership(user_id=pk, group_id=learner_group.pk) for pk in joining],
        batch_size=IMPORT_BATCH_SIZE,
    )
    profile_owners = {profile.user_id for profile in to_create}
    changed_ids.update(pk for pk in joining if pk not in profile_owners)

    created = len(to_create)
    summary = ImportSummary(
        created=created, updated=len(changed_ids), unchanged=len(rows) - created - len(changed_ids)
    )
    if record is not None or by is not None:
        log(
            instance=record if record is not None else by,
            action="cds_lms.learner.import",
            user=by,
            data={
                "file": record.original_filename if record is not None else "",
                "rows": len(rows),
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
    return summary


def submit_learner_import(
    *,
    file: File,
    filename: str,
    by: AbstractBaseUser | None = None,
    background: bool = True,
) -> LearnerImport:
    """Keep an uploaded learner file and import it: in the background (`run_learner_import`,
    enqueued once the record is committed) or, with `background=False`, right now.

    Call it with a file `validate_file()` found clean; the run checks it again anyway, since
    the database may have changed in between. Returns the record (finished unless background).
    """
    record = LearnerImport(
        original_filename=filename[:255], uploaded_by=by, language=translation.get_language() or ""
    )
    with transaction.atomic():
        record.file.save(filename, file, save=False)
        record.save()
        if background:
            from .tasks import run_learner_import  # the task module imports this one

            record_id = record.pk
            transaction.on_commit(lambda: run_learner_import.enqueue(record_id))
    if not background:
        record = process_learner_import(import_id=record.pk)
    return record


def process_learner_import(*, import_id: int) -> LearnerImport:
    """Run a pending import: read its stored file, check it again, write it, record the result.

    Safe to call twice (a retried task, two workers): only the call that moves the record from
    pending to running does the work; the others return the record as it is. The outcome is
    saved in the same transaction as the learners, so "succeeded" means the rows are written.
    Re-raises unexpected errors after recording the import as failed.
    """
    claimed = LearnerImport.objects.filter(pk=import_id, status=LearnerImportStatus.PENDING).update(
        status=LearnerImportStatus.RUNNING
    )
    record = LearnerImport.objects.select_related("uploaded_by").get(pk=import_id)
    if not claimed:
        return record
    with translation.override(record.language or settings.LANGUAGE_CODE):
        try:
            with record.file.open("rb") as stored:
                result = validate_file(
                    stored, filename=record.original_filename, user=record.uploaded_by
                )
            record.row_count = result.row_count
            if not result.is_valid:
                _finish_import(record, errors=[error.as_dict() for error in result.errors])
                return record
            with transaction.atomic():
                summary = import_learners(rows=result.rows, by=record.uploaded_by, record=record)
                record.created_count = summary.created
                record.updated_count = summary.updated
                record.unchanged_count = summary.unchanged
                _finish_import(record, errors=[])
        except LearnerImportError as exc:  # the database changed under the checked rows
            _finish_import(record, errors=[{"row": None, "column": "", "message": str(exc)}])
        except Exception:
            logger.exception("Learner import %s failed", import_id)
            message = _(
                "The import stopped because of an unexpected error and nothing was written. "
                "Try again later or contact the site administrator."
            )
            _finish_import(record, errors=[{"row": None, "column": "", "message": message}])
            raise
    return record


def _finish_import(record: LearnerImport, *, errors: list[dict]) -> None:
    record.status = LearnerImportStatus.FAILED if errors else LearnerImportStatus.SUCCEEDED
    if errors:  # nothing was written, whatever was counted before the failure
        record.created_count = record.updated_count = record.unchanged_count = 0
    record.errors = errors
    record.finished_at = timezone.now()
    record.save()


# --- enrollment and progress --------------------------------------------------------------


def _reopen(enrollment: Enrollment, *, source: str, by: AbstractBaseUser | None) -> bool:
    """Bring a withdrawn enrollment back; returns whether anything changed."""
    if enrollment.status != EnrollmentStatus.WITHDRAWN:
        return False
    enrollment.status = (
        EnrollmentStatus.COMPLETED if enrollment.completed_at else EnrollmentStatus.ACTIVE
    )
    enrollment.withdrawn_at = None
    enrollment.source = source
    enrollment.assigned_by = by if source == EnrollmentSource.ASSIGNED else None
    enrollment.save(update_fields=["status", "withdrawn_at", "source", "assigned_by"])
    return True


@transaction.atomic
def enroll(
    *,
    user: AbstractBaseUser,
    course,
    source: str = EnrollmentSource.SELF,
    by: AbstractBaseUser | None = None,
    due_date: datetime.date | None = None,
) -> Enrollment:
    """Enrol `user` in `course` (a course page). Repeating it changes nothing.

    Self-enrolment asks the course first (``course.self_enrollment_refusal(user, now)``) and
    raises `EnrollmentRefused` with the course's reason. Two requests at once (a double click,
    two tabs) meet the one-enrollment-per-course constraint, and the loser reads the winner's row.
    """
    course = course.specific
    now = timezone.now()
    if source == EnrollmentSource.SELF:
        reason = course.self_enrollment_refusal(user, now)
        if reason:
            raise EnrollmentRefused(reason)
    if due_date is None:
        due_date = course.default_due_date()
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                user=user,
                course=course,
                source=source,
                assigned_by=by if source == EnrollmentSource.ASSIGNED else None,
                enrolled_at=now,
                due_date=due_date,
            )
    except IntegrityError:
        enrollment = Enrollment.objects.select_for_update().get(user=user, course=course)
        if not _reopen(enrollment, source=source, by=by):
            return enrollment
    log(
        instance=enrollment,
        action="cds_lms.enrollment.enrol",
        user=by or user,
        data={"course": course.title, "source": source},
    )
    ids = {"enrollment_id": enrollment.pk, "user_id": user.pk, "course_id": course.pk}
    transaction.on_commit(lambda: learner_enrolled.send(sender=Enrollment, source=source, **ids))
    return enrollment


@transaction.atomic
def withdraw(*, enrollment: Enrollment, user: AbstractBaseUser) -> Enrollment:
    """Withdraw the learner's own enrollment. Progress records are kept for a later return.

    Raises `EnrollmentRefused` for an assigned course (it is part of the person's duties) or a
    completed one (completion is a record, not a state to leave).
    """
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.user_id != user.pk:
        raise NotEnrolledError(_("This enrollment is not yours."))
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        return enrollment
    refusal = enrollment.withdraw_refusal()
    if refusal:
        raise EnrollmentRefused(refusal)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    log(instance=enrollment, action="cds_lms.enrollment.withdraw", user=user)
    enrollment_withdrawn.send(
        sender=Enrollment,
        enrollment_id=enrollment.pk,
        user_id=enrollment.user_id,
        course_id=enrollment.course_id,
    )
    return enrollment


@dataclass(frozen=True)
class AssignmentSummary:
    created: int
    reopened: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.reopened + self.unchanged


@transaction.atomic
def assign_course(
    *,
    course,
    users: Iterable[AbstractBaseUser],
    by: AbstractBaseUser,
    due_date: datetime.date | None = None,
) -> AssignmentSummary:
    """Assign `course` to `users` with a due date, as an administrator or a unit manager.

    Everyone must be within `by`'s scope, or `NotPermitted` is raised and nothing is written.
    People already enrolled are left as they are (assigning twice changes nothing); withdrawn
    ones are brought back as assigned. Written in bulk: a constant number of queries.
    """
    if not (by.is_superuser or by.has_perm("cds_lms.assign_courses")):
        raise NotPermitted(_("You may not assign courses."))
    course = course.specific
    user_ids = {u.pk for u in users}
    profiles = {
        p.user_id: p
        for p in LearnerProfile.objects.filter(user_id__in=user_ids).select_related("unit")
    }
    paths = scope_paths(by)
    if paths is not None:
        outside = [
            uid
            for uid in user_ids
            if uid not in profiles
            or not path_in_scope(profiles[uid].unit.path if profiles[uid].unit else None, paths)
        ]
        if outside:
            raise NotPermitted(
                ngettext(
                    "%(count)d of the chosen people is outside your units; nothing was assigned.",
                    "%(count)d of the chosen people are outside your units; nothing was assigned.",
                    len(outside),
                )
                % {"count": len(outside)}
            )
    now = timezone.now()
    due_date = due_date or course.default_due_date()
    existing = {
        e.user_id: e
        for e in Enrollment.objects.select_for_update().filter(course=course, user_id__in=user_ids)
    }
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                user_id=uid,
                course=course,
                source=EnrollmentSource.ASSIGNED,
                assigned_by=by,
                enrolled_at=now,
                due_date=due_date,
            )
            for uid in sorted(user_ids - existing.keys())
        ],
        ignore_conflicts=True,  # a concurrent assignment of the same person: the row exists
    )
    withdrawn = [e.pk for e in existing.values() if e.status == EnrollmentStatus.WITHDRAWN]
    reopened = Enrollment.objects.filter(pk__in=withdrawn, completed_at__isnull=True).update(
        status=EnrollmentStatus.ACTIVE,
        withdrawn_at=None,
        source=EnrollmentSource.ASSIGNED,
        assigned_by=by,
        due_date=due_date,
    ) + Enrollment.objects.filter(pk__in=withdrawn, completed_at__isnull=False).update(
        status=EnrollmentStatus.COMPLETED, withdrawn_at=None
    )
    summary = AssignmentSummary(
        created=len(user_ids) - len(existing),
        reopened=reopened,
        unchanged=len(existing) - reopened,
    )
    log(
        instance=course,
        action="cds_lms.enrollment.assign",
        user=by,
        data={
            "created": summary.created,
            "reopened": summary.reopened,
            "unchanged": summary.unchanged,
            "due_date": due_date.isoformat() if due_date else None,
        },
    )
    return summary


def current_enrollment(*, user: AbstractBaseUser, course_id: int) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.current().filter(user=user, course_id=course_id).first()


@transaction.atomic
def record_lesson_completed(
    *,
    user: AbstractBaseUser,
    course,
    lesson,
    source: str = ProgressSource.MANUAL,
) -> Enrollment:
    """Record that `user` completed `lesson` of `course`, then re-evaluate the enrollment.

    Safe to repeat (reloads, double clicks, two tabs): the one-row-per-lesson constraint
    decides and a repeat writes nothing new. Raises `NotEnrolledError` when the person has no
    current enrollment, and `ValueError` if the lesson is not inside the course.
    """
    from .completion import evaluate

    if not lesson.path.startswith(course.path) or lesson.pk == course.pk:
        raise ValueError("lesson is not part of course")
    # Lock the enrollment: two lessons completed at the same instant (two tabs, two workers)
    # are evaluated one after the other, so the second sees the first's progress and the
    # completion is not lost between them.
    enrollment = (
        Enrollment.objects.current()
        .select_for_update()
        .filter(user=user, course_id=course.pk)
        .first()
    )
    if enrollment is None:
        raise NotEnrolledError(_("Enrol in the course to record your progress."))
    now = timezone.now()
    try:
        with transaction.atomic():
            LessonProgress.objects.create(
                enrollment=enrollment, lesson_id=lesson.pk, completed_at=now, source=source
            )
    except IntegrityError:
        return enrollment  # already recorded: nothing changes
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
    enrollment.last_activity_at = now
    enrollment.course = course  # evaluate() reads the course's criteria from it
    evaluate(enrollment)
    return enrollment


@dataclass(frozen=True)
class ReevaluationChange:
    enrollment_id: int
    username: str
    progress_before: int
    progress_after: int
    completed: bool


def reevaluate_course(course) -> list[ReevaluationChange]:
    """Re-evaluate every current, not yet completed enrollment of `course` after its rules
    changed; returns what changed. Completed enrollments are never touched."""
    from .completion import evaluate

    changes = []
    course = course.specific
    enrollments = (
        Enrollment.objects.current()
        .filter(course=course, completed_at__isnull=True)
        .select_related("user")
    )
    for enrollment in enrollments:
        before = enrollment.progress_percent
        enrollment.course = course
        with transaction.atomic():
            completed = evaluate(enrollment)
        if completed or enrollment.progress_percent != before:
            changes.append(
                ReevaluationChange(
                    enrollment_id=enrollment.pk,
                    username=enrollment.user.get_username(),
                    progress_before=before,
                    progress_after=enrollment.progress_percent,
                    completed=completed,
                )
            )
    return changes
