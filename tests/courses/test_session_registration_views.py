"""Registering for sessions from a blended course page: the sessions section, the Register and
Cancel buttons (POST only, CSRF-protected), their messages, and the page's query budget."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Registration, RegistrationStatus, SessionKind
from lms.services import enroll
from tests.courses.test_query_budgets import SESSION_AND_USER, VIEW_RESTRICTIONS, WAGTAIL_ROUTING
from tests.factories import LearnerProfileFactory, UserFactory, make_session

pytestmark = pytest.mark.usefixtures("english")


def register_url(session) -> str:
    return reverse("courses:session_register", args=[session.pk])


def cancel_url(session) -> str:
    return reverse("courses:session_cancel", args=[session.pk])


def sessions_section(html: str) -> str:
    return html.split('id="sessions"', 1)[1].split("</section>", 1)[0]


def session_item(html: str, session) -> str:
    return html.split(f'id="session-{session.pk}"', 1)[1].split("</li>", 1)[0]


# --- the buttons ---------------------------------------------------------------------------


@pytest.mark.parametrize("url_of", [register_url, cancel_url])
def test_register_and_cancel_take_only_posts(learner_client, enrolled_learner, blended, url_of):
    session = make_session(blended)

    response = learner_client.get(url_of(session))

    assert response.status_code == 405
    assert not Registration.objects.exists()


def test_register_refuses_a_post_without_the_csrf_token(enrolled_learner, blended):
    session = make_session(blended)
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_learner)

    response = client.post(register_url(session))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_cancel_refuses_a_post_without_the_csrf_token(enrolled_learner, blended):
    session = make_session(blended)
    services.register(session=session, user=enrolled_learner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_learner)

    response = client.post(cancel_url(session))

    assert response.status_code == 403
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED


def test_an_anonymous_visitor_is_sent_to_log_in_first(client, blended):
    session = make_session(blended)

    response = client.post(register_url(session))

    assert response.status_code == 302
    assert response.url.startswith(reverse("lms:login") + "?next=")
    assert not Registration.objects.exists()


def test_registering_gives_a_place_and_says_so(learner_client, enrolled_learner, blended):
    session = make_session(blended, title="Buổi 1", capacity=3)

    response = learner_client.post(register_url(session), follow=True)

    assert response.redirect_chain == [(f"{blended.url}#sessions", 302)]
    html = response.content.decode()
    assert "You have a place at “Buổi 1”" in html
    item = session_item(html, session)
    assert "Registered" in item
    assert "2 of 3" in item  # places left
    assert "check in by scanning the QR code" in item
    assert "Cancel my registration" in item
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_registering_for_a_full_session_tells_the_place_on_the_waitlist(
    learner_client, enrolled_learner, blended
):
    session = make_session(blended, title="Buổi đông", capacity=1)
    for _ in range(2):  # one takes the place, one waits
        other = UserFactory()
        enroll(user=other, course=blended)
        services.register(session=session, user=other)

    response = learner_client.post(register_url(session), follow=True)

    html = response.content.decode()
    assert "“Buổi đông” is full: you are on the waitlist, in position 2." in html
    item = session_item(html, session)
    assert "On the waitlist: position 2" in item
    assert "Leave the waitlist" in item
    assert Registration.objects.get(user=enrolled_learner).status == RegistrationStatus.WAITLISTED


def test_two_learners_queued_at_the_same_instant_are_told_different_places(
    client, blended, monkeypatch
):
    session = make_session(blended, capacity=1)
    holder, first, second = UserFactory(), UserFactory(), UserFactory()
    for person in (holder, first, second):
        enroll(user=person, course=blended)
    services.register(session=session, user=holder)
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    for person in (first, second):
        services.register(session=session, user=person)

    told = []
    for person in (first, second):
        client.force_login(person)
        item = session_item(client.get(blended.url).content.decode(), session)
        told.append(re.search(r"On the waitlist: position (\d+)", item).group(1))

    # in the order places are given: the first to ask (the lower id) gets the next place
    assert told == ["1", "2"]


def test_cancelling_after_the_deadline_is_refused_with_the_reason(
    learner_client, enrolled_learner, blended
):
    deadline = timezone.now() - datetime.timedelta(hours=2)
    session = make_session(blended, cancellation_deadline=deadline)
    services.register(session=session, user=enrolled_learner)

    response = learner_client.post(cancel_url(session), follow=True)

    html = response.content.decode()
    local = timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M")
    message = f"The cancellation deadline ({local}) has passed"
    assert 'lms-message--error">' + message in html
    # the section says it too, and offers no Cancel button
    item = session_item(html, session)
    assert message in item
    assert "Cancel my registration" not in item
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED


def test_cancelling_gives_the_place_back(learner_client, enrolled_learner, blended):
    session = make_session(blended, title="Buổi 2")
    services.register(session=session, user=enrolled_learner)

    response = learner_client.post(cancel_url(session), follow=True)

    html = response.content.decode()
    assert "Your registration for “Buổi 2” is cancelled." in html
    item = session_item(html, session)
    assert "Cancelled" in item
    assert register_url(session) in item  # and may register again
    session.refresh_from_db()
    assert session.seats_taken == 0


def test_a_learner_not_enrolled_is_refused_with_the_reason(learner_client, learner, blended):
    session = make_session(blended)

    response = learner_client.post(register_url(session), follow=True)

    assert "Enrol in the course before registering for its sessions." in response.content.decode()
    assert not Registration.objects.exists()


# --- the sessions section of the course page -------------------------------------------------


def test_visitors_see_the_sessions_without_buttons_and_are_told_to_enrol(client, learner, blended):
    trainer = LearnerProfileFactory(full_name="Phạm Giảng Viên").user
    session = make_session(blended, title="Buổi khai giảng", trainers=[trainer], capacity=20)
    make_session(blended, title="Buổi bị hủy", cancelled_at=timezone.now())

    notes = []
    for who in (None, learner):  # anonymous, then logged in but not enrolled
        if who:
            client.force_login(who)
        section = sessions_section(client.get(blended.url).content.decode())
        notes.append(section.split('<ul class="cds-sessions__list"', 1)[0])
        assert "Buổi khai giảng" in section
        assert "Buổi bị hủy" not in section  # cancelled sessions are not listed
        local = timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")
        assert local in section
        assert "Hội trường UBND huyện, Số 1 đường Trần Hưng Đạo" in section
        assert "Phạm Giảng Viên" in section
        assert "20 of 20" in section
        assert reverse("courses:session_ics", args=[session.pk]) in section
        assert register_url(session) not in section
        assert "<form" not in section
    assert "Log in and enrol in the course to register for a session." in notes[0]
    assert "Enrol in the course first: then you can register for its sessions." in notes[1]


def test_the_meeting_link_is_for_learners_holding_a_place(
    learner_client, enrolled_learner, blended
):
    session = make_session(
        blended,
        kind=SessionKind.ONLINE,
        venue_name="",
        venue_address="",
        meeting_url="https://meet.example.vn/phong-1",
    )

    before = session_item(learner_client.get(blended.url).content.decode(), session)
    services.register(session=session, user=enrolled_learner)
    after = session_item(learner_client.get(blended.url).content.decode(), session)

    assert "https://meet.example.vn/phong-1" not in before
    assert "Register" in before
    assert 'href="https://meet.example.vn/phong-1"' in after


def test_a_session_not_yet_open_for_registration_says_when_it_opens(
    learner_client, enrolled_learner, blended
):
    opens = timezone.now() + datetime.timedelta(days=1)
    session = make_session(blended, starts_in_hours=96, registration_opens_at=opens)

    item = session_item(learner_client.get(blended.url).content.decode(), session)

    local = timezone.localtime(opens).strftime("%d/%m/%Y %H:%M")
    assert f"Registration opens on {local}." in item
    assert register_url(session) not in item


def test_a_session_that_ended_offers_nothing_more(learner_client, enrolled_learner, blended):
    session = make_session(blended, starts_in_hours=-5, hours=2)
    Registration.objects.create(
        session=session,
        user=enrolled_learner,
        status=RegistrationStatus.REGISTERED,
        queued_at=timezone.now() - datetime.timedelta(days=2),
    )

    item = session_item(learner_client.get(blended.url).content.decode(), session)

    assert "This session has ended." in item
    assert "<form" not in item
    assert "lms-refusal" not in item  # no deadline to complain about any more


def test_online_course_pages_have_no_sessions_section(learner_client, learner, course):
    response = learner_client.get(course.url)

    assert "sessions" not in response.context
    assert 'id="sessions"' not in response.content.decode()


# --- query budget ----------------------------------------------------------------------------

# What the sessions section adds to a blended course page (the rest is pinned, and explained,
# in test_query_budgets.py).
SESSIONS = 1  # the course's scheduled sessions, in order
TRAINERS = 1  # their trainers with their learner profiles (one prefetch for all sessions)
REGISTRATIONS = 1  # the learner's registrations for them, each with its waitlist position
#                    (a correlated COUNT inside the same query, not one query per session)


@pytest.mark.parametrize("count", [1, 5])
def test_blended_course_page_for_an_enrolled_learner(
    learner_client, enrolled_learner, blended, count, django_assert_num_queries
):
    trainers = [LearnerProfileFactory().user for _ in range(2)]
    others = [UserFactory() for _ in range(2)]
    for person in others:
        enroll(user=person, course=blended)
    for n in range(count):
        session = make_session(blended, title=f"Buổi {n}", capacity=1, trainers=trainers)
        # the learner is registered for one, waitlisted for another, and free for the rest
        if n == 0:
            services.register(session=session, user=enrolled_learner)
        elif n == 1:
            services.register(session=session, user=others[0])
            services.register(session=session, user=others[1])
            services.register(session=session, user=enrolled_learner)
    learner_client.get(blended.url)  # warm-up: site root paths, content types
    expected = (
        WAGTAIL_ROUTING
        + 1  # the course, specific, with its cover image (CourseIndexPage.route)
        + VIEW_RESTRICTIONS
        + SESSION_AND_USER
        + 1  # the learner's enrollment in the course
        + 1  # the live lessons in tree order, each with its tick
        + 2  # outline extras: the course's live quizzes; its surveys
        + 1  # the completion criteria, with the pages they name
        + SESSIONS
        + TRAINERS
        + REGISTRATIONS
    )
    assert expected == 15
    with django_assert_num_queries(expected):
        response = learner_client.get(blended.url)
    html = response.content.decode()
    assert len(re.findall(r'id="session-\d+"', html)) == count
    if count > 1:
        assert "On the waitlist: position 2" in html


@pytest.mark.parametrize("count", [1, 5])
def test_blended_course_page_for_an_anonymous_visitor(
    client, blended, count, django_assert_num_queries
):
    trainers = [LearnerProfileFactory().user for _ in range(2)]
    for n in range(count):
        make_session(blended, title=f"Buổi {n}", trainers=trainers)
    client.get(blended.url)
    # The anonymous course page (9 queries, see test_query_budgets.py), then the sessions and
    # their trainers; no registrations to look up.
    with django_assert_num_queries(WAGTAIL_ROUTING + 1 + VIEW_RESTRICTIONS + 3 + 2):  # 11
        response = client.get(blended.url)
    assert len(re.findall(r'id="session-\d+"', response.content.decode())) == count
