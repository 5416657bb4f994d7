"""The shared caches of logged-in pages (lms.render_cache, lms.routing.prefill_route, the
`lms_stream` tag): what every learner sees the same is kept per publish, in each process; what
belongs to one learner never is.

The test settings switch the caches off (LMS_PAGE_CACHE_SECONDS = 0); these tests switch them
on, as on a running site.
"""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from wagtail.models import PageViewRestriction

from courses.models import LessonPage
from lms import render_cache, services
from lms.templatetags.lms_tags import _is_shared
from tests.courses.test_query_budgets import SESSION_AND_USER
from tests.factories import LearnerProfileFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 300
    cache.clear()
    render_cache.clear()
    yield
    cache.clear()
    render_cache.clear()


@pytest.fixture
def lesson(course):
    return course.lessons()[0]


@pytest.fixture
def enrolled(learner, course):
    services.enroll(user=learner, course=course)
    return learner


def other_learner_client(course, *, name: str) -> Client:
    other = LearnerProfileFactory(full_name=name).user
    services.enroll(user=other, course=course)
    client = Client()
    client.force_login(other)
    return client


def html(response) -> str:
    return response.content.decode()


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


# --- what it saves --------------------------------------------------------------------------


@pytest.mark.parametrize("lessons", [5, 50])
def test_a_lesson_page_costs_three_queries_once_routed(
    client, learner, catalogue, lessons, django_assert_num_queries
):
    from tests.factories import make_course

    course = make_course(catalogue, lessons=lessons)
    services.enroll(user=learner, course=course)
    for done in course.lessons()[:2]:
        services.record_lesson_completed(user=learner, course=course, lesson=done)
    client.force_login(learner)
    lesson = course.lessons()[2]
    client.get(lesson.url)  # routes, reads the restrictions, lessons and body: kept
    expected = (
        SESSION_AND_USER
        + 1  # the learner's enrollment in the course
        + 1  # the learner's completed lesson ids (the lessons themselves are kept)
    )  # routing, view restrictions and the rendered body come from the kept entries
    assert expected == 3
    with django_assert_num_queries(expected):
        response = client.get(lesson.url)
    assert response.status_code == 200
    assert "Nội dung bài 3." in html(response)
    assert len(response.context["outline"].done_ids) == 2


def test_a_course_page_keeps_its_routing_lessons_and_criteria(
    learner_client, enrolled, course, django_assert_num_queries
):
    learner_client.get(course.url)
    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the learner's enrollment
        + 1  # the learner's completed lesson ids
        + 1  # outline extras, quizzes: the course's live quizzes
        + 1  # outline extras, surveys: the course's surveys, with whether answered
    ):
        response = learner_client.get(course.url)
    assert response.status_code == 200
    assert response.context["criteria_descriptions"]


# --- it changes with the content -------------------------------------------------------------


def test_a_kept_lesson_body_changes_when_a_new_revision_is_published(
    learner_client, enrolled, lesson
):
    assert "Nội dung bài 1." in html(learner_client.get(lesson.url))

    publish(lesson, body=[("paragraph", "<p>Nội dung đã sửa.</p>")])

    page = html(learner_client.get(lesson.url))
    assert "Nội dung đã sửa." in page
    assert "Nội dung bài 1." not in page


def test_an_unpublished_lesson_disappears_at_once(learner_client, enrolled, lesson):
    assert learner_client.get(lesson.url).status_code == 200

    lesson.specific.unpublish()

    assert learner_client.get(lesson.url).status_code == 404


def test_a_new_view_restriction_applies_at_once(client, learner, enrolled, course, lesson):
    client.force_login(learner)
    assert client.get(lesson.url).status_code == 200

    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )

    response = client.get(lesson.url)
    assert response.status_code == 200
    assert "mat-khau" not in html(response)
    assert 'name="password"' in html(response)  # Wagtail's password form, not the lesson
    assert "Nội dung bài 1." not in html(response)


def test_each_language_gets_its_own_body(learner_client, enrolled, lesson):
    publish(lesson, body=[("callout", {"kind": "tip", "title": "", "text": "<p>Mẹo.</p>"})])
    learner_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Tip" in html(learner_client.get(lesson.url))

    learner_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = html(learner_client.get(lesson.url))

    assert "Gợi ý" in page
    assert ">Tip" not in page


def test_a_preview_shows_the_draft_and_never_the_kept_page(learner_client, enrolled, lesson):
    learner_client.get(lesson.url)  # the live body is kept
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [("paragraph", "<p>Bản nháp của bài.</p>")]

    preview = html(draft.make_preview_request())

    assert "Bản nháp của bài." in preview
    assert "Nội dung bài 1." not in preview
    live = html(learner_client.get(lesson.url))
    assert "Bản nháp của bài." not in live
    assert "Nội dung bài 1." in live


# --- never one learner's state for another ---------------------------------------------------


def test_no_learner_sees_another_learners_ticks_button_or_name(
    learner_client, enrolled, course, lesson
):
    services.record_lesson_completed(user=enrolled, course=course, lesson=lesson)
    first = html(learner_client.get(lesson.url))
    assert "Trần Thị Học" in first
    assert "lms-outline__item--done" in first
    assert "data-lesson-complete-form" not in first

    other = other_learner_client(course, name="Lê Văn Khác")
    second = html(other.get(lesson.url))

    assert "Lê Văn Khác" in second and "Trần Thị Học" not in second
    assert "lms-outline__item--done" not in second
    assert "data-lesson-complete-form" in second
    assert "Nội dung bài 1." in second  # the same kept body
    # and the first learner still sees their own state
    again = html(learner_client.get(lesson.url))
    assert "lms-outline__item--done" in again and "Lê Văn Khác" not in again


def test_a_learner_who_is_not_enrolled_does_not_get_the_kept_body(
    learner_client, enrolled, course, lesson
):
    learner_client.get(lesson.url)  # kept for an enrolled learner
    stranger = Client()
    stranger.force_login(LearnerProfileFactory(full_name="Người lạ").user)

    page = html(stranger.get(lesson.url))

    assert "Nội dung bài 1." not in page
    assert "Enrol to read this lesson" in page


def test_what_a_request_sets_on_a_page_stays_with_it(learner_client, enrolled, lesson):
    first = learner_client.get(lesson.url)
    page = first.context["page"]
    page.title = "Đổi trong một yêu cầu"  # a view or template setting something on its page
    page.get_parent().title = "Cũng vậy"

    second = learner_client.get(lesson.url)

    assert second.context["page"] is not page
    assert second.context["page"].title == lesson.title
    assert "Đổi trong một yêu cầu" not in html(second)
    assert "Cũng vậy" not in html(second)


def test_a_poll_in_a_lesson_is_rendered_for_each_request():
    from wagtail import blocks

    from quizzes.blocks import PollBlock

    assert _is_shared(blocks.RichTextBlock())
    assert not _is_shared(PollBlock())


def test_nothing_is_kept_when_the_page_cache_is_off(
    settings, learner_client, enrolled, lesson, django_assert_num_queries
):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    learner_client.get(lesson.url)
    assert render_cache.entries_for(learner_client.get(lesson.url).wsgi_request) is None
