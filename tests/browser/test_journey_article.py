"""Journey: `editor` writes an article in the Wagtail admin and submits it to the news
workflow "Kiểm duyệt tin bài"; `admin` approves it from the dashboard, which publishes it;
then an anonymous visitor finds it on /news/, in the RSS feed and through search typed
without diacritics."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import Page, expect

from lms.articles.models import ArticleIndexPage, ArticlePage
from tests.browser.steps import admin_log_in

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TITLE = "Chuyển đổi số ở xã Đông Hòa"
STANDFIRST = "Xã Đông Hòa đưa toàn bộ thủ tục hộ tịch lên Cổng Dịch vụ công trực tuyến."
PARAGRAPH = "Người dân xã Đông Hòa nay nộp hồ sơ khai sinh từ nhà, nhận kết quả qua bưu điện."
WORKFLOW = "Kiểm duyệt tin bài"


def new_page(browser, live_server) -> Page:
    """A page in a browser context of its own: its own cookies, so its own login."""
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_an_editor_submits_an_article_an_administrator_approves_and_visitors_find_it(
    transactional_db, page, chromium_browser, live_server
):
    call_command("seed_demo", stdout=StringIO())
    news = ArticleIndexPage.objects.get(slug="news")

    # The editor writes the article under the news index
    admin_log_in(page, "editor")
    page.goto(f"/admin/pages/add/cds_lms/articlepage/{news.pk}/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_pillar", "digital_society")
    page.fill("#id_standfirst", STANDFIRST)
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.locator("[role=option]:has(.icon-pilcrow)").click()  # the paragraph block
    paragraph = page.locator("#body-root .public-DraftEditor-content").first
    paragraph.click()
    paragraph.press_sequentially(PARAGRAPH)
    # Draftail copies its content to the form a moment after typing stops: wait for it
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("Đông Hòa"))
    shot(page, "article-01-editor-writes")

    # An editor may not publish: the footer offers the workflow instead
    page.locator("footer .w-dropdown__toggle").click()
    expect(page.locator("button[name=action-publish]")).to_have_count(0)
    submit = page.locator("button[name=action-submit]")
    expect(submit).to_contain_text(WORKFLOW)
    shot(page, "article-02-submit-menu")
    submit.click()
    expect(page.locator(".messages")).to_contain_text(TITLE)
    shot(page, "article-03-in-moderation")

    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.get_parent().pk == news.pk
    assert article.pillar == "digital_society" and article.standfirst == STANDFIRST
    assert article.current_workflow_state.workflow.name == WORKFLOW
    assert article.current_workflow_state.status == "in_progress"
    draft = article.get_latest_revision_as_object()
    assert PARAGRAPH in str(draft.body.raw_data)

    # The site administrator approves it from the dashboard's "awaiting your review"
    admin = new_page(chromium_browser, live_server)
    admin_log_in(admin, "admin")
    admin.goto("/admin/")
    row = admin.locator("tr", has=admin.locator(f"a[href='/admin/pages/{article.pk}/edit/']"))
    expect(row).to_be_visible()
    shot(admin, "article-04-awaiting-review")
    row.locator(".w-dropdown__toggle").click()
    approve = row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
    with admin.expect_navigation():
        approve.click()
    expect(row).to_have_count(0)  # reviewed: no longer awaiting
    shot(admin, "article-05-approved")

    article.refresh_from_db()
    assert article.live
    assert article.current_workflow_state is None  # the workflow finished
    assert article.revisions.count() == 1  # the editor's revision is what went live
    admin.context.close()

    # An anonymous visitor finds it on the news page, in the feed and by search
    visitor = new_page(chromium_browser, live_server)
    visitor.goto("/news/")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    shot(visitor, "article-06-news")
    visitor.locator("main a", has_text=TITLE).first.click()
    expect(visitor.locator("h1")).to_contain_text(TITLE)
    expect(visitor.locator("main")).to_contain_text(PARAGRAPH)
    shot(visitor, "article-07-article")

    feed = visitor.request.get("/news/feed/rss/")
    assert feed.ok, feed.status
    assert TITLE in feed.text()

    visitor.goto("/search/?q=chuyen+doi+so+o+xa+dong+hoa")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    shot(visitor, "article-08-search")
    visitor.context.close()
