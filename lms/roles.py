"""The platform's roles, kept as Django groups with their permissions.

The groups are created (and their permissions topped up) after every `migrate`, so a new
install has them without a data migration that would go stale as other apps add permissions.
Later apps add permissions to a role with `ROLE_PERMISSIONS[...]` entries of their own through
`register_role_permissions()` in their `AppConfig.ready()`.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

LEARNER = "Learner"
TRAINER = "Trainer"
UNIT_MANAGER = "Unit manager"
EDITOR = "Editor"
SITE_ADMINISTRATOR = "Site administrator"

ROLE_LABELS = {
    LEARNER: _("Learner"),
    TRAINER: _("Trainer"),
    UNIT_MANAGER: _("Unit manager"),
    EDITOR: _("Editor"),
    SITE_ADMINISTRATOR: _("Site administrator"),
}

# "app_label.codename" for each role. Page permissions (Editor, Site administrator) are
# granted on the tree root separately, because Wagtail keeps them per page.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    LEARNER: set(),
    TRAINER: {"wagtailadmin.access_admin"},
    UNIT_MANAGER: {
        "wagtailadmin.access_admin",
        "cds_lms.view_trainingtarget",
        "cds_lms.view_learnerprofile",
        "cds_lms.import_learners",
        "cds_lms.view_organisationunit",
        "cds_lms.assign_courses",
        "cds_lms.view_enrollment",
    },
    EDITOR: {
        "wagtailadmin.access_admin",
        "cds_lms.add_author",
        "cds_lms.change_author",
        "cds_lms.view_author",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    SITE_ADMINISTRATOR: {
        "wagtailadmin.access_admin",
        "cds_lms.add_trainingtarget",
        "cds_lms.change_trainingtarget",
        "cds_lms.delete_trainingtarget",
        "cds_lms.view_trainingtarget",
        "cds_lms.add_author",
        "cds_lms.change_author",
        "cds_lms.delete_author",
        "cds_lms.view_author",
        "cds_lms.add_organisationunit",
        "cds_lms.change_organisationunit",
        "cds_lms.delete_organisationunit",
        "cds_lms.view_organisationunit",
        "cds_lms.add_learnerprofile",
        "cds_lms.change_learnerprofile",
        "cds_lms.view_learnerprofile",
        "cds_lms.import_learners",
        "cds_lms.view_all_learners",
        "cds_lms.add_unitmanagerassignment",
        "cds_lms.change_unitmanagerassignment",
        "cds_lms.delete_unitmanagerassignment",
        "cds_lms.view_unitmanagerassignment",
        "cds_lms.assign_courses",
        "cds_lms.view_enrollment",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
    },
}

ROLE_PAGE_PERMISSIONS: dict[str, set[str]] = {
    EDITOR: {"add_page", "change_page"},
    SITE_ADMINISTRATOR: {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    },
}


def register_role_permissions(role: str, permissions: set[str]) -> None:
    """Let a feature app grant its own permissions to a role (call from `ready()`)."""
    ROLE_PERMISSIONS.setdefault(role, set()).update(permissions)


def _permissions(names: set[str]) -> list[Permission]:
    found = []
    for name in sorted(names):
        app_label, codename = name.split(".", 1)
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:  # an app that is not installed simply grants nothing
            found.append(perm)
    return found


@transaction.atomic
def sync_roles() -> dict[str, Group]:
    """Create the role groups if missing and add any permission they lack. Idempotent."""
    from wagtail.models import GroupPagePermission, Page

    groups = {}
    root = Page.get_first_root_node()
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(names))
        if root is not None:
            for codename in ROLE_PAGE_PERMISSIONS.get(role, ()):
                perm = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=codename
                ).first()
                if perm is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root, permission=perm
                    )
        groups[role] = group
    return groups


def sync_roles_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    # Run once, after the last app has migrated, when every permission exists.
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is None or app_config is not with_models[-1]:
        return
    sync_roles()
