"""`manage.py send_session_reminders`: the day-before reminder, once per learner and session."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses import services
from courses.models import Registration, RegistrationStatus
from lms.services import enroll
from tests.factories import LearnerProfileFactory, make_course, make_session

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def course(db):
    return make_course(lessons=0, delivery_mode="blended", title="Nông nghiệp số")


def local(days_from_today: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in Vietnam's time, `days_from_today` after today's local date."""
    day = timezone.localdate(timezone.now(), HANOI) + datetime.timedelta(days=days_from_today)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HANOI)


def session_at(course, starts_at: datetime.datetime, **fields):
    return make_session(
        course, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3), **fields
    )


def registered(course, session, name: str):
    profile = LearnerProfileFactory(full_name=name)
    enroll(user=profile.user, course=course)
    services.register(session=session, user=profile.user)
    return profile.user


def run(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_session_reminders", stdout=out)
    return out.getvalue()


def test_the_site_uses_vietnams_time_zone(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_learners_registered_for_tomorrow_are_reminded_once(
    course, site_admin, django_capture_on_commit_callbacks
):
    # Given sessions starting at the edges of tomorrow, Vietnam's time: 00:30 tomorrow is
    # still today in UTC, 06:30 the day after is still tomorrow in UTC
    early = session_at(course, local(1, 0, 30), title="Sáng sớm mai", capacity=1)
    late = session_at(course, local(1, 23, 30), title="Tối mai")
    after = session_at(course, local(2, 6, 30), title="Ngày kia")
    cancelled = session_at(course, local(1, 8), title="Buổi bị hủy")

    first = registered(course, early, "Người đăng ký sớm")
    waiting = registered(course, early, "Người chờ")  # no place left: on the waitlist
    night = registered(course, late, "Người học tối")
    registered(course, after, "Người học ngày kia")
    registered(course, cancelled, "Người của buổi bị hủy")
    services.cancel_session(session=cancelled, by=site_admin)
    assert Registration.objects.get(user=waiting).status == RegistrationStatus.WAITLISTED
    mail.outbox.clear()

    # When the command runs
    output = run(django_capture_on_commit_callbacks)

    # Then only the two learners with a place at a scheduled session tomorrow are reminded
    assert output.strip() == "2 session reminder(s) queued."
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, night.email])
    assert any("Sáng sớm mai" in message.body for message in mail.outbox)

    # And running it again (later that day, or on another host) sends nothing more
    assert run(django_capture_on_commit_callbacks).strip() == "0 session reminder(s) queued."
    assert len(mail.outbox) == 2


def test_a_learner_promoted_after_the_reminders_went_out_is_reminded_on_the_next_run(
    course, django_capture_on_commit_callbacks
):
    session = session_at(course, local(1, 8), capacity=1)
    first = registered(course, session, "Người thứ nhất")
    second = registered(course, session, "Người thứ hai")
    assert run(django_capture_on_commit_callbacks).strip() == "1 session reminder(s) queued."

    services.cancel_registration(session=session, user=first)  # the place goes to `second`
    mail.outbox.clear()

    assert run(django_capture_on_commit_callbacks).strip() == "1 session reminder(s) queued."
    assert [message.to[0] for message in mail.outbox] == [second.email]
