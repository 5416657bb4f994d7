"""Self check-in: the rotating codes of the trainer's screen, the grants of the check-in
page, the check-in window and what a check-in records."""

import datetime
import types

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone

from courses import checkin, services
from courses.exceptions import CheckInRefused
from courses.models import AttendanceChange, AttendanceRecord, AttendanceStatus
from lms.services import enroll
from tests.factories import UserFactory, make_course, make_session

pytestmark = pytest.mark.django_db

PERIOD = 30  # CHECKIN_CODE_SECONDS
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _english(english):
    """Refusals are matched on the English source strings."""


@pytest.fixture
def course(db):
    return make_course(lessons=0, delivery_mode="blended")


@pytest.fixture
def learner(course):
    person = UserFactory()
    enroll(user=person, course=course)
    return person


@pytest.fixture
def clock(monkeypatch):
    """Stop the clock the services read: ``clock.now = ...`` moves it."""
    state = types.SimpleNamespace(now=timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: state.now)
    return state


def step_start(moment):
    """The first instant of the code step `moment` falls in."""
    return datetime.datetime.fromtimestamp(checkin.current_step(moment) * PERIOD, tz=UTC)


def code_at(session, moment):
    """The code the trainer's screen shows at `moment`."""
    return checkin.make_code(session.pk, checkin.current_step(moment))


@pytest.fixture
def under_way(course):
    """A session that started 10 minutes ago and lasts 3 hours."""
    return make_session(course, starts_in_hours=-1 / 6)


# --- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds_later",
    [0, PERIOD - 1, PERIOD, 2 * PERIOD - 1],
    ids=["own step, first second", "own step, last second", "next step", "next step, last"],
)
def test_a_code_works_during_its_own_step_and_the_next(under_way, seconds_later):
    # Given the code the screen showed at the start of a step
    shown = step_start(timezone.now())
    code = code_at(under_way, shown)

    # When it is scanned `seconds_later`, then it opens check-in (nothing is raised)
    checkin.read_code(
        code, session=under_way, now=shown + datetime.timedelta(seconds=seconds_later)
    )


@pytest.mark.parametrize(
    "seconds_later", [2 * PERIOD, 10 * PERIOD], ids=["two steps later", "ten steps later"]
)
def test_a_code_expires_two_steps_after_it_was_shown(under_way, seconds_later):
    shown = step_start(timezone.now())
    code = code_at(under_way, shown)

    with pytest.raises(CheckInRefused, match="expired"):
        checkin.read_code(
            code, session=under_way, now=shown + datetime.timedelta(seconds=seconds_later)
        )


def test_a_code_of_a_step_still_to_come_is_refused(under_way):
    now = timezone.now()
    code = checkin.make_code(under_way.pk, checkin.current_step(now) + 1)

    with pytest.raises(CheckInRefused, match="expired"):
        checkin.read_code(code, session=under_way, now=now)


def test_the_code_step_follows_the_setting(under_way):
    # Given a site whose screen shows each code for 2 minutes
    with override_settings(COURSES_CHECKIN_CODE_SECONDS=120):
        shown = datetime.datetime.fromtimestamp(checkin.current_step(timezone.now()) * 120, tz=UTC)
        code = code_at(under_way, shown)
        # Then the code still works 3 minutes later (within its own step and the next)
        checkin.read_code(code, session=under_way, now=shown + datetime.timedelta(minutes=3))
        # and not 4 minutes later
        with pytest.raises(CheckInRefused, match="expired"):
            checkin.read_code(code, session=under_way, now=shown + datetime.timedelta(minutes=4))


def tampered_mac(code):
    session_id, step, mac = code.split("-")
    return f"{session_id}-{step}-{mac[:-1]}{'0' if mac[-1] != '0' else '1'}"


def other_step(code):
    session_id, step, mac = code.split("-")
    return f"{session_id}-{int(step) + 1}-{mac}"


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(tampered_mac, id="one character of the MAC changed"),
        pytest.param(other_step, id="the step changed, the MAC kept"),
        pytest.param(lambda code: code + "-1", id="a fourth part"),
        pytest.param(lambda code: code.rsplit("-", 1)[0], id="no MAC"),
    ],
)
def test_a_forged_code_is_refused(under_way, learner, forge):
    code = forge(code_at(under_way, timezone.now()))

    with pytest.raises(CheckInRefused, match="not a check-in code"):
        services.check_in(session=under_way, user=learner, code=code)
    assert not AttendanceRecord.objects.exists()


def test_a_code_with_another_sessions_id_and_this_sessions_mac_is_refused(course, under_way):
    other = make_session(course, starts_in_hours=-1 / 6)
    genuine = code_at(under_way, timezone.now())
    forged = f"{other.pk}-{genuine.split('-', 1)[1]}"

    with pytest.raises(CheckInRefused, match="not a check-in code"):
        checkin.read_code(forged, session=other, now=timezone.now())


def test_the_code_of_another_session_is_refused_with_that_reason(course, under_way, learner):
    # Given two sessions under way in two rooms
    next_door = make_session(course, starts_in_hours=-1 / 6)

    # When the learner scans the code of the room next door
    code = code_at(next_door, timezone.now())

    # Then they are told to scan the code of their own room
    with pytest.raises(CheckInRefused, match="another session"):
        services.check_in(session=under_way, user=learner, code=code)
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "hello",
        "1-2",
        "a-b-c",
        "--",
        "https://example.vn/?code=1-2-3",
        "1-2-mãđiểmdanh",  # a Vietnamese text in a QR code
        "١-٢-abc",  # digits of another script
    ],
)
def test_garbage_is_refused_as_not_a_code(under_way, garbage):
    with pytest.raises(CheckInRefused, match="not a check-in code"):
        checkin.read_code(garbage, session=under_way, now=timezone.now())


# --- grants -----------------------------------------------------------------------------------


def grant_made(session, seconds_ago, monkeypatch):
    """The grant the check-in page gave for `session` `seconds_ago`."""
    real = signing.time.time()
    with monkeypatch.context() as patch:
        patch.setattr(signing, "time", types.SimpleNamespace(time=lambda: real - seconds_ago))
        return checkin.make_grant(session.pk)


def test_a_fresh_grant_checks_the_learner_in(under_way, learner):
    record = services.check_in(
        session=under_way, user=learner, grant=checkin.make_grant(under_way.pk)
    )

    assert record.status == AttendanceStatus.PRESENT
    assert AttendanceRecord.objects.get() == record


def test_a_grant_is_accepted_until_it_expires(under_way, learner, monkeypatch):
    # Given a learner who opened a valid code 9 min 50 s ago (grants last 10 minutes)
    grant = grant_made(under_way, 590, monkeypatch)

    # When they confirm, then they are checked in
    services.check_in(session=under_way, user=learner, grant=grant)
    assert AttendanceRecord.objects.filter(user=learner).exists()


def test_an_expired_grant_is_refused(under_way, learner, monkeypatch):
    # Given a learner who opened a valid code 10 min 10 s ago
    grant = grant_made(under_way, 610, monkeypatch)

    # When they confirm, then they are asked to scan again
    with pytest.raises(CheckInRefused, match="Scan it again"):
        services.check_in(session=under_way, user=learner, grant=grant)
    assert not AttendanceRecord.objects.exists()


@override_settings(COURSES_CHECKIN_GRANT_SECONDS=60)
def test_the_grant_lifetime_follows_the_setting(under_way, learner, monkeypatch):
    grant = grant_made(under_way, 90, monkeypatch)

    with pytest.raises(CheckInRefused, match="Scan it again"):
        services.check_in(session=under_way, user=learner, grant=grant)


def test_a_grant_for_another_session_is_refused(course, under_way, learner):
    next_door = make_session(course, starts_in_hours=-1 / 6)

    with pytest.raises(CheckInRefused, match="another session"):
        services.check_in(session=under_way, user=learner, grant=checkin.make_grant(next_door.pk))
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    "forge",
    [
        lambda grant: grant[:-1] + ("A" if grant[-1] != "A" else "B"),
        lambda grant: grant.replace(grant.split(":")[0], "999999", 1),
        lambda grant: "",
        lambda grant: "not-a-grant",
    ],
    ids=["signature changed", "session changed", "empty", "garbage"],
)
def test_a_forged_grant_is_refused(under_way, learner, forge):
    grant = forge(checkin.make_grant(under_way.pk))

    with pytest.raises(CheckInRefused):
        services.check_in(session=under_way, user=learner, grant=grant)
    assert not AttendanceRecord.objects.exists()


def test_a_grant_does_not_open_check_in_after_the_session_ended(course, learner):
    ended = make_session(course, starts_in_hours=-4, hours=3)

    with pytest.raises(CheckInRefused, match="open from"):
        services.check_in(session=ended, user=learner, grant=checkin.make_grant(ended.pk))


# --- the window, and what is recorded -----------------------------------------------------------


@pytest.mark.parametrize(
    "offset, opens",
    [
        (datetime.timedelta(minutes=-30, seconds=-1), False),
        (datetime.timedelta(minutes=-30), True),
        (datetime.timedelta(hours=3, seconds=-1), True),
        (datetime.timedelta(hours=3), False),
    ],
    ids=["just before it opens", "as it opens", "last second", "at the end"],
)
def test_check_in_opens_30_minutes_before_the_start_and_closes_at_the_end(course, offset, opens):
    session = make_session(course, starts_in_hours=2, hours=3)
    moment = session.starts_at + offset

    if opens:
        checkin.read_code(code_at(session, moment), session=session, now=moment)
    else:
        with pytest.raises(CheckInRefused, match="open from"):
            checkin.read_code(code_at(session, moment), session=session, now=moment)


@override_settings(COURSES_CHECKIN_OPENS_MINUTES_BEFORE=60)
def test_the_window_follows_the_setting(course):
    session = make_session(course, starts_in_hours=2)
    moment = session.starts_at - datetime.timedelta(minutes=45)

    checkin.read_code(code_at(session, moment), session=session, now=moment)


def test_a_cancelled_session_refuses_check_in(course, learner, under_way):
    services.cancel_session(session=under_way, by=UserFactory())

    with pytest.raises(CheckInRefused, match="cancelled"):
        services.check_in(session=under_way, user=learner, code=code_at(under_way, timezone.now()))
    with pytest.raises(CheckInRefused, match="cancelled"):
        services.check_in(session=under_way, user=learner, grant=checkin.make_grant(under_way.pk))
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    "after_start, status",
    [
        (datetime.timedelta(minutes=-20), AttendanceStatus.PRESENT),
        (datetime.timedelta(minutes=15), AttendanceStatus.PRESENT),
        (datetime.timedelta(minutes=15, seconds=1), AttendanceStatus.LATE),
        (datetime.timedelta(hours=2), AttendanceStatus.LATE),
    ],
    ids=["before the start", "at the late threshold", "a second after it", "much later"],
)
def test_arriving_up_to_15_minutes_after_the_start_is_present_then_late(
    course, learner, clock, after_start, status
):
    session = make_session(course, starts_in_hours=1)
    clock.now = session.starts_at + after_start

    record = services.check_in(session=session, user=learner, code=code_at(session, clock.now))

    assert record.status == status
    assert record.recorded_at == clock.now


def test_a_second_check_in_keeps_the_first_arrival(course, learner, clock):
    # Given a learner who checked in 5 minutes after the start
    session = make_session(course, starts_in_hours=1)
    clock.now = arrival = session.starts_at + datetime.timedelta(minutes=5)
    services.check_in(session=session, user=learner, code=code_at(session, clock.now))

    # When they scan again an hour later
    clock.now = session.starts_at + datetime.timedelta(hours=1)
    record = services.check_in(session=session, user=learner, code=code_at(session, clock.now))

    # Then their arrival stays as it was: present, at the first time
    record = AttendanceRecord.objects.get()
    assert (record.status, record.recorded_at, record.version) == ("present", arrival, 1)
    assert AttendanceChange.objects.count() == 1


def test_a_learner_marked_absent_who_then_checks_in_is_recorded_as_arrived(course, learner, clock):
    # Given a registered learner the trainer marked absent at the start
    trainer = UserFactory()
    session = make_session(course, starts_in_hours=1, trainers=[trainer])
    services.register(session=session, user=learner)
    clock.now = session.starts_at
    services.mark_attendance(
        session=session, learner_id=learner.pk, status=AttendanceStatus.ABSENT, by=trainer
    )

    # When the learner checks in 40 minutes after the start
    clock.now = session.starts_at + datetime.timedelta(minutes=40)
    services.check_in(session=session, user=learner, code=code_at(session, clock.now))

    # Then they are recorded as late, by their check-in, and the history keeps both
    record = AttendanceRecord.objects.get()
    assert (record.status, record.source, record.walk_in) == ("late", "check_in", False)
    assert list(record.changes.values_list("status", flat=True)) == ["absent", "late"]


def test_a_learner_not_registered_checks_in_as_a_walk_in(course, learner, under_way):
    record = services.check_in(
        session=under_way, user=learner, code=code_at(under_way, timezone.now())
    )

    assert record.walk_in and record.status == AttendanceStatus.PRESENT
