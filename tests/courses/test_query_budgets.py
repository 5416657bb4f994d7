"""Query budgets of the learner's pages: pinned, explained, and the same for few or many rows.

Each page is requested once first, as on a running site: Wagtail caches the site root paths and
Django the content types, so the pinned count is that of every later request.

Five queries of a course or lesson page are Wagtail's own and come before any of ours: the Site
of the request, the home page (`.specific`), the catalogue (the home page routes with
`lms.routing.DeferredSpecificRouteMixin`: the base row, handed on as `specific_deferred`), and
the view-restriction check of the `before_serve_page` hook (the ancestors' `alias_of`, then
their PageViewRestrictions). Sessions come from the cache (`cached_db`), so a logged-in request
adds one query only: the user with their learner profile.
`CourseIndexPage.route` and `CoursePage.route` fetch the course and the lesson as their specific
class in one query each, and hand the course to the lesson as its cached parent.
"""

import pytest
from django.urls import reverse

from lms import services
from lms.models import LessonProgress
from tests.factories import make_course

pytestmark = pytest.mark.usefixtures("english")

WAGTAIL_ROUTING = 3  # site, home page (specific), catalogue (base row, handed on deferred)
VIEW_RESTRICTIONS = 2  # ancestors' alias_of, then the PageViewRestrictions that apply
SESSION_AND_USER = 1  # the user joined with the learner profile (the session is in the cache)


@pytest.fixture
def enrolled_course(learner, catalogue, request):
    """A course of `request.param` lessons, the learner enrolled with two lessons done."""
    course = make_course(catalogue, lessons=request.param)
    services.enroll(user=learner, course=course)
    for lesson in course.lessons()[:2]:
        services.record_lesson_completed(user=learner, course=course, lesson=lesson)
    return course


@pytest.mark.parametrize("enrolled_course", [5, 50], indirect=True)
def test_course_page_for_an_enrolled_learner(
    learner_client, enrolled_course, django_assert_num_queries
):
    learner_client.get(enrolled_course.url)  # warm-up: site root paths, content types
    expected = (
        WAGTAIL_ROUTING
        + 1  # the course, specific, with its cover image (CourseIndexPage.route)
        + VIEW_RESTRICTIONS
        + SESSION_AND_USER
        + 1  # the learner's enrollment in the course
        + 1  # the live lessons in tree order, each with its tick (an EXISTS per row)
        + 1  # outline extras (lms.outline_hooks), quizzes: the course's live quizzes (none
        #      here, so no query of the learner's attempts: tests/quizzes pins that one)
        + 1  # outline extras, surveys: the course's surveys, each with whether it is answered
        + 1  # the completion criteria, with the pages they name
    )
    assert expected == 12
    with django_assert_num_queries(expected):
        response = learner_client.get(enrolled_course.url)
    assert response.status_code == 200
    assert len(response.context["outline"].done_ids) == 2


@pytest.mark.parametrize("lessons", [5, 50])
def test_course_page_for_an_anonymous_visitor(
    client, catalogue, lessons, django_assert_num_queries
):
    course = make_course(catalogue, lessons=lessons)
    client.get(course.url)
    # No session, no user, no enrollment: the routing, the course, the restrictions, the
    # lessons, the course's live quizzes (an outline extra; surveys show only to enrolled
    # learners) and the criteria.
    with django_assert_num_queries(WAGTAIL_ROUTING + 1 + VIEW_RESTRICTIONS + 3):  # 9
        response = client.get(course.url)
    assert response.status_code == 200


@pytest.mark.parametrize("enrolled_course", [5, 50], indirect=True)
def test_lesson_page_for_an_enrolled_learner(
    learner_client, enrolled_course, django_assert_num_queries
):
    lesson = enrolled_course.lessons()[2]
    learner_client.get(lesson.url)
    expected = (
        WAGTAIL_ROUTING
        + 1  # the course, specific (CourseIndexPage.route)
        + 1  # the lesson, specific (CoursePage.route); its course comes from the parent cache
        + VIEW_RESTRICTIONS
        + SESSION_AND_USER
        + 1  # the learner's enrollment in the course
        + 1  # the outline: live lessons with their ticks (previous/next are taken from it)
    )
    assert expected == 10
    with django_assert_num_queries(expected):
        response = learner_client.get(lesson.url)
    assert response.status_code == 200
    assert "Nội dung bài 3." in response.content.decode()


@pytest.mark.parametrize("enrolled_course", [5, 50], indirect=True)
def test_completing_a_lesson_writes_a_constant_number_of_queries(
    learner_client, enrolled_course, django_assert_num_queries
):
    lesson = enrolled_course.lessons()[2]
    url = reverse("courses:complete_lesson", args=[enrolled_course.pk, lesson.pk])
    learner_client.get(enrolled_course.url)  # warm the site root paths
    # (The test runs inside a transaction, so each atomic block is a SAVEPOINT/RELEASE pair.)
    expected = (
        2  # the live course; the live lesson inside it
        + SESSION_AND_USER
        + 2  # SAVEPOINT of record_lesson_completed(); the current enrollment
        + 3  # SAVEPOINT, INSERT of the LessonProgress, RELEASE
        + 1  # UPDATE of the enrollment's last activity
        + 3  # evaluate(): the criteria, the required lesson ids, the count of those completed
        + 3  # SAVEPOINT, the conditional UPDATE of the progress, RELEASE
        + 1  # RELEASE of record_lesson_completed()
        + 1  # the Site, for the lesson's URL in the redirect
    )
    assert expected == 17
    with django_assert_num_queries(expected):
        response = learner_client.post(url)
    assert response.status_code == 302
    assert LessonProgress.objects.count() == 3


@pytest.mark.parametrize("count", [1, 30])
def test_dashboard(learner_client, learner, catalogue, count, django_assert_num_queries):
    for n in range(count):
        course = make_course(catalogue, lessons=1, title=f"Khóa {n}")
        services.enroll(user=learner, course=course)
        if n % 2:
            services.record_lesson_completed(
                user=learner, course=course, lesson=course.lessons()[0]
            )
    url = reverse("lms:dashboard")
    learner_client.get(url)
    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the current enrollments with their course pages ("My courses")
        + 1  # the Site of the request, for the course pages' URLs (root paths are cached)
        + 1  # the sessions the learner attends or leads (none here): one query decides both
        #      session panels (courses.dashboard.session_overview), which are then left out
        + 1  # the learner's certificates ("My certificates", certificates.dashboard)
    ):
        response = learner_client.get(url)
    assert response.content.decode().count("lms-enrollment__title") == count


@pytest.mark.parametrize("count", [2, 20])
def test_catalogue(learner_client, learner, catalogue, count, settings, django_assert_num_queries):
    settings.COURSES_CATALOGUE_PAGE_SIZE = 30
    for n in range(count):
        course = make_course(catalogue, lessons=0, title=f"Khóa {n}")
        if n % 2:
            services.enroll(user=learner, course=course)
    learner_client.get(catalogue.url)
    expected = (
        WAGTAIL_ROUTING
        + 1  # the catalogue's own fields, loaded when its template reads them (deferred)
        + VIEW_RESTRICTIONS
        + 2  # the paginator's COUNT; the page of courses
        + SESSION_AND_USER
        + 1  # the learner's enrollments in the courses of this page, for every card at once
    )
    assert expected == 10
    with django_assert_num_queries(expected):
        response = learner_client.get(catalogue.url)
    assert len(response.context["courses"]) == count
