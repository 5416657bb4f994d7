"""Journey: `learner` enrols in a course from the catalogue, completes every lesson, passes its
final quiz (the course's second criterion), and sees the course at 100 % and completed on the
dashboard."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from lms.models import Enrollment
from tests.browser.steps import log_in, take_quiz

COURSE = "xa-hoi-so-cho-nguoi-dan"


def test_enrol_complete_every_lesson_and_see_it_completed(
    transactional_db, page, screenshot, django_user_model
):
    call_command("seed_demo", stdout=StringIO())
    log_in(page, "learner", "Nguyễn Thị Lan")

    # The catalogue
    page.goto("/courses/")
    screenshot("course-01-catalogue")
    page.locator(f"a[href$='/courses/{COURSE}/']").first.click()
    expect(page).to_have_url(f"{page.url.split('/courses/')[0]}/courses/{COURSE}/")

    # Enrol
    page.get_by_role("button", name="Đăng ký học khóa này").click()
    expect(page.locator("main")).to_contain_text("0%")
    screenshot("course-02-enrolled")

    # Every lesson of the outline, in order: open it and mark it complete
    lesson_urls = (
        page.locator(".lms-outline")
        .first.locator("a.lms-outline__title")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    assert len(lesson_urls) >= 5
    for url in lesson_urls:
        page.goto(url)
        page.get_by_role("button", name="Đánh dấu đã hoàn thành").click()
        expect(page.locator("main")).to_contain_text("Đã hoàn thành")
    screenshot("course-03-last-lesson")

    # Every lesson is done, but the course also asks for its quiz: not complete yet
    enrollment = Enrollment.objects.get(user__username="learner", course__slug=COURSE)
    assert not enrollment.is_completed and 0 < enrollment.progress_percent < 100
    learner = django_user_model.objects.get(username="learner")
    take_quiz(page, learner, COURSE, right=True, shot="course-04-quiz", screenshot=screenshot)

    # The dashboard shows the course completed, at 100 %
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Đã hoàn thành")).to_be_visible()
    completed = page.locator(".lms-enrollment--completed", has_text="Kỹ năng số an toàn")
    expect(completed).to_contain_text("100%")
    screenshot("course-05-dashboard")
    enrollment = Enrollment.objects.get(user__username="learner", course__slug=COURSE)
    assert enrollment.is_completed and enrollment.progress_percent == 100
