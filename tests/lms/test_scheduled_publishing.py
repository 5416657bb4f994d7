"""Scheduled publishing: an article approved with a "go live" date in the future waits, and
Wagtail's `publish_scheduled` command (run from cron) puts it live once that time has passed."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from lms.articles.models import ArticleIndexPage, ArticlePage
from tests.factories import default_site_root


@pytest.fixture
def scheduled_article(db) -> ArticlePage:
    """An article published with `go_live_at` one hour from now: scheduled, not live."""
    news = default_site_root().add_child(instance=ArticleIndexPage(title="Tin tức", slug="news"))
    article = news.add_child(
        instance=ArticlePage(
            title="Lịch tiếp công dân trực tuyến tháng tới",
            slug="lich-tiep-cong-dan",
            standfirst="Người dân đăng ký lịch tiếp qua Cổng Dịch vụ công.",
            pillar="digital_government",
            live=False,
            go_live_at=timezone.now() + datetime.timedelta(hours=1),
        )
    )
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live and article.first_published_at is None
    return article


def run_publish_scheduled(at: datetime.datetime) -> None:
    """Run the command as cron would at the time `at`."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_scheduled", stdout=StringIO())


def test_a_scheduled_article_goes_live_once_its_time_has_passed(scheduled_article):
    # Given an article scheduled for an hour from now
    # When the command runs two hours later
    later = timezone.now() + datetime.timedelta(hours=2)
    run_publish_scheduled(later)

    # Then the article is live, dated when it went live, and the history says it was scheduled
    scheduled_article.refresh_from_db()
    assert scheduled_article.live
    assert scheduled_article.first_published_at == later
    assert scheduled_article in ArticlePage.objects.live()
    assert PageLogEntry.objects.filter(
        page=scheduled_article, action="wagtail.publish.scheduled"
    ).exists()
    assert scheduled_article in scheduled_article.get_parent().specific.articles()


def test_a_scheduled_article_stays_unpublished_before_its_time(scheduled_article):
    # When the command runs before the "go live" time
    run_publish_scheduled(timezone.now())

    # Then nothing changes: the article is not live yet
    scheduled_article.refresh_from_db()
    assert not scheduled_article.live
    assert scheduled_article.revisions.filter(approved_go_live_at__isnull=False).exists()
