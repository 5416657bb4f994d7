"""Polls: one vote per person (account or cookie), refusals, results policies, the SVG chart."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes import poll_services, voter_keys
from quizzes.conf import quizzes_settings
from quizzes.exceptions import AlreadyVoted
from quizzes.models import PollVote, PollVoters, ResultsVisibility
from tests.factories import make_poll

pytestmark = pytest.mark.usefixtures("english")

COOKIE = quizzes_settings.POLL_VOTER_COOKIE_NAME


def detail_url(poll) -> str:
    return reverse("polls:detail", args=[poll.pk])


def vote_url(poll) -> str:
    return reverse("polls:vote", args=[poll.pk])


def choice(poll, index: int = 0):
    return list(poll.choices.order_by("sort_order"))[index]


@pytest.fixture
def poll(db):
    return make_poll()


@pytest.fixture
def open_poll(db):
    """A poll anyone may vote on, results always shown."""
    return make_poll(
        "Bạn có biết ứng dụng VNeID?",
        ("Có", "Không"),
        voters=PollVoters.ANYONE,
        results_visibility=ResultsVisibility.ALWAYS,
    )


def test_a_logged_in_learner_votes_once(learner_client, learner, poll):
    response = learner_client.post(vote_url(poll), {"choice": choice(poll).pk}, follow=True)

    assert "Thank you: your vote has been recorded." in response.content.decode()
    vote = PollVote.objects.get()
    assert (vote.poll, vote.choice, vote.user, vote.voter_key) == (poll, choice(poll), learner, "")


def test_voting_twice_keeps_the_first_vote_and_says_so(learner_client, poll):
    learner_client.post(vote_url(poll), {"choice": choice(poll, 0).pk})
    response = learner_client.post(vote_url(poll), {"choice": choice(poll, 1).pk}, follow=True)

    assert "You have already voted" in response.content.decode()
    assert PollVote.objects.get().choice == choice(poll, 0)


def test_the_service_refuses_a_second_vote(learner, poll):
    poll_services.vote(poll=poll, choice_id=choice(poll).pk, user=learner, voter_key=None)
    with pytest.raises(AlreadyVoted):
        poll_services.vote(poll=poll, choice_id=choice(poll, 2).pk, user=learner, voter_key=None)
    assert PollVote.objects.count() == 1


def test_an_anonymous_visitor_votes_once_with_the_cookie(client, open_poll):
    first = client.post(vote_url(open_poll), {"choice": choice(open_poll).pk})
    assert first.status_code == 302
    assert COOKIE in first.cookies and first.cookies[COOKIE]["httponly"]

    again = client.post(vote_url(open_poll), {"choice": choice(open_poll, 1).pk}, follow=True)
    assert "You have already voted" in again.content.decode()
    vote = PollVote.objects.get()
    assert vote.user is None and vote.choice == choice(open_poll)

    # Another browser (no cookie) is another voter.
    Client().post(vote_url(open_poll), {"choice": choice(open_poll, 1).pk})
    assert PollVote.objects.count() == 2


def test_no_ip_address_or_cookie_value_is_stored(client, open_poll):
    client.post(
        vote_url(open_poll),
        {"choice": choice(open_poll).pk},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )

    row = PollVote.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "203.0.113" not in stored and "198.51.100" not in stored
    # The key is an HMAC of the poll and the cookie's random id, not the id itself.
    voter_id = voter_keys.voter_id_from(_request_with(client))
    assert voter_id and voter_id not in stored
    assert re.fullmatch(r"[0-9a-f]{64}", row["voter_key"])
    assert row["voter_key"] == voter_keys.voter_key(open_poll.pk, voter_id)
    assert row["voter_key"] != voter_keys.voter_key(open_poll.pk + 1, voter_id)  # per poll


def _request_with(client):
    """A request carrying the client's cookies, to read the signed voter cookie back."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return request


def test_a_choice_of_another_poll_is_a_bad_request_and_writes_nothing(learner_client, poll):
    other = make_poll("Câu hỏi khác?", ("A", "B"))

    response = learner_client.post(vote_url(poll), {"choice": choice(other).pk})

    assert response.status_code == 400
    assert not PollVote.objects.exists()


def test_a_closed_poll_takes_no_vote(learner_client, poll):
    poll.closes_at = timezone.now() - datetime.timedelta(hours=1)
    poll.save()

    response = learner_client.post(vote_url(poll), {"choice": choice(poll).pk}, follow=True)

    assert "This poll closed on" in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_poll_not_open_yet_takes_no_vote(learner_client, poll):
    poll.opens_at = timezone.now() + datetime.timedelta(days=1)
    poll.save()

    response = learner_client.post(vote_url(poll), {"choice": choice(poll).pk}, follow=True)

    assert "This poll opens on" in response.content.decode()
    assert not PollVote.objects.exists()


def test_anonymous_voting_is_refused_on_a_poll_for_logged_in_people(client, poll):
    page = client.get(detail_url(poll)).content.decode()
    assert "Log in to vote" in page and 'name="choice"' not in page

    response = client.post(vote_url(poll), {"choice": choice(poll).pk})

    assert response.status_code == 302 and reverse("lms:login") in response.url
    assert not PollVote.objects.exists()
    assert COOKIE not in response.cookies


def test_an_unpublished_poll_has_no_page_and_takes_no_vote(learner_client, poll):
    poll.live = False
    poll.save()
    assert learner_client.get(detail_url(poll)).status_code == 404
    assert learner_client.post(vote_url(poll), {"choice": choice(poll).pk}).status_code == 404


def test_voting_is_a_post_with_a_csrf_token(learner, poll):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert browser.get(vote_url(poll)).status_code == 405
    assert browser.post(vote_url(poll), {"choice": choice(poll).pk}).status_code == 403
    assert not PollVote.objects.exists()


def test_after_voting_the_person_returns_to_a_page_of_this_site_only(learner_client, poll):
    inside = learner_client.post(
        vote_url(poll), {"choice": choice(poll).pk, "next": "/courses/bai-1/#poll-1"}
    )
    assert inside.url == "/courses/bai-1/#poll-1"

    other = make_poll("Câu hỏi khác?", ("A", "B"))
    outside = learner_client.post(
        vote_url(other), {"choice": choice(other).pk, "next": "https://evil.example/"}
    )
    assert outside.url == detail_url(other)


# --- results -------------------------------------------------------------------------------


def chart_of(page: str) -> str:
    match = re.search(r"<svg.*?</svg>", page, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize(
    ("policy", "before_voting", "after_voting", "after_closing"),
    [
        (ResultsVisibility.ALWAYS, True, True, True),
        (ResultsVisibility.AFTER_VOTING, False, True, True),
        (ResultsVisibility.AFTER_CLOSING, False, False, True),
        (ResultsVisibility.NEVER, False, False, False),
    ],
)
def test_results_show_as_the_poll_says(
    learner_client, poll, policy, before_voting, after_voting, after_closing
):
    poll.results_visibility = policy
    poll.save()

    assert bool(chart_of(learner_client.get(detail_url(poll)).content.decode())) is before_voting
    learner_client.post(vote_url(poll), {"choice": choice(poll).pk})
    assert bool(chart_of(learner_client.get(detail_url(poll)).content.decode())) is after_voting
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save()
    assert bool(chart_of(learner_client.get(detail_url(poll)).content.decode())) is after_closing


def test_hidden_results_say_when_they_will_show(learner_client, poll):
    poll.results_visibility = ResultsVisibility.NEVER
    poll.save()
    assert "not published" in learner_client.get(detail_url(poll)).content.decode()


def test_the_svg_chart_shows_the_percentages_and_a_table(client, open_poll):
    yes, no = choice(open_poll, 0), choice(open_poll, 1)
    for voter_id, chosen in (("a", yes), ("b", yes), ("c", no)):
        PollVote.objects.create(
            poll=open_poll, choice=chosen, voter_key=voter_keys.voter_key(open_poll.pk, voter_id)
        )

    page = client.get(detail_url(open_poll)).content.decode()

    chart = chart_of(page)
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert "66.7%" in chart and "33.3%" in chart
    assert "Có: 66.7% (2 votes)" in chart  # the text alternative of the image
    assert "3 votes in total" in page
    table = re.search(r"<table.*?</table>", page, re.S).group(0)
    assert "66.7%" in table and "33.3%" in table


def test_a_voter_sees_their_own_choice(learner_client, poll):
    poll.results_visibility = ResultsVisibility.ALWAYS
    poll.save()
    learner_client.post(vote_url(poll), {"choice": choice(poll, 1).pk})

    page = learner_client.get(detail_url(poll)).content.decode()

    assert "You voted for “Đôi khi”." in page
    assert "cds-chart__row--mine" in page and "(your vote)" in page
    assert 'name="choice"' not in page


def test_the_poll_page_costs_a_fixed_number_of_queries(
    learner_client, learner, poll, django_assert_num_queries
):
    learner_client.get(detail_url(poll))  # warm-up
    with django_assert_num_queries(
        1  # the user with their learner profile (the session is in the cache)
        + 1  # the live poll
        + 1  # its choices in order, each with its vote count
        + 1  # the person's own vote
    ):
        response = learner_client.get(detail_url(poll))
    assert response.status_code == 200


def test_an_anonymous_visitor_without_cookie_costs_two_queries(
    client, open_poll, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the live poll; its choices with their counts
        assert client.get(detail_url(open_poll)).status_code == 200


def test_publishing_an_edited_poll_keeps_its_votes(learner_client, poll):
    learner_client.post(vote_url(poll), {"choice": choice(poll).pk})
    # As the admin does: edit the poll and its choices in memory, save a revision, publish it.
    choices = list(poll.choices.order_by("sort_order"))
    choices[0].text = "Thường xuyên (đã sửa)"
    poll.question = "Câu hỏi đã sửa?"
    poll.choices = choices
    poll.save_revision().publish()

    vote = PollVote.objects.get()
    assert vote.choice.text == "Thường xuyên (đã sửa)"
    assert learner_client.get(detail_url(poll)).status_code == 200
