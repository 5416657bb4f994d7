"""Accessibility: axe-core finds no serious or critical violation on the pages people use most,
for a visitor (home, an article, a course) and for an enrolled learner (home, the course, a
lesson). axe-core runs offline, from the wheel of `axe-playwright-python` (tests/browser/a11y.py).
"""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import Page, expect

from courses.models import CoursePage
from lms import services
from lms.articles.models import ArticlePage
from tests.browser.a11y import describe, serious_violations
from tests.browser.steps import log_in
from tests.factories import make_article, make_article_index

COURSE = "xa-hoi-so-cho-nguoi-dan"


def an_article_url() -> str:
    """A live article of the demo; one is written when the demo has none."""
    article = ArticlePage.objects.live().order_by("path").first()
    if article is None:
        article = make_article(
            make_article_index(),
            title="Chuyển đổi số ở bộ phận một cửa",
            standfirst="Người dân nộp hồ sơ trực tuyến ngay tại nhà.",
            body=[("paragraph", "<p>Nội dung bài viết.</p>")],
        )
    return article.url


def check(page: Page, paths: list[str], screenshot, shot: str) -> None:
    """Open each path and collect axe's serious and critical violations; fail with all of them."""
    found = {}
    for n, path in enumerate(paths, start=1):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        screenshot(f"{shot}-{n:02d}")
        violations = serious_violations(page)
        if violations:
            found[path] = describe(violations)
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(
        f"{path}\n{listing}" for path, listing in found.items()
    )


def test_a_visitors_pages_have_no_serious_accessibility_violations(
    transactional_db, page, screenshot
):
    call_command("seed_demo", stdout=StringIO())
    check(page, ["/", an_article_url(), f"/courses/{COURSE}/"], screenshot, "a11y-visitor")

    # The home page's poll after voting: the vote, the message and the results chart
    page.goto("/")
    page.locator(".cds-poll__form input[type=radio]").first.check()
    page.locator(".cds-poll__form button[type=submit]").click()
    expect(page.locator(".cds-poll svg")).to_be_visible()
    screenshot("a11y-visitor-04-voted")
    violations = serious_violations(page)
    assert not violations, describe(violations)


def test_a_learners_pages_have_no_serious_accessibility_violations(
    transactional_db, page, screenshot, django_user_model
):
    call_command("seed_demo", stdout=StringIO())
    learner = django_user_model.objects.get(username="learner")
    course = CoursePage.objects.get(slug=COURSE)
    services.enroll(user=learner, course=course)
    lesson = course.lessons()[0]

    log_in(page, "learner", "Nguyễn Thị Lan")

    check(page, ["/", course.url, lesson.url], screenshot, "a11y-learner")
