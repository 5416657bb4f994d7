"""Blended-delivery races on a real PostgreSQL server: threads with their own connections,
released together by a barrier (`run_at_once`)."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import checkin, services
from courses.models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    TrainingSession,
)
from lms.services import enroll
from tests.courses.test_concurrency_postgres import run_at_once
from tests.factories import UserFactory, make_course, make_session

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to lose",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def course():
    return make_course(lessons=0, delivery_mode="blended")


def enrolled(course, n=1):
    people = [UserFactory() for _ in range(n)]
    for person in people:
        enroll(user=person, course=course)
    return people


@pytest.fixture
def hold_after_save():
    """Widen a race: after saving a row of `model`, each worker waits (up to 1 s) for the
    others to have saved theirs before its transaction goes on. Workers that the database
    makes wait (a lock, a unique index) never get there, and the barrier times out."""
    connected = []

    def hold(model, parties=2):
        barrier = threading.Barrier(parties)

        def wait(sender, **kwargs):
            try:
                barrier.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass

        uid = f"hold-{model.__name__}"
        post_save.connect(wait, sender=model, weak=False, dispatch_uid=uid)
        connected.append((model, uid))

    yield hold
    for model, uid in connected:
        post_save.disconnect(sender=model, dispatch_uid=uid)


def seats_taken(session):
    return TrainingSession.objects.get(pk=session.pk).seats_taken


def statuses(session):
    return dict(Registration.objects.filter(session=session).values_list("user_id", "status"))


def promoted_recipients():
    return Counter(address for message in mail.outbox for address in message.to)


# --- registering ------------------------------------------------------------------------------


def test_fifty_learners_registering_for_ten_places_at_once_fill_exactly_ten(course):
    # Given a session of 10 places and 50 enrolled learners
    session = make_session(course, capacity=10)
    people = enrolled(course, 50)

    # When all of them register at the same instant
    run_at_once(*[(lambda p=p: services.register(session=session, user=p)) for p in people])

    # Then 10 have a place, never more, the session counts 10 places taken, and 40 wait
    registrations = list(Registration.objects.filter(session=session))
    by_status = Counter(r.status for r in registrations)
    assert len(registrations) == 50
    assert by_status == {RegistrationStatus.REGISTERED: 10, RegistrationStatus.WAITLISTED: 40}
    assert seats_taken(session) == 10
    # and the waitlist is numbered in the order the learners asked
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    by_position = sorted(waiting, key=lambda r: (services.waitlist_position(r), r.pk))
    assert by_position == sorted(waiting, key=lambda r: (r.queued_at, r.pk))
    assert services.waitlist_position(by_position[0]) == 1


def test_one_learner_registering_from_two_tabs_at_once_gets_one_registration(
    course, hold_after_save
):
    # Given a learner with a session open in two tabs
    session = make_session(course, capacity=5)
    (learner,) = enrolled(course)
    hold_after_save(Registration)
    results = []

    # When both tabs send "Register" at the same instant
    run_at_once(
        *[
            lambda: results.append(services.register(session=session, user=learner).pk)
            for _ in range(2)
        ]
    )

    # Then there is one registration, holding one place, and both tabs show it
    registration = Registration.objects.get(session=session, user=learner)
    assert registration.status == RegistrationStatus.REGISTERED
    assert results == [registration.pk, registration.pk]
    assert seats_taken(session) == 1


# --- cancelling and the waitlist --------------------------------------------------------------


def test_places_freed_at_the_same_instant_go_to_the_waitlist_first_come_first_served(course):
    # Given a full session of 5 places with 5 learners waiting, in this order
    session = make_session(course, capacity=5)
    holders = enrolled(course, 5)
    waiting = enrolled(course, 5)
    for person in holders + waiting:
        services.register(session=session, user=person)
    mail.outbox.clear()

    # When 3 learners with a place cancel at the same instant
    run_at_once(
        *[(lambda p=p: services.cancel_registration(session=session, user=p)) for p in holders[:3]]
    )

    # Then the first 3 on the waitlist have a place, the last 2 still wait, in order
    now = statuses(session)
    assert [now[p.pk] for p in holders] == ["cancelled"] * 3 + ["registered"] * 2
    assert [now[p.pk] for p in waiting] == ["registered"] * 3 + ["waitlisted"] * 2
    assert [
        services.waitlist_position(Registration.objects.get(session=session, user=p))
        for p in waiting[3:]
    ] == [1, 2]
    assert seats_taken(session) == 5
    # and each promoted learner was emailed once, nobody else
    assert promoted_recipients() == Counter({p.email: 1 for p in waiting[:3]})


def test_a_newcomer_registering_while_places_are_freed_does_not_jump_the_waitlist(course):
    # Given a full session of 3 places and 2 learners waiting
    session = make_session(course, capacity=3)
    holders = enrolled(course, 3)
    waiting = enrolled(course, 2)
    (newcomer,) = enrolled(course)
    for person in holders + waiting:
        services.register(session=session, user=person)

    # When 2 learners cancel while a newcomer registers, all at the same instant
    run_at_once(
        lambda: services.cancel_registration(session=session, user=holders[0]),
        lambda: services.cancel_registration(session=session, user=holders[1]),
        lambda: services.register(session=session, user=newcomer),
    )

    # Then the freed places went to the 2 who were waiting; the newcomer waits
    now = statuses(session)
    assert [now[p.pk] for p in waiting] == ["registered", "registered"]
    assert now[newcomer.pk] == RegistrationStatus.WAITLISTED
    assert seats_taken(session) == 3


def test_a_place_freed_while_a_newcomer_joins_the_waitlist_is_not_left_empty(course):
    # Given a session of 1 place, taken
    session = make_session(course, capacity=1)
    holder, newcomer = enrolled(course, 2)
    services.register(session=session, user=holder)
    newcomer_queued = threading.Event()
    holder_cancelled = threading.Event()

    def slow_commit(sender, instance, created, **kwargs):
        # The newcomer's request found the session full and is about to commit its place on
        # the waitlist (it writes the audit entry last): hold it there while the holder
        # cancels, as a slow request would be.
        if instance.action == "cds_courses.session.register" and instance.user_id == newcomer.pk:
            newcomer_queued.set()
            holder_cancelled.wait(timeout=2)

    def cancel_when_newcomer_waits():
        assert newcomer_queued.wait(timeout=5)
        try:
            services.cancel_registration(session=session, user=holder)
        finally:
            holder_cancelled.set()

    post_save.connect(slow_commit, sender=ModelLogEntry, weak=False, dispatch_uid="slow")
    try:
        # When the holder cancels just as the newcomer joins the waitlist
        run_at_once(
            lambda: services.register(session=session, user=newcomer),
            cancel_when_newcomer_waits,
        )
    finally:
        post_save.disconnect(sender=ModelLogEntry, dispatch_uid="slow")

    # Then the newcomer has the freed place: nobody waits while a place is free
    now = statuses(session)
    assert now[holder.pk] == RegistrationStatus.CANCELLED
    assert (now[newcomer.pk], seats_taken(session)) == (RegistrationStatus.REGISTERED, 1)


# --- attendance -------------------------------------------------------------------------------


def test_two_trainers_saving_the_same_learner_at_once_one_wins_the_other_is_told(
    course, hold_after_save
):
    # Given a learner marked present (version 1), on the sheets of two trainers
    one, two = UserFactory(), UserFactory()
    session = make_session(course, starts_in_hours=-1, trainers=[one, two])
    (learner,) = enrolled(course)
    AttendanceRecord.objects.create(
        session=session,
        user=learner,
        status=AttendanceStatus.PRESENT,
        source="sheet",
        recorded_by=one,
        recorded_at=timezone.now(),
    )
    hold_after_save(AttendanceChange)
    results = {}

    def save(trainer, status):
        results[trainer.pk] = services.mark_attendance(
            session=session, learner_id=learner.pk, status=status, by=trainer, expected_version=1
        )

    # When both save a different status, based on version 1, at the same instant
    run_at_once(
        lambda: save(one, AttendanceStatus.ABSENT), lambda: save(two, AttendanceStatus.EXCUSED)
    )

    # Then exactly one save is written; the other is told of a conflict and shown the winner's
    winners = [r for r in results.values() if not r.conflict]
    losers = [r for r in results.values() if r.conflict]
    assert (len(winners), len(losers)) == (1, 1)
    record = AttendanceRecord.objects.get()
    assert record.status == winners[0].record.status == losers[0].record.status
    assert record.version == 2
    assert list(AttendanceChange.objects.values_list("status", flat=True)) == [record.status]


def test_two_trainers_recording_a_new_learner_at_once_one_wins_the_other_is_told(
    course, hold_after_save
):
    # Given a registered learner nobody has recorded yet (both sheets show no record)
    one, two = UserFactory(), UserFactory()
    session = make_session(course, starts_in_hours=-1, trainers=[one, two])
    (learner,) = enrolled(course)
    Registration.objects.create(
        session=session, user=learner, status="registered", queued_at=timezone.now()
    )
    hold_after_save(AttendanceRecord)
    results = []

    def save(trainer, status):
        results.append(
            services.mark_attendance(
                session=session,
                learner_id=learner.pk,
                status=status,
                by=trainer,
                expected_version=0,
            )
        )

    # When both save at the same instant
    run_at_once(lambda: save(one, "present"), lambda: save(two, "absent"))

    # Then one record, written once, and the other trainer is told of a conflict
    assert sorted(r.conflict for r in results) == [False, True]
    record = AttendanceRecord.objects.get()
    assert record.version == 1
    assert AttendanceChange.objects.filter(record=record).count() == 1


def test_a_learner_checking_in_twice_at_once_gets_one_attendance_record(course, hold_after_save):
    # Given a session under way and an enrolled learner on two phones
    session = make_session(course, starts_in_hours=-0.1)
    (learner,) = enrolled(course)
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    hold_after_save(AttendanceRecord)
    records = []

    # When both phones scan the code at the same instant
    run_at_once(
        *[
            lambda: records.append(services.check_in(session=session, user=learner, code=code).pk)
            for _ in range(2)
        ]
    )

    # Then the learner has one record, present, recorded once
    record = AttendanceRecord.objects.get()
    assert record.status == AttendanceStatus.PRESENT
    assert records == [record.pk, record.pk]
    assert AttendanceChange.objects.count() == 1
