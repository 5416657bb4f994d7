"""Calendar files: one session's .ics, the learner's secret feed, and replacing its address."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from courses import calendar_feeds, services
from courses.models import CalendarFeed, SessionKind
from lms.services import enroll
from tests.factories import UserFactory, make_session

pytestmark = pytest.mark.usefixtures("english")

FEED_RESET_URL = reverse("courses:calendar_feed_reset")


def ics_url(session) -> str:
    return reverse("courses:session_ics", args=[session.pk])


def feed_url(token: str) -> str:
    return reverse("courses:calendar_feed", args=[token])


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_session_file_has_its_times_in_utc_its_place_and_its_course(client, blended):
    starts = datetime.datetime(2030, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 08:30 in Hà Nội
    session = make_session(
        blended,
        title="Buổi khai giảng",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )

    response = client.get(ics_url(session))

    assert 'filename="session-' in response["Content-Disposition"]
    assert b"DTSTART:20300302T013000Z" in response.content  # written in UTC
    (event,) = events(response)
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == starts + datetime.timedelta(hours=4)
    assert str(event["summary"]) == "Buổi khai giảng — Khóa kết hợp"
    assert str(event["location"]) == "Hội trường UBND huyện, Số 1 đường Trần Hưng Đạo"
    assert str(event["url"]) == f"http://testserver{blended.url}"
    assert str(event["status"]) == "CONFIRMED"
    # the same UID on every download: calendars update the event instead of copying it
    assert event["uid"] == events(client.get(ics_url(session)))[0]["uid"]


def test_a_cancelled_session_says_so(client, blended):
    session = make_session(blended)
    services.cancel_session(session=session, by=UserFactory())

    (event,) = events(client.get(ics_url(session)))

    assert str(event["status"]) == "CANCELLED"


def test_the_meeting_link_is_only_in_the_file_of_a_learner_holding_a_place(
    client, enrolled_learner, blended
):
    session = make_session(
        blended,
        kind=SessionKind.ONLINE,
        venue_name="",
        venue_address="",
        meeting_url="https://meet.example.vn/phong-1",
    )

    (anonymous,) = events(client.get(ics_url(session)))
    services.register(session=session, user=enrolled_learner)
    client.force_login(enrolled_learner)
    (registered,) = events(client.get(ics_url(session)))

    assert str(anonymous["location"]) == "Live online"
    assert str(registered["location"]) == "https://meet.example.vn/phong-1"


def test_the_file_of_a_session_of_an_unpublished_course_is_not_found(client, blended):
    session = make_session(blended)
    blended.unpublish()

    assert client.get(ics_url(session)).status_code == 404


def test_the_feed_lists_the_learners_sessions_and_waitlist_places(
    client, enrolled_learner, blended
):
    registered = make_session(blended, title="Có chỗ")
    full = make_session(blended, title="Đã đầy", capacity=1)
    left = make_session(blended, title="Đã hủy đăng ký")
    make_session(blended, title="Không đăng ký")
    cancelled = make_session(blended, title="Buổi bị hủy")
    other = UserFactory()
    enroll(user=other, course=blended)
    services.register(session=full, user=other)
    for session in (registered, full, left, cancelled):
        services.register(session=session, user=enrolled_learner)
    services.cancel_registration(session=left, user=enrolled_learner)
    services.cancel_session(session=cancelled, by=other)
    feed, _ = calendar_feeds.reset_calendar_feed(user=enrolled_learner)

    response = Client().get(feed_url(feed.token))  # no login: the token is the key

    statuses = {str(event["summary"]): str(event["status"]) for event in events(response)}
    assert statuses == {
        "Có chỗ — Khóa kết hợp": "CONFIRMED",
        "Đã đầy — Khóa kết hợp": "TENTATIVE",
        "Buổi bị hủy — Khóa kết hợp": "CANCELLED",
    }
    assert "no-store" in response["Cache-Control"]
    # an event has the same UID in the feed as in the session's own file
    (single,) = events(Client().get(ics_url(registered)))
    uids = {str(event["summary"]): event["uid"] for event in events(response)}
    assert uids["Có chỗ — Khóa kết hợp"] == single["uid"]


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(feed_url("not-a-token")).status_code == 404


def test_resetting_the_address_retires_the_old_one(learner_client, enrolled_learner):
    first = learner_client.post(FEED_RESET_URL)  # the first address
    old = CalendarFeed.objects.get(user=enrolled_learner).token
    assert first.status_code == 302
    assert first.url == reverse("lms:dashboard") + "#my-sessions"
    assert learner_client.get(feed_url(old)).status_code == 200

    response = learner_client.post(FEED_RESET_URL, follow=True)

    new = CalendarFeed.objects.get(user=enrolled_learner).token
    assert new != old
    assert "Your calendar address has been replaced" in response.content.decode()
    assert learner_client.get(feed_url(old)).status_code == 404
    assert learner_client.get(feed_url(new)).status_code == 200


def test_resetting_the_address_is_a_logged_in_post_with_the_csrf_token(client, learner):
    assert client.post(FEED_RESET_URL).url.startswith(reverse("lms:login"))
    client.force_login(learner)
    assert client.get(FEED_RESET_URL).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(learner)
    assert guarded.post(FEED_RESET_URL).status_code == 403
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("count", [1, 4])
def test_the_feed_costs_the_same_for_any_number_of_sessions(
    client, enrolled_learner, blended, count, django_assert_num_queries
):
    for n in range(count):
        services.register(session=make_session(blended, title=f"Buổi {n}"), user=enrolled_learner)
    feed, _ = calendar_feeds.reset_calendar_feed(user=enrolled_learner)
    client.get(feed_url(feed.token))  # warm Wagtail's site root paths
    with django_assert_num_queries(
        1  # the feed, by its token
        + 1  # the learner's registrations with their sessions and courses
        + 1  # the Site of the request, for the course pages' URLs
    ):
        response = client.get(feed_url(feed.token))
    assert len(events(response)) == count


def test_times_in_the_feed_are_the_sessions_in_utc(client, enrolled_learner, blended):
    session = make_session(blended, starts_in_hours=72)
    services.register(session=session, user=enrolled_learner)
    feed, _ = calendar_feeds.reset_calendar_feed(user=enrolled_learner)

    (event,) = events(client.get(feed_url(feed.token)))

    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == session.ends_at.replace(microsecond=0)
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
