"""The check-in screen a trainer puts on the projector, and the JSON it renews its code from."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import checkin, services
from courses.conf import courses_settings
from courses.models import AttendanceRecord, AttendanceStatus
from lms import roles
from lms.services import enroll
from tests.factories import LearnerProfileFactory, make_course, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def blended(catalogue):
    return make_course(catalogue, lessons=0, delivery_mode="blended", title="Kỹ năng số")


@pytest.fixture
def trainer(role_groups):
    profile = LearnerProfileFactory(full_name="Giảng Viên Một")
    profile.user.groups.add(role_groups[roles.TRAINER])
    return profile.user


@pytest.fixture
def trainer_client(trainer) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(trainer)
    return client


@pytest.fixture
def session(blended, trainer):
    """Starts in ten minutes: self check-in (from 30 minutes before) is open."""
    return make_session(blended, starts_in_hours=1 / 6, trainers=[trainer], title="Buổi 1")


def screen_url(session) -> str:
    return reverse("courses:checkin_screen", args=[session.pk])


def code_url(session) -> str:
    return reverse("courses:checkin_code", args=[session.pk])


def enrolled_learner(course, name="Nguyễn Thị Hoà"):
    profile = LearnerProfileFactory(full_name=name)
    enroll(user=profile.user, course=course)
    return profile.user


def test_the_screen_shows_the_qr_code_of_the_check_in_address(trainer_client, session):
    response = trainer_client.get(screen_url(session))

    assert response.status_code == 200
    page = response.content.decode()
    state = response.context["state"]
    expected = (
        f"http://testserver{reverse('courses:session_checkin', args=[session.pk])}"
        f"?code={state['code']}"
    )
    assert state["url"] == expected
    assert f'<code data-code data-checkin-url="{expected}">{state["code"]}</code>' in page
    assert page.count("<svg") == 1 and 'class="segno"' in page
    assert "Buổi 1" in page and "Kỹ năng số" in page
    assert 0 < state["expires_in"] <= courses_settings.CHECKIN_CODE_SECONDS
    assert f'data-code-url="{code_url(session)}"' in page
    assert "no-store" in response["Cache-Control"]
    assert "Checked in: <span data-checked-in>0</span>" in page


def test_the_screen_uses_only_local_static_files(trainer_client, session):
    page = trainer_client.get(screen_url(session)).content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources == [
        "/static/lms/css/lms.css",
        "/static/courses/css/attendance.css",
        "/static/courses/js/checkin-screen.js",
    ]
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_the_json_gives_a_code_that_check_in_accepts(trainer_client, session):
    learner = enrolled_learner(session.course)

    response = trainer_client.get(code_url(session))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {"code", "url", "svg", "expires_in", "checked_in"}
    assert data["url"].startswith("http://testserver/") and data["url"].endswith(
        f"?code={data['code']}"
    )
    assert data["svg"].startswith("<svg") and data["svg"].rstrip().endswith("</svg>")
    assert data["checked_in"] == 0
    record = services.check_in(session=session, user=learner, code=data["code"])
    assert record.status == AttendanceStatus.PRESENT
    assert trainer_client.get(code_url(session)).json()["checked_in"] == 1


def test_the_count_keeps_a_check_in_a_trainer_changed_afterwards(trainer, trainer_client, session):
    learner = enrolled_learner(session.course)
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    services.check_in(session=session, user=learner, code=code)
    services.mark_attendance(session=session, learner_id=learner.pk, status="late", by=trainer)
    assert trainer_client.get(code_url(session)).json()["checked_in"] == 1


@pytest.mark.parametrize(
    "starts_in_hours, cancelled, reason",
    [
        (5, False, "Check-in for this session is open from"),
        (-6, False, "Check-in for this session is open from"),  # over
        (1 / 6, True, "This session was cancelled."),
    ],
)
def test_outside_the_window_the_screen_says_why_and_shows_no_code(
    blended, trainer, trainer_client, starts_in_hours, cancelled, reason
):
    session = make_session(blended, starts_in_hours=starts_in_hours, trainers=[trainer])
    if cancelled:
        services.cancel_session(session=session, by=trainer)

    response = trainer_client.get(screen_url(session))

    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page
    assert "<svg" not in page
    assert re.search(r"<code data-code[^>]*>\s*</code>", page)
    assert "?code=" not in page

    response = trainer_client.get(code_url(session))
    assert response.status_code == 409
    assert reason in response.json()["error"]
    assert "code" not in response.json()
    assert "no-store" in response["Cache-Control"]


def test_the_json_refuses_other_people_with_a_message(role_groups, blended, session):
    profile = LearnerProfileFactory(full_name="Giảng Viên Khác")
    profile.user.groups.add(role_groups[roles.TRAINER])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(profile.user)

    response = client.get(code_url(session))

    assert response.status_code == 403
    assert response.json() == {"error": "Only the session's trainers can take its attendance."}
    assert client.get(screen_url(session)).status_code == 403
    assert Client().get(code_url(session)).status_code == 302  # anonymous: log in first
    assert not AttendanceRecord.objects.exists()


def test_the_screen_and_its_json_refuse_posts(trainer_client, session):
    assert trainer_client.post(screen_url(session)).status_code == 405
    assert trainer_client.post(code_url(session)).status_code == 405
