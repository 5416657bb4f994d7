"""Self check-in from the learner's phone: the page a QR code opens (GET reads, never writes),
the login detour carrying a grant, the confirmation POST, and every refusal with its reason."""

import re
import time
from html import unescape
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import checkin
from courses.models import AttendanceRecord, AttendanceStatus
from lms.services import enroll
from tests.factories import PASSWORD, make_session

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def session(blended):
    """A session that started five minutes ago: check-in is open, arrivals are on time."""
    return make_session(blended, starts_in_hours=-5 / 60, title="Buổi tập huấn")


def checkin_url(session, **params) -> str:
    url = reverse("courses:session_checkin", args=[session.pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def valid_code(session) -> str:
    return checkin.make_code(session.pk, checkin.current_step(timezone.now()))


def hidden_grant(html: str) -> str:
    return re.search(r'name="grant" value="([^"]+)"', html).group(1)


def test_opening_a_valid_code_shows_the_confirmation_and_writes_nothing(
    learner_client, enrolled_learner, session
):
    response = learner_client.get(checkin_url(session, code=valid_code(session)))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Buổi tập huấn" in html
    assert "Check me in" in html
    checkin.read_grant(hidden_grant(html), session=session)  # a grant for this session
    assert not AttendanceRecord.objects.exists()


def test_an_anonymous_visitor_logs_in_and_comes_back_to_confirm(client, learner, blended, session):
    enroll(user=learner, course=blended)

    # Given someone not logged in who scans the code
    page = client.get(checkin_url(session, code=valid_code(session)))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Check me in" not in html
    login_url = unescape(re.search(r'href="([^"]+)">Log in to check in<', html).group(1))
    assert login_url.startswith(reverse("lms:login"))
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]
    assert next_url.startswith(checkin_url(session) + "?grant=")

    # When they log in through that link
    response = client.post(
        login_url, {"username": learner.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == next_url
    # Then they land on the confirmation, nothing written yet
    confirmation = client.get(next_url).content.decode()
    assert "Check me in" in confirmation
    assert not AttendanceRecord.objects.exists()

    # And confirming checks them in
    done = client.post(checkin_url(session), {"grant": hidden_grant(confirmation)})
    assert done.status_code == 200
    assert "You are checked in: Present" in done.content.decode()
    record = AttendanceRecord.objects.get()
    assert (record.user, record.status, record.source) == (learner, "present", "check_in")


def test_a_late_arrival_is_checked_in_as_late(learner_client, enrolled_learner, blended):
    late = make_session(blended, starts_in_hours=-0.5)
    grant = checkin.make_grant(late.pk)

    response = learner_client.post(checkin_url(late), {"grant": grant})

    assert "You are checked in: Late" in response.content.decode()
    assert AttendanceRecord.objects.get().status == AttendanceStatus.LATE


def test_a_typed_code_checks_in(learner_client, enrolled_learner, session):
    form = learner_client.get(checkin_url(session)).content.decode()
    assert 'name="code"' in form

    response = learner_client.post(checkin_url(session), {"code": valid_code(session)})

    assert "You are checked in: Present" in response.content.decode()
    assert AttendanceRecord.objects.filter(user=enrolled_learner).exists()


def test_the_confirmation_needs_the_csrf_token(enrolled_learner, session):
    client = Client(enforce_csrf_checks=True)
    client.force_login(enrolled_learner)

    response = client.post(checkin_url(session), {"grant": checkin.make_grant(session.pk)})

    assert response.status_code == 403
    assert not AttendanceRecord.objects.exists()


def test_posting_without_logging_in_leads_to_the_login_with_the_grant(client, session):
    grant = checkin.make_grant(session.pk)

    response = client.post(checkin_url(session), {"grant": grant})

    assert response.status_code == 302
    assert response.url.startswith(reverse("lms:login"))
    next_url = parse_qs(urlsplit(response.url).query)["next"][0]
    assert parse_qs(urlsplit(next_url).query)["grant"] == [grant]
    assert not AttendanceRecord.objects.exists()


def forged_code(session) -> str:
    code = valid_code(session)
    return code[:-1] + ("1" if code.endswith("0") else "0")  # the MAC no longer matches


def expired_code(session) -> str:
    return checkin.make_code(session.pk, checkin.current_step(timezone.now()) - 2)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda session: "1-2-3", "This is not a check-in code of this site."),
        (forged_code, "This is not a check-in code of this site."),
        (expired_code, "This code has expired. Scan the code on the trainer's screen again."),
        (
            lambda session: valid_code(make_session(session.course, starts_in_hours=-0.1)),
            "This code is for another session. Scan the code shown in the room you are in.",
        ),
    ],
    ids=["not-a-code", "forged", "expired", "other-session"],
)
def test_bad_codes_are_refused_with_their_reason(
    learner_client, enrolled_learner, session, make, message
):
    code = make(session)

    opened = learner_client.get(checkin_url(session, code=code))
    typed = learner_client.post(checkin_url(session), {"code": code})

    for response in (opened, typed):
        assert response.status_code == 400
        html = unescape(response.content.decode())
        assert f'role="alert">{message}<' in html
        assert "Check me in" not in html
        assert 'name="code"' in html  # another try
    assert not AttendanceRecord.objects.exists()


def test_a_grant_too_old_is_refused(learner_client, enrolled_learner, session):
    with mock.patch("time.time", return_value=time.time() - 3600):
        grant = checkin.make_grant(session.pk)

    for response in (
        learner_client.get(checkin_url(session, grant=grant)),
        learner_client.post(checkin_url(session), {"grant": grant}),
    ):
        assert response.status_code == 400
        assert "Too much time has passed since you scanned the code." in unescape(
            response.content.decode()
        )
    assert not AttendanceRecord.objects.exists()


def test_a_grant_for_another_session_is_refused(learner_client, enrolled_learner, session):
    other = make_session(session.course, starts_in_hours=-0.1)

    response = learner_client.post(checkin_url(session), {"grant": checkin.make_grant(other.pk)})

    assert response.status_code == 400
    assert "This code is for another session." in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_a_learner_not_enrolled_is_refused(learner_client, learner, session):
    response = learner_client.post(checkin_url(session), {"grant": checkin.make_grant(session.pk)})

    assert response.status_code == 400
    assert (
        "You are not enrolled in this course, so you cannot check in to its sessions."
        in response.content.decode()
    )
    assert not AttendanceRecord.objects.exists()


def test_check_in_outside_the_window_says_when_it_opens(learner_client, enrolled_learner, blended):
    tomorrow = make_session(blended, starts_in_hours=24)

    response = learner_client.get(checkin_url(tomorrow, code=valid_code(tomorrow)))

    assert response.status_code == 400
    opens = timezone.localtime(tomorrow.checkin_opens).strftime("%d/%m/%Y %H:%M")
    assert f"Check-in for this session is open from {opens}" in response.content.decode()


def test_checking_in_twice_keeps_the_first_arrival(learner_client, enrolled_learner, session):
    grant = checkin.make_grant(session.pk)
    learner_client.post(checkin_url(session), {"grant": grant})
    first = AttendanceRecord.objects.get()

    again = learner_client.post(checkin_url(session), {"grant": grant})

    assert "You are checked in: Present" in again.content.decode()
    assert AttendanceRecord.objects.get().recorded_at == first.recorded_at


def test_the_page_of_an_unknown_session_is_not_found(learner_client, db):
    response = learner_client.get(reverse("courses:session_checkin", args=[999]))

    assert response.status_code == 404
