"""The demo news: articles across the pillars, their authors, and the editorial workflow."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import strip_tags
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Revision,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.search.backends import get_search_backend

from lms.articles.models import ArticleIndexPage, ArticlePage, Author
from lms.roles import EDITOR, SITE_ADMINISTRATOR

WORKFLOW = "Kiểm duyệt tin bài"


@pytest.fixture
def seeded(db) -> ArticleIndexPage:
    call_command("seed_demo", stdout=StringIO())
    return ArticleIndexPage.objects.get(slug="news")


def blocks_of(articles, block_type: str) -> list:
    return [
        block for article in articles for block in article.body if block.block_type == block_type
    ]


def test_the_news_has_six_live_articles_across_the_three_pillars(seeded):
    articles = list(seeded.articles())

    assert seeded.live and seeded.url == "/news/"
    assert len(articles) >= 6
    assert {a.pillar for a in articles} == {
        "digital_government",
        "digital_economy",
        "digital_society",
    }
    assert len({a.kind for a in articles}) == 3
    assert any("Chuyển đổi số" in a.title for a in articles)
    # Newest first, each on its own day: the order does not depend on when the seed ran
    dates = [a.first_published_at for a in articles]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) == len(dates)
    assert all(a.published_date == a.first_published_at.date() for a in articles)


def test_the_articles_are_substantial_and_use_every_kind_of_block(seeded):
    articles = list(seeded.articles())

    for article in articles:
        kinds = [block.block_type for block in article.body]
        assert 5 <= kinds.count("paragraph") <= 8, article.title
        assert "heading" in kinds, article.title
        assert article.authors.exists() and article.tags.exists(), article.title
        words = sum(
            len(strip_tags(str(block.value.source)).split())
            for block in article.body
            if block.block_type == "paragraph"
        )
        assert words >= 250, article.title
    assert blocks_of(articles, "quote") and blocks_of(articles, "table")
    courses = [block.value["course"] for block in blocks_of(articles, "related_course")]
    assert courses and all(course.live for course in courses)
    polls = [block.value for block in blocks_of(articles, "poll")]
    assert polls and all(poll.live for poll in polls)


def test_three_authors_sign_the_articles(seeded):
    authors = Author.objects.all()

    assert authors.count() == 3
    assert all(author.role for author in authors)
    for author in authors:
        assert ArticlePage.objects.filter(authors=author).exists(), author.name


def test_the_articles_are_in_the_search_index(seeded):
    found = get_search_backend().search("truy xuất nguồn gốc", ArticlePage.objects.live())

    assert "truy-xuat-nguon-goc-nong-san-htx-vu-hoi" in [a.slug for a in found]


def test_the_news_index_has_the_editorial_workflow_for_site_administrators(seeded):
    workflow = Workflow.objects.get(name=WORKFLOW)

    assert WorkflowPage.objects.get(page=seeded).workflow == workflow
    tasks = [task.specific for task in workflow.tasks.all()]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    assert [group.name for group in tasks[0].groups.all()] == [SITE_ADMINISTRATOR]
    # An article written under the news index goes through it
    article = seeded.articles().first()
    assert article.get_workflow() == workflow


def test_editors_write_and_submit_but_only_site_administrators_publish(seeded):
    User = get_user_model()
    editor = User.objects.get(username="editor")
    article = seeded.articles().first()

    on_news = GroupPagePermission.objects.filter(page=seeded)
    assert set(
        on_news.filter(group__name=EDITOR).values_list("permission__codename", flat=True)
    ) == {
        "add_page",
        "change_page",
    }
    assert {"add_page", "change_page", "publish_page"} <= set(
        on_news.filter(group__name=SITE_ADMINISTRATOR).values_list(
            "permission__codename", flat=True
        )
    )
    for page in (seeded, article):
        permissions = page.permissions_for_user(editor)
        assert permissions.can_edit() and not permissions.can_publish()
    assert seeded.permissions_for_user(editor).can_add_subpage()

    # A site administrator who is not a superuser may publish (the demo `admin` is one too)
    administrator = User.objects.create_user("bientap-truong")
    administrator.groups.add(
        *User.groups.field.related_model.objects.filter(name=SITE_ADMINISTRATOR)
    )
    assert article.permissions_for_user(administrator).can_publish()
    task = WorkflowTask.objects.get(workflow__name=WORKFLOW).task.specific
    assert task.user_can_access_editor(article, administrator)
    assert not task.user_can_access_editor(article, editor)


def test_seeding_twice_changes_nothing(seeded):
    def snapshot() -> dict:
        return {
            "pages": list(Page.objects.order_by("path").values_list("path", "slug", "live")),
            "revisions": Revision.objects.count(),
            "articles": list(
                ArticlePage.objects.order_by("pk").values_list("pk", "first_published_at")
            ),
            "authors": list(Author.objects.order_by("pk").values_list("pk", "name")),
            "workflows": list(Workflow.objects.order_by("pk").values_list("pk", "name")),
            "tasks": list(Task.objects.order_by("pk").values_list("pk", "name")),
            "workflow_tasks": WorkflowTask.objects.count(),
            "workflow_pages": list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
            "page_permissions": GroupPagePermission.objects.count(),
        }

    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
