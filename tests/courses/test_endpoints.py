"""The learner's actions: enrol, withdraw, complete a lesson (by button or by time), continue."""

import re
import time

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from courses.models import LessonPage
from courses.timer import make_token
from lms import services
from lms.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonProgress,
    ProgressSource,
)
from tests.factories import PASSWORD, LearnerProfileFactory, make_course

pytestmark = pytest.mark.usefixtures("english")


def enrol_url(course) -> str:
    return reverse("courses:enrol", args=[course.pk])


def withdraw_url(course) -> str:
    return reverse("courses:withdraw", args=[course.pk])


def complete_url(course, lesson) -> str:
    return reverse("courses:complete_lesson", args=[course.pk, lesson.pk])


def continue_url(course) -> str:
    return reverse("courses:continue", args=[course.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def lesson(course):
    return course.lessons()[0]


@pytest.fixture
def timed_lesson(course):
    """The second lesson, set to complete itself after 60 seconds."""
    lesson = course.lessons()[1]
    LessonPage.objects.filter(pk=lesson.pk).update(auto_complete_seconds=60)
    return LessonPage.objects.get(pk=lesson.pk)


# --- the rules every endpoint keeps ---------------------------------------------------------


def test_state_changing_urls_refuse_get(learner_client, course, lesson):
    for url in (enrol_url(course), withdraw_url(course), complete_url(course, lesson)):
        assert learner_client.get(url).status_code == 405, url
    assert Enrollment.objects.count() == 0


def test_continue_refuses_post(learner_client, course):
    assert learner_client.post(continue_url(course)).status_code == 405


def test_anonymous_posts_are_sent_to_log_in_and_back_to_the_course(client, course, lesson):
    for url in (enrol_url(course), withdraw_url(course), complete_url(course, lesson)):
        response = client.post(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('lms:login')}?next={course.url}"
    response = client.get(continue_url(course))
    assert response.url.startswith(f"{reverse('lms:login')}?next=")
    assert Enrollment.objects.count() == 0


def test_unknown_or_unpublished_courses_are_not_found(learner_client, course, lesson):
    missing = course.pk + 1000
    assert learner_client.post(f"/learning/courses/{missing}/enrol/").status_code == 404
    assert learner_client.get(f"/learning/courses/{missing}/continue/").status_code == 404
    course.unpublish()
    assert learner_client.post(enrol_url(course)).status_code == 404
    assert Enrollment.objects.count() == 0


def test_csrf_is_enforced(learner, course):
    # Given a browser-like client that checks CSRF tokens
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)

    # When it posts without the token, nothing happens
    assert browser.post(enrol_url(course)).status_code == 403
    assert Enrollment.objects.count() == 0

    # With the token the course page's form carries, it enrols
    html = browser.get(course.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(enrol_url(course), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Enrollment.objects.count() == 1


# --- enrol ----------------------------------------------------------------------------------


def test_enrolling_twice_makes_one_enrollment(learner_client, learner, course):
    first = learner_client.post(enrol_url(course))
    second = learner_client.post(enrol_url(course))  # a double click, or a second tab

    assert first.status_code == second.status_code == 302
    assert first.url == course.url
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1
    assert "You are enrolled in “Chính quyền số cơ bản”." in messages_of(first)


@pytest.mark.parametrize(
    "fields, message",
    [
        (
            {"enrollment_policy": "assigned"},
            "This course is assigned by units: ask your unit manager to enrol you.",
        ),
        ({"enrollment_closes_at": "2020-01-01T00:00Z"}, "Enrollment closed on 01/01/2020 07:00."),
    ],
)
def test_a_refused_enrolment_comes_back_with_the_reason(learner_client, catalogue, fields, message):
    course = make_course(catalogue, lessons=1, **fields)

    response = learner_client.post(enrol_url(course), follow=True)

    assert response.redirect_chain == [(course.url, 302)]
    assert message in response.content.decode()
    assert Enrollment.objects.count() == 0


# --- withdraw -------------------------------------------------------------------------------


def test_withdrawing_keeps_the_record(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    services.record_lesson_completed(user=learner, course=course, lesson=lesson)

    response = learner_client.post(withdraw_url(course))

    assert response.url == course.url
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN
    assert LessonProgress.objects.count() == 1
    assert any("You have withdrawn" in text for text in messages_of(response))
    # and a second click changes nothing and says why
    again = learner_client.post(withdraw_url(course))
    assert messages_of(again)[-1] == "You are not enrolled in this course."


def test_an_assigned_course_cannot_be_withdrawn_from(learner_client, learner, course, superuser):
    services.enroll(user=learner, course=course, source=EnrollmentSource.ASSIGNED, by=superuser)

    response = learner_client.post(withdraw_url(course), follow=True)

    assert "ask your unit manager" in response.content.decode()
    assert Enrollment.objects.get().status == EnrollmentStatus.ACTIVE


# --- complete a lesson ----------------------------------------------------------------------


def test_marking_a_lesson_complete_twice_records_it_once(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)

    first = learner_client.post(complete_url(course, lesson), {"source": "manual"})
    second = learner_client.post(complete_url(course, lesson))

    assert first.status_code == second.status_code == 302
    assert first.url == lesson.url
    assert LessonProgress.objects.count() == 1
    assert LessonProgress.objects.get().source == ProgressSource.MANUAL
    assert Enrollment.objects.get().progress_percent == 33
    assert "Lesson marked as complete." in messages_of(first)


def test_completing_the_last_required_lesson_congratulates(learner_client, learner, course):
    services.enroll(user=learner, course=course)
    for lesson in course.lessons()[:3]:
        response = learner_client.post(complete_url(course, lesson))
    assert Enrollment.objects.get().is_completed
    assert messages_of(response)[-1].startswith("Lesson completed. You have completed the course")


def test_completing_a_lesson_without_enrolment_is_forbidden(learner_client, course, lesson):
    response = learner_client.post(complete_url(course, lesson))
    assert response.status_code == 403
    assert "Enrol in the course to record your progress." in response.content.decode()
    assert LessonProgress.objects.count() == 0


def test_a_lesson_of_another_course_is_not_found(learner_client, learner, course, catalogue):
    other = make_course(catalogue, lessons=1)
    services.enroll(user=learner, course=course)
    services.enroll(user=learner, course=other)

    response = learner_client.post(complete_url(course, other.lessons()[0]))

    assert response.status_code == 404
    assert learner_client.post(complete_url(course, course)).status_code == 404  # not a lesson
    assert LessonProgress.objects.count() == 0


def test_an_unpublished_lesson_cannot_be_completed(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    lesson.unpublish()
    assert learner_client.post(complete_url(course, lesson)).status_code == 404
    assert LessonProgress.objects.count() == 0


def test_an_unknown_source_is_a_bad_request(learner_client, learner, course, lesson):
    services.enroll(user=learner, course=course)
    assert learner_client.post(complete_url(course, lesson), {"source": "magic"}).status_code == 400
    assert LessonProgress.objects.count() == 0


# --- complete a lesson by time spent on it ----------------------------------------------------


def post_timer(client, course, lesson, token):
    return client.post(
        complete_url(course, lesson),
        {"source": "time", "token": token},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def test_the_timer_token_of_a_page_just_rendered_is_too_early(
    learner_client, learner, course, timed_lesson
):
    # Given an enrolled learner who has just opened a 60-second lesson
    services.enroll(user=learner, course=course)
    response = learner_client.get(timed_lesson.url)
    token = response.context["timer_token"]

    # When the page posts its token at once
    early = post_timer(learner_client, course, timed_lesson, token)

    # Then it is refused and nothing is written
    assert early.status_code == 400
    assert LessonProgress.objects.count() == 0
    assert Enrollment.objects.get().last_activity_at is None


def test_a_token_old_enough_records_the_lesson_by_time(
    learner_client, learner, course, timed_lesson
):
    services.enroll(user=learner, course=course)
    token = make_token(user_id=learner.pk, lesson_id=timed_lesson.pk, rendered_at=time.time() - 61)

    response = post_timer(learner_client, course, timed_lesson, token)

    assert response.status_code == 200
    assert response.json() == {"completed": True, "progress_percent": 33, "course_completed": False}
    progress = LessonProgress.objects.get()
    assert progress.lesson_id == timed_lesson.pk
    assert progress.source == ProgressSource.TIME_SPENT


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # tampered
        lambda token: "",  # missing
        lambda token: "eyJ1IjoxfQ:1vJ8:forged",  # made up
    ],
)
def test_a_forged_token_is_a_bad_request(learner_client, learner, course, timed_lesson, forge):
    services.enroll(user=learner, course=course)
    token = make_token(user_id=learner.pk, lesson_id=timed_lesson.pk, rendered_at=time.time() - 61)

    response = post_timer(learner_client, course, timed_lesson, forge(token))

    assert response.status_code == 400
    assert LessonProgress.objects.count() == 0


def test_a_token_for_someone_else_or_another_lesson_is_refused(
    client, learner, course, timed_lesson, settings
):
    old = time.time() - 3600
    other_person = LearnerProfileFactory().user
    services.enroll(user=other_person, course=course)
    client.login(username=other_person.username, password=PASSWORD)
    other_lesson = course.lessons()[2]
    settings.COURSES_AUTO_COMPLETE_SECONDS = 60

    stolen = make_token(user_id=learner.pk, lesson_id=timed_lesson.pk, rendered_at=old)
    reused = make_token(user_id=other_person.pk, lesson_id=timed_lesson.pk, rendered_at=old)

    assert post_timer(client, course, timed_lesson, stolen).status_code == 400
    assert post_timer(client, course, other_lesson, reused).status_code == 400
    assert LessonProgress.objects.count() == 0


def test_a_lesson_without_a_timer_cannot_be_completed_by_time(
    learner_client, learner, course, lesson
):
    services.enroll(user=learner, course=course)
    token = make_token(user_id=learner.pk, lesson_id=lesson.pk, rendered_at=time.time() - 3600)
    assert post_timer(learner_client, course, lesson, token).status_code == 400
    assert LessonProgress.objects.count() == 0


def test_the_timer_of_someone_not_enrolled_is_forbidden(
    learner_client, learner, course, timed_lesson
):
    token = make_token(user_id=learner.pk, lesson_id=timed_lesson.pk, rendered_at=time.time() - 61)
    response = post_timer(learner_client, course, timed_lesson, token)
    assert response.status_code == 403
    assert LessonProgress.objects.count() == 0


# --- continue -------------------------------------------------------------------------------


def test_continue_leads_to_the_right_lesson(learner_client, learner, catalogue):
    # Given a course of two required lessons and one optional one
    course = make_course(catalogue, lessons=2, optional=1)
    first, second, optional = course.lessons()
    services.enroll(user=learner, course=course)

    def target() -> str:
        return learner_client.get(continue_url(course)).url

    # the first incomplete required lesson...
    assert target() == first.url
    services.record_lesson_completed(user=learner, course=course, lesson=first)
    assert target() == second.url
    # ...else the first incomplete lesson...
    services.record_lesson_completed(user=learner, course=course, lesson=second)
    assert target() == optional.url
    # ...else the first lesson
    services.record_lesson_completed(user=learner, course=course, lesson=optional)
    assert target() == first.url


def test_continue_without_enrolment_leads_to_the_course_page(learner_client, course):
    assert learner_client.get(continue_url(course)).url == course.url
