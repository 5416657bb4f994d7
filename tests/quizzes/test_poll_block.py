"""A poll placed in a lesson through the lesson body's extra block (COURSES_EXTRA_LESSON_BLOCKS)."""

import json

import pytest
from django.urls import reverse

from courses.blocks import LessonBodyBlock
from courses.models import LessonPage
from lms import services as lms_services
from quizzes.blocks import PollBlock
from quizzes.models import PollVote, ResultsVisibility
from tests.factories import make_poll

pytestmark = pytest.mark.usefixtures("english")


def add_lesson_with_poll(course, poll, slug="bai-binh-chon"):
    course.refresh_from_db()
    body = json.dumps(
        [
            {"type": "paragraph", "value": "<p>Trước cuộc thăm dò.</p>"},
            {"type": "poll", "value": poll.pk},
        ]
    )
    return course.add_child(instance=LessonPage(title="Bài có thăm dò", slug=slug, body=body))


@pytest.fixture
def poll(db):
    return make_poll(results_visibility=ResultsVisibility.AFTER_VOTING)


@pytest.fixture
def lesson(course, poll, learner):
    lms_services.enroll(user=learner, course=course)
    return add_lesson_with_poll(course, poll)


def test_lessons_offer_the_poll_block_from_the_setting():
    block = LessonBodyBlock()
    assert isinstance(block.child_blocks["poll"], PollBlock)
    # Frozen into migrations as Wagtail's own snippet chooser: courses' migrations never
    # import quizzes.
    path, args, _kwargs = block.child_blocks["poll"].deconstruct()
    assert (path, tuple(args)) == (
        "wagtail.snippets.blocks.SnippetChooserBlock",
        ("cds_quizzes.Poll",),
    )


def test_the_poll_renders_inside_the_lesson(learner_client, lesson, poll):
    page = learner_client.get(lesson.url).content.decode()

    assert "Trước cuộc thăm dò." in page
    assert f'id="poll-{poll.pk}"' in page and poll.question in page
    assert f'action="{reverse("polls:vote", args=[poll.pk])}"' in page
    assert f'name="next" value="{lesson.url}#poll-{poll.pk}"' in page
    assert "The results appear once you have voted." in page


def test_voting_from_the_lesson_comes_back_to_it_with_the_results(learner_client, lesson, poll):
    first = poll.choices.order_by("sort_order").first()
    response = learner_client.post(
        reverse("polls:vote", args=[poll.pk]),
        {"choice": first.pk, "next": f"{lesson.url}#poll-{poll.pk}"},
    )
    assert response.url == f"{lesson.url}#poll-{poll.pk}"

    page = learner_client.get(lesson.url).content.decode()
    assert PollVote.objects.count() == 1
    assert f"You voted for “{first.text}”." in page
    assert "<svg" in page and "100%" in page


def test_an_unpublished_poll_is_left_out_of_the_lesson(learner_client, lesson, poll):
    poll.live = False
    poll.save()
    page = learner_client.get(lesson.url).content.decode()
    assert "Trước cuộc thăm dò." in page
    assert poll.question not in page


def test_a_lesson_with_a_poll_costs_three_queries_more(
    learner_client, lesson, django_assert_num_queries
):
    learner_client.get(lesson.url)  # warm-up: site root paths, content types
    expected = (
        3  # Wagtail's routing: site, home page, catalogue (see tests/courses/test_query_budgets)
        + 1  # the course, specific
        + 1  # the lesson, specific
        + 2  # view restrictions
        + 1  # the user with their learner profile
        + 1  # the learner's enrollment
        + 1  # the outline
        + 1  # the poll block: the poll
        + 1  # its choices with their vote counts
        + 1  # the learner's own vote
    )
    with django_assert_num_queries(expected):
        response = learner_client.get(lesson.url)
    assert response.status_code == 200
