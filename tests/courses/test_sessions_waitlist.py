"""The waitlist of a training session, the emails it sends, cancelled sessions and the
reminders of the day before."""

import datetime
import types

import pytest
from django.core import mail
from django.utils import timezone

from courses import services
from courses.exceptions import RegistrationRefused
from courses.models import CourseCriterion, Registration, RegistrationStatus, TrainingSession
from lms.models import Enrollment
from lms.services import enroll
from tests.factories import UserFactory, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(english):
    """Refusals are matched on the English source strings."""


@pytest.fixture
def course(db):
    return make_course(lessons=0, delivery_mode="blended")


def enrolled(course, n):
    people = [UserFactory() for _ in range(n)]
    for person in people:
        enroll(user=person, course=course)
    return people


def registration(session, person):
    return Registration.objects.get(session=session, user=person)


def positions(session, people):
    return [services.waitlist_position(registration(session, p)) for p in people]


def status_of(session, person):
    return registration(session, person).status


def recipients():
    return [address for message in mail.outbox for address in message.to]


def queue(session, people):
    for person in people:
        services.register(session=session, user=person)


# --- the queue --------------------------------------------------------------------------------


def test_leaving_the_waitlist_moves_everyone_behind_up_one_place(course):
    # Given a full session with 4 learners waiting
    session = make_session(course, capacity=1)
    holder, *waiting = enrolled(course, 5)
    queue(session, [holder, *waiting])
    assert positions(session, waiting) == [1, 2, 3, 4]

    # When the second in the queue leaves it
    services.cancel_registration(session=session, user=waiting[1])

    # Then those behind move up, and the leaver has no position
    assert positions(session, [waiting[0], waiting[2], waiting[3]]) == [1, 2, 3]
    assert positions(session, [waiting[1]]) == [None]
    assert TrainingSession.objects.get(pk=session.pk).seats_taken == 1


def test_registering_again_after_leaving_the_waitlist_goes_to_the_back(course):
    session = make_session(course, capacity=1)
    holder, first, second, third = enrolled(course, 4)
    queue(session, [holder, first, second, third])

    services.cancel_registration(session=session, user=first)
    again = services.register(session=session, user=first)

    assert again.status == RegistrationStatus.WAITLISTED
    assert positions(session, [second, third, first]) == [1, 2, 3]


def test_giving_up_a_place_and_registering_again_goes_to_the_back(
    course, django_capture_on_commit_callbacks
):
    # Given a full session with 2 learners waiting
    session = make_session(course, capacity=1)
    holder, first, second = enrolled(course, 3)
    queue(session, [holder, first, second])

    # When the holder gives up the place and changes their mind
    services.cancel_registration(session=session, user=holder)
    again = services.register(session=session, user=holder)

    # Then the place went to the first in the queue, and the holder queues behind the second
    assert status_of(session, first) == RegistrationStatus.REGISTERED
    assert again.status == RegistrationStatus.WAITLISTED
    assert positions(session, [second, holder]) == [1, 2]


@pytest.fixture
def clock(monkeypatch):
    """Stop the clock the services read: ``clock.now = ...`` moves it."""
    state = types.SimpleNamespace(now=timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: state.now)
    return state


def test_two_learners_asking_at_the_same_instant_get_distinct_places_in_the_queue(
    course, clock, django_capture_on_commit_callbacks
):
    # Given a full session
    session = make_session(course, capacity=1)
    holder, first, second = enrolled(course, 3)
    services.register(session=session, user=holder)

    # When two learners ask for a place at the same instant (same timestamp)
    services.register(session=session, user=first)
    services.register(session=session, user=second)

    # Then each is told a different place in the queue
    assert sorted(positions(session, [first, second])) == [1, 2]
    # and the one told "1" is the one who gets the next free place
    (told_first,) = [p for p in (first, second) if positions(session, [p]) == [1]]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(session=session, user=holder)
    assert status_of(session, told_first) == RegistrationStatus.REGISTERED


# --- promotions -------------------------------------------------------------------------------


def test_raising_the_capacity_fills_the_new_places_from_the_waitlist_in_order(
    course, django_capture_on_commit_callbacks
):
    # Given a full session of 1 place with 3 learners waiting
    session = make_session(course, capacity=1)
    holder, *waiting = enrolled(course, 4)
    queue(session, [holder, *waiting])
    mail.outbox.clear()

    # When the administrator raises it to 3 places and fills them
    TrainingSession.objects.filter(pk=session.pk).update(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.fill_from_waitlist(session=session)

    # Then the first two in the queue have a place, and each is emailed once
    assert promoted == [registration(session, p).pk for p in waiting[:2]]
    assert [status_of(session, p) for p in waiting] == ["registered", "registered", "waitlisted"]
    assert positions(session, waiting[2:]) == [1]
    assert recipients() == [waiting[0].email, waiting[1].email]
    assert TrainingSession.objects.get(pk=session.pk).seats_taken == 3

    # When it is filled again, nothing changes and nobody is emailed again
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fill_from_waitlist(session=session) == []
    assert len(mail.outbox) == 2


def test_no_place_is_given_from_the_waitlist_once_the_session_started(
    course, django_capture_on_commit_callbacks
):
    # Given a full session with a learner waiting, that has now started
    session = make_session(course, capacity=1)
    holder, waiting = enrolled(course, 2)
    queue(session, [holder, waiting])
    started = timezone.now() - datetime.timedelta(minutes=5)
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=started, capacity=2, cancellation_deadline=started + datetime.timedelta(hours=1)
    )
    mail.outbox.clear()

    # When a place is added, and the holder gives theirs up (the deadline allows it)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fill_from_waitlist(session=session) == []
        services.cancel_registration(session=session, user=holder)

    # Then the learner still waits, and is not told of a place they could not take
    assert status_of(session, waiting) == RegistrationStatus.WAITLISTED
    assert mail.outbox == []
    assert TrainingSession.objects.get(pk=session.pk).seats_taken == 0


# --- cancelled sessions -----------------------------------------------------------------------


def test_cancelling_a_session_emails_its_registered_and_waiting_learners_once(
    course, django_capture_on_commit_callbacks
):
    # Given a session with a learner registered, one waiting and one who cancelled
    session = make_session(course, capacity=1)
    holder, waiting, gone = enrolled(course, 3)
    queue(session, [holder, waiting, gone])
    services.cancel_registration(session=session, user=gone)
    mail.outbox.clear()
    administrator = UserFactory()

    # When the session is cancelled, twice (a double click)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=administrator)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=administrator)

    # Then the registered and the waiting learner are each emailed once, the other not
    assert sorted(recipients()) == sorted([holder.email, waiting.email])
    assert all("Cancelled" in message.subject for message in mail.outbox)
    # and nobody can register for it any more
    (late,) = enrolled(course, 1)
    with pytest.raises(RegistrationRefused, match="cancelled"):
        services.register(session=session, user=late)


def test_cancelling_a_session_completes_a_learner_who_attended_all_the_others(course):
    # Given a course asking for all of its 2 sessions, and a learner who attended the first
    CourseCriterion.objects.create(course=course, kind="attendance", threshold=100)
    trainer = UserFactory()
    (learner,) = enrolled(course, 1)
    first = make_session(course, trainers=[trainer])
    second = make_session(course, starts_in_hours=96, trainers=[trainer])
    queue(first, [learner])
    queue(second, [learner])
    services.mark_attendance(session=first, learner_id=learner.pk, status="present", by=trainer)
    assert Enrollment.objects.get(user=learner).progress_percent == 50

    # When the second session is cancelled
    services.cancel_session(session=second, by=trainer)

    # Then the learner attended every session that takes place: the course is complete
    enrollment = Enrollment.objects.get(user=learner)
    assert (enrollment.is_completed, enrollment.progress_percent) == (True, 100)


# --- reminders --------------------------------------------------------------------------------


def local(day, hour, minute=0):
    """An aware datetime at `hour`:`minute` on `day` in the site's time zone (Hanoi)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_reminders_go_to_learners_of_sessions_starting_tomorrow_in_local_time(
    course, django_capture_on_commit_callbacks
):
    # Given it is 03:00 in Hanoi (20:00 the day before in UTC)
    today = timezone.localdate() + datetime.timedelta(days=2)
    now = local(today, 3)
    tomorrow = today + datetime.timedelta(days=1)
    at = {
        "tonight": local(today, 23, 30),  # "tomorrow" in UTC, today in Hanoi
        "tomorrow early": local(tomorrow, 0, 30),
        "tomorrow late": local(tomorrow, 23, 30),  # the day after tomorrow in UTC
        "the day after": local(tomorrow + datetime.timedelta(days=1), 0, 30),
    }
    learners = {}
    for name, starts_at in at.items():
        session = make_session(
            course, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
        )
        (learners[name],) = enrolled(course, 1)
        services.register(session=session, user=learners[name])
    mail.outbox.clear()

    # When the reminders run
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.send_reminders(now=now)

    # Then only the learners of the sessions of tomorrow in Hanoi are reminded
    expected = [learners["tomorrow early"].email, learners["tomorrow late"].email]
    assert sorted(recipients()) == sorted(expected)
    assert queued == 2
    assert all("Tomorrow" in message.subject for message in mail.outbox)


def test_reminders_skip_cancelled_sessions_waitlists_and_cancelled_registrations(
    course, django_capture_on_commit_callbacks
):
    # Given two sessions tomorrow: one with a learner registered, one waiting and one who
    # cancelled; the other with a registered learner, but cancelled
    now = timezone.now()
    starts_at = local(timezone.localdate(now) + datetime.timedelta(days=1), 9)
    hours = {"starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=2)}
    session = make_session(course, capacity=1, **hours)
    cancelled = make_session(course, **hours)
    holder, waiting, gone, stranded = enrolled(course, 4)
    queue(session, [holder, waiting, gone])
    services.cancel_registration(session=session, user=gone)
    services.register(session=cancelled, user=stranded)
    services.cancel_session(session=cancelled, by=UserFactory())
    mail.outbox.clear()

    # When the reminders run twice (two hosts, or a retry)
    with django_capture_on_commit_callbacks(execute=True):
        first_run = services.send_reminders(now=now)
        second_run = services.send_reminders(now=now)

    # Then only the registered learner of the session that takes place is reminded, once
    assert (first_run, second_run) == (1, 0)
    assert recipients() == [holder.email]
    assert registration(session, holder).reminder_sent_at == now
