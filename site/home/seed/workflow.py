"""The editorial workflow of the news: editors write and submit, site administrators approve.

Wagtail's own sample workflow ("Moderators approval", on the tree root) still applies to the
rest of the site; the news index gets a workflow of its own, which wins because Wagtail uses
the nearest workflow up the tree.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms import roles

WORKFLOW_NAME = "Kiểm duyệt tin bài"
TASK_NAME = "Quản trị viên duyệt bài"

# Page permissions on the news index (and so on every article below it). Editors write and
# submit for moderation but never publish; site administrators approve and publish.
NEWS_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    roles.EDITOR: ("add_page", "change_page"),
    roles.SITE_ADMINISTRATOR: ("add_page", "change_page", "publish_page"),
}


def grant_page_permissions(page: Page, permissions: dict[str, tuple[str, ...]]) -> None:
    """Give each named group the named Wagtail page permissions on `page`. Idempotent."""
    for group_name, codenames in permissions.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def seed_news_workflow(news: Page) -> Workflow:
    """The "Kiểm duyệt tin bài" workflow (one approval task for the Site administrator group),
    attached to the news index, and the editors' and administrators' page permissions there.
    Creates what is missing, changes nothing else."""
    administrators = Group.objects.get(name=roles.SITE_ADMINISTRATOR)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(administrators)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not WorkflowPage.objects.filter(page=news).exists():
        WorkflowPage.objects.create(page=news, workflow=workflow)

    grant_page_permissions(news, NEWS_PAGE_PERMISSIONS)
    return workflow
