"""Every state change of people and organisations goes through these functions.

Views, admin screens, commands and tasks call them, so the rules, the atomicity and the audit
log entries are the same whichever door a change comes in by.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import roles
from .conf import lms_settings
from .exceptions import ConsentRequiredError, DuplicateEmailError, UnitMoveError
from .models import LearnerProfile, OrganisationUnit, UnitManagerAssignment
from .text import nfc

User = get_user_model()


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
    return users.exists() or User.objects.filter(username__iexact=email.strip()).exclude(
        pk=exclude_user_id or 0
    ).exists()


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
        log(instance=unit, action="cds_lms.unit.assign_manager", user=by,
            data={"manager": user.get_username()})
    return assignment
