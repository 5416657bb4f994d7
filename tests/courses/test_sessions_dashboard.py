"""The dashboard panels of blended delivery: "My upcoming sessions" for learners, "Sessions I
lead" for trainers; each shown only to those who have some, at a fixed number of queries."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from courses import calendar_feeds, services
from courses.dashboard import MySessionsPanel, SessionsILeadPanel
from courses.models import Registration, RegistrationStatus
from lms.services import enroll
from tests.courses.test_query_budgets import SESSION_AND_USER
from tests.factories import UserFactory, make_session

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD_URL = reverse("lms:dashboard")


@pytest.fixture
def trainer(db):
    return UserFactory(username="giang-vien@example.gov.vn")


def panel_html(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_my_upcoming_sessions_lists_places_and_the_waitlist(
    learner_client, enrolled_learner, blended
):
    place = make_session(blended, title="Có chỗ", starts_in_hours=24)
    full = make_session(blended, title="Đã đầy", starts_in_hours=48, capacity=1)
    make_session(blended, title="Chưa đăng ký")
    left = make_session(blended, title="Đã hủy đăng ký")
    cancelled = make_session(blended, title="Buổi bị hủy")
    ended = make_session(blended, title="Đã kết thúc", starts_in_hours=-5, hours=2)
    other = UserFactory()
    enroll(user=other, course=blended)
    services.register(session=full, user=other)
    for session in (place, full, left, cancelled):
        services.register(session=session, user=enrolled_learner)
    # registered before it started (registration is closed now)
    Registration.objects.create(
        session=ended,
        user=enrolled_learner,
        status=RegistrationStatus.REGISTERED,
        queued_at=timezone.now() - datetime.timedelta(days=1),
    )
    services.cancel_registration(session=left, user=enrolled_learner)
    services.cancel_session(session=cancelled, by=other)

    html = learner_client.get(DASHBOARD_URL).content.decode()

    panel = panel_html(html, "my-sessions-title")
    assert panel.index("Có chỗ") < panel.index("Đã đầy")  # soonest first
    for absent in ("Chưa đăng ký", "Đã hủy đăng ký", "Buổi bị hủy", "Đã kết thúc"):
        assert absent not in panel
    assert "On the waitlist: position 1" in panel.split("Đã đầy", 1)[1]
    assert "Registered" in panel.split("Có chỗ", 1)[1].split("Đã đầy", 1)[0]
    assert reverse("courses:session_ics", args=[place.pk]) in panel
    assert f"{blended.url}#session-{place.pk}" in panel
    # no feed yet: a button asks for one
    assert "Get my calendar address" in panel
    assert 'id="sessions-i-lead-title"' not in html


def test_the_panel_shows_the_feed_address_and_the_reset_button(
    learner_client, enrolled_learner, blended
):
    services.register(session=make_session(blended), user=enrolled_learner)
    feed, _ = calendar_feeds.reset_calendar_feed(user=enrolled_learner)

    panel = panel_html(learner_client.get(DASHBOARD_URL).content.decode(), "my-sessions-title")

    feed_url = "http://testserver" + reverse("courses:calendar_feed", args=[feed.token])
    assert f'value="{feed_url}"' in panel
    assert f'action="{reverse("courses:calendar_feed_reset")}"' in panel
    assert "Reset the address" in panel


def test_sessions_i_lead_lists_upcoming_and_recent_sessions_with_their_tools(
    client, trainer, blended
):
    soon = make_session(blended, title="Sắp tới", starts_in_hours=24, trainers=[trainer])
    recent = make_session(blended, title="Vừa xong", starts_in_hours=-72, trainers=[trainer])
    make_session(blended, title="Đã lâu", starts_in_hours=-24 * 30, trainers=[trainer])
    make_session(blended, title="Của người khác", trainers=[UserFactory()])
    client.force_login(trainer)

    html = client.get(DASHBOARD_URL).content.decode()

    panel = panel_html(html, "sessions-i-lead-title")
    upcoming, past = panel.split("Recently held", 1)
    assert "Sắp tới" in upcoming and "Vừa xong" in past
    assert "Đã lâu" not in panel and "Của người khác" not in panel
    for name in ("attendance_sheet", "checkin_screen", "signin_sheet"):
        assert reverse(f"courses:{name}", args=[soon.pk]) in upcoming
    assert reverse("courses:attendance_sheet", args=[recent.pk]) in past
    assert reverse("courses:signin_sheet", args=[recent.pk]) in past
    assert reverse("courses:checkin_screen", args=[recent.pk]) not in past  # it has ended
    assert 'id="my-sessions-title"' not in html


def test_people_without_sessions_see_neither_panel(learner_client, enrolled_learner, blended):
    make_session(blended)  # scheduled, but neither registered for nor led

    html = learner_client.get(DASHBOARD_URL).content.decode()

    assert 'id="my-sessions-title"' not in html
    assert 'id="sessions-i-lead-title"' not in html


# --- query budgets -----------------------------------------------------------------------


def dashboard_request(user):
    request = RequestFactory().get(DASHBOARD_URL)
    request.user = user
    return request


def offer_and_render(request) -> list[str]:
    """What the two hook functions do: offer each panel, then render those offered."""
    panels = [MySessionsPanel.for_request(request), SessionsILeadPanel.for_request(request)]
    return [panel.render(request) for panel in panels if panel is not None]


def test_both_panels_cost_one_query_for_someone_without_sessions(
    enrolled_learner, django_assert_num_queries
):
    # 1. the sessions the person attends or leads (none), shared by both panels.
    with django_assert_num_queries(1):
        assert offer_and_render(dashboard_request(enrolled_learner)) == []


@pytest.mark.parametrize("count", [1, 5])
def test_the_panels_cost_the_same_for_any_number_of_sessions(
    client, enrolled_learner, trainer, blended, count, django_assert_num_queries
):
    other = UserFactory()
    enroll(user=other, course=blended)
    for n in range(count):
        session = make_session(blended, title=f"Buổi {n}", capacity=1, trainers=[trainer])
        if n == 1:  # one on the waitlist
            services.register(session=session, user=other)
        services.register(session=session, user=enrolled_learner)
        make_session(
            blended, title=f"Đã xong {n}", starts_in_hours=-48 - n, hours=2, trainers=[trainer]
        )
    calendar_feeds.reset_calendar_feed(user=enrolled_learner)
    client.get(blended.url)  # warm Wagtail's site root paths

    with django_assert_num_queries(
        1  # the sessions with their courses, the learner's status and place on the waitlist,
        #    and the calendar feed's token
        + 1  # the Site of the request, for the course pages' URLs (root paths are cached)
    ):
        learner_html = offer_and_render(dashboard_request(enrolled_learner))
    assert len(learner_html) == 1
    assert learner_html[0].count('class="cds-session cds-session--mine"') == count

    # The trainer's panel links by session id only: no URL of a page, no Site.
    with django_assert_num_queries(1):  # the sessions they lead, with their courses
        trainer_html = offer_and_render(dashboard_request(trainer))
    assert len(trainer_html) == 1
    assert trainer_html[0].count('class="cds-session"') == 2 * count


@pytest.mark.parametrize("count", [1, 5])
def test_the_whole_dashboard_of_a_learner_with_sessions(
    learner_client, enrolled_learner, blended, count, django_assert_num_queries
):
    for n in range(count):
        services.register(session=make_session(blended, title=f"Buổi {n}"), user=enrolled_learner)
    learner_client.get(DASHBOARD_URL)
    with django_assert_num_queries(
        SESSION_AND_USER
        + 1  # the current enrollments with their course pages ("My courses")
        + 1  # the Site of the request, for the course pages' URLs (root paths are cached)
        + 1  # the sessions attended and led, with the feed's token (both session panels)
        + 1  # the learner's certificates ("My certificates", certificates.dashboard)
    ):
        html = learner_client.get(DASHBOARD_URL).content.decode()
    assert panel_html(html, "my-sessions-title").count("cds-session--mine") == count
