"""Journeys: `learner` finishes a course by failing its quiz once, then passing it; a visitor
votes in the demo poll and sees the chart."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from lms import services
from lms.models import Enrollment
from quizzes.models import Poll, PollVote
from tests.browser.steps import log_in, take_quiz

COURSE = "xa-hoi-so-cho-nguoi-dan"


def test_fail_the_quiz_once_then_pass_and_complete_the_course(
    transactional_db, page, screenshot, django_user_model
):
    call_command("seed_demo", stdout=StringIO())
    learner = django_user_model.objects.get(username="learner")
    course = Enrollment._meta.get_field("course").related_model.objects.get(slug=COURSE).specific
    services.enroll(user=learner, course=course)
    for lesson in course.lessons():
        services.record_lesson_completed(user=learner, course=course, lesson=lesson)
    assert not Enrollment.objects.get(user=learner, course=course).is_completed

    log_in(page, "learner", "Nguyễn Thị Lan")

    first = take_quiz(
        page, learner, COURSE, right=False, shot="quiz-01-wrong-answers", screenshot=screenshot
    )
    assert first.passed is False
    expect(page.locator("main")).to_contain_text("0%")
    screenshot("quiz-02-failed")
    assert not Enrollment.objects.get(user=learner, course=course).is_completed

    second = take_quiz(
        page, learner, COURSE, right=True, shot="quiz-03-right-answers", screenshot=screenshot
    )
    assert second.passed is True and second.percent == 100
    expect(page.locator("main")).to_contain_text("100%")
    screenshot("quiz-04-passed")

    page.goto("/dashboard/")
    completed = page.locator(".lms-enrollment--completed", has_text="Kỹ năng số an toàn")
    expect(completed).to_contain_text("100%")
    screenshot("quiz-05-dashboard")
    assert Enrollment.objects.get(user=learner, course=course).is_completed


def test_a_visitor_votes_in_the_demo_poll_and_sees_the_chart(transactional_db, page, screenshot):
    call_command("seed_demo", stdout=StringIO())
    poll = Poll.objects.get()
    page.goto(f"/learning/polls/{poll.pk}/")
    page.locator(".cds-poll__form input[type=radio]").first.check()
    screenshot("poll-01-form")
    page.locator(".cds-poll__form button[type=submit]").click()
    chart = page.locator("svg").first
    expect(chart).to_be_visible()
    expect(page.locator("main")).to_contain_text("100%")
    screenshot("poll-02-results")
    assert PollVote.objects.filter(poll=poll).count() == 1
    # Voting again from the same browser changes nothing
    page.goto(f"/learning/polls/{poll.pk}/")
    assert page.locator(".cds-poll__form button[type=submit]").count() == 0
    assert PollVote.objects.filter(poll=poll).count() == 1
