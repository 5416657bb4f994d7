"""Query budgets of the learner's quiz pages: pinned, explained, and the same for few or many
questions, attempts and quizzes.

Each page is requested once first, as on a running site (Wagtail caches the site root paths,
Django the content types). Sessions come from the cache (`cached_db`), so a logged-in request
adds one query: the user with their learner profile. The attempt pages are Django views: no
Wagtail routing, but `{% pageurl %}` (the breadcrumb) finds the Site of the request once.
A quiz page is routed by Wagtail like a lesson page (see tests/courses/test_query_budgets.py),
except that `CoursePage.route` looks for a lesson of that slug first, then hands the path on to
Wagtail's own `Page.route` (the child's base row, then its specific row, keeping the course as
the cached parent).
"""

import pytest

from lms import services as lms_services
from quizzes import services
from tests.courses.test_query_budgets import SESSION_AND_USER, VIEW_RESTRICTIONS, WAGTAIL_ROUTING
from tests.factories import make_course, make_question, make_quiz
from tests.quizzes.helpers import answers, result_url, take_url

pytestmark = pytest.mark.usefixtures("english")

SITE_FOR_PAGEURL = 1  # the Site of the request, for the course and quiz links


def quiz_of(course, count: int):
    questions = []
    for n in range(count):
        kind = ("single", "multiple", "true_false", "short_answer")[n % 4]
        extra = {"accepted_answers": "số"} if kind == "short_answer" else {}
        questions.append(make_question(f"Câu {n}?", kind=kind, **extra))
    return make_quiz(course, questions, max_attempts=0, review_policy="immediately")


@pytest.mark.parametrize("count", [10, 50])
def test_take_page(learner_client, enrolled, course, count, django_assert_num_queries):
    quiz = quiz_of(course, count)
    attempt = services.start_attempt(quiz=quiz, user=enrolled)
    services.save_answers(attempt_id=attempt.pk, user=enrolled, answers=answers(attempt, 5))
    url = take_url(attempt)
    learner_client.get(url)
    expected = (
        SESSION_AND_USER
        + 1  # the attempt (its snapshot and saved answers), with its quiz: one join
        + 1  # the course (the quiz's parent), for the breadcrumb
        + SITE_FOR_PAGEURL
    )
    assert expected == 4
    with django_assert_num_queries(expected):
        response = learner_client.get(url)
    assert response.content.decode().count('class="lms-question"') == count


@pytest.mark.parametrize("count", [10, 50])
def test_result_page(learner_client, enrolled, course, count, django_assert_num_queries):
    quiz = quiz_of(course, count)
    for _ in range(3):  # earlier attempts make the history longer, not the query count
        attempt = services.start_attempt(quiz=quiz, user=enrolled)
        services.submit_attempt(attempt_id=attempt.pk, user=enrolled, answers=answers(attempt, 5))
    url = result_url(attempt)
    learner_client.get(url)
    expected = (
        SESSION_AND_USER
        + 1  # the attempt with its quiz
        + 1  # the learner's attempts at the quiz (grade, attempts used, review allowed)
        + 1  # the course, for the breadcrumb
        + SITE_FOR_PAGEURL
    )
    assert expected == 5
    with django_assert_num_queries(expected):
        response = learner_client.get(url)
    assert response.context["review"]
    assert response.content.decode().count("lms-question--result") == count


@pytest.mark.parametrize("attempts", [1, 10])
def test_quiz_page(learner_client, enrolled, course, attempts, django_assert_num_queries):
    quiz = quiz_of(course, 4)
    for _ in range(attempts):
        attempt = services.start_attempt(quiz=quiz, user=enrolled)
        services.submit_attempt(attempt_id=attempt.pk, user=enrolled, answers={})
    learner_client.get(quiz.url)
    expected = (
        WAGTAIL_ROUTING
        + 1  # the course, specific (CourseIndexPage.route)
        + 1  # CoursePage.route: no lesson of that slug
        + 2  # Page.route: the quiz's base row, then its specific row
        + VIEW_RESTRICTIONS
        + SESSION_AND_USER
        + 1  # the learner's enrollment in the course (the course is the cached parent)
        + 1  # the learner's attempts at the quiz, without their questions and answers
    )
    assert expected == 12
    with django_assert_num_queries(expected):
        response = learner_client.get(quiz.url)
    assert response.context["standing"].used == attempts


@pytest.mark.parametrize("quizzes", [1, 10])
def test_course_page_with_quizzes(
    learner_client, learner, catalogue, quizzes, django_assert_num_queries
):
    course = make_course(catalogue, lessons=2)
    lms_services.enroll(user=learner, course=course)
    for n in range(quizzes):
        quiz = quiz_of(course, 1)
        if n % 2:
            attempt = services.start_attempt(quiz=quiz, user=learner)
            services.submit_attempt(attempt_id=attempt.pk, user=learner, answers={})
    learner_client.get(course.url)
    expected = (
        WAGTAIL_ROUTING
        + 1  # the course, specific, with its cover image (CourseIndexPage.route)
        + VIEW_RESTRICTIONS
        + SESSION_AND_USER
        + 1  # the learner's enrollment in the course
        + 1  # the live lessons in tree order, each with its tick
        + 1  # outline extras, quizzes: the course's live quizzes
        + 1  # outline extras, quizzes: the learner's attempts at all of them, for their states
        + 1  # outline extras, surveys: the course's surveys, each with whether it is answered
        + 1  # the completion criteria, with the pages they name
    )
    assert expected == 13
    with django_assert_num_queries(expected):
        response = learner_client.get(course.url)
    assert response.content.decode().count("Bài kiểm tra") == quizzes
