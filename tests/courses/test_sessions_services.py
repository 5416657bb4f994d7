"""Registration, the waitlist, attendance and check-in, through `courses.services`."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from courses import checkin, services
from courses.exceptions import AttendanceNotPermitted, CheckInRefused, RegistrationRefused
from courses.models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    CourseCriterion,
    RegistrationStatus,
    TrainingSession,
)
from lms.models import Enrollment, EnrollmentStatus
from lms.services import enroll
from tests.factories import UserFactory, make_course, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def course(db):
    return make_course(lessons=0, delivery_mode="blended")


def enrolled(course, n=1):
    people = [UserFactory(email=f"hv{i}@example.vn") for i in range(n)]
    for person in people:
        enroll(user=person, course=course)
    return people


def test_places_go_first_come_first_served_then_the_waitlist(course):
    session = make_session(course, capacity=2)
    a, b, c, d = enrolled(course, 4)
    assert services.register(session=session, user=a).status == RegistrationStatus.REGISTERED
    assert services.register(session=session, user=b).status == RegistrationStatus.REGISTERED
    third = services.register(session=session, user=c)
    fourth = services.register(session=session, user=d)
    assert third.status == fourth.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(third) == 1
    assert services.waitlist_position(fourth) == 2
    session.refresh_from_db()
    assert session.seats_taken == 2


def test_registering_twice_changes_nothing(course):
    session = make_session(course, capacity=1)
    (a,) = enrolled(course)
    first = services.register(session=session, user=a)
    again = services.register(session=session, user=a)
    assert first.pk == again.pk
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_a_freed_place_goes_to_the_first_on_the_waitlist_who_is_emailed(
    course, django_capture_on_commit_callbacks
):
    session = make_session(course, capacity=1)
    a, b, c = enrolled(course, 3)
    services.register(session=session, user=a)
    services.register(session=session, user=b)
    services.register(session=session, user=c)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(session=session, user=a)
    states = dict(session.registrations.values_list("user_id", "status"))
    assert states == {
        a.pk: RegistrationStatus.CANCELLED,
        b.pk: RegistrationStatus.REGISTERED,
        c.pk: RegistrationStatus.WAITLISTED,
    }
    assert [message.to for message in mail.outbox] == [[b.email]]
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_cancelling_after_the_deadline_is_refused(course):
    session = make_session(
        course, cancellation_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    (a,) = enrolled(course)
    services.register(session=session, user=a)
    with pytest.raises(RegistrationRefused, match="deadline"):
        services.cancel_registration(session=session, user=a)
    assert session.registrations.get().status == RegistrationStatus.REGISTERED


def test_registration_needs_an_enrollment(course):
    session = make_session(course)
    stranger = UserFactory()
    with pytest.raises(RegistrationRefused):
        services.register(session=session, user=stranger)
    assert not session.registrations.exists()


def test_attendance_is_for_the_sessions_trainers(course):
    trainer, other = UserFactory(), UserFactory()
    session = make_session(course, trainers=[trainer])
    (a,) = enrolled(course)
    services.register(session=session, user=a)
    with pytest.raises(AttendanceNotPermitted):
        services.mark_attendance(
            session=session, learner_id=a.pk, status=AttendanceStatus.PRESENT, by=other
        )
    result = services.mark_attendance(
        session=session, learner_id=a.pk, status=AttendanceStatus.LATE, remark="Kẹt xe", by=trainer
    )
    assert result.record.status == AttendanceStatus.LATE
    change = AttendanceChange.objects.get()
    assert (change.changed_by, change.status, change.remark) == (trainer, "late", "Kẹt xe")


def test_a_save_based_on_an_old_version_keeps_the_other_trainers_change(course):
    one, two = UserFactory(), UserFactory()
    session = make_session(course, trainers=[one, two])
    (a,) = enrolled(course)
    services.register(session=session, user=a)
    services.mark_attendance(
        session=session, learner_id=a.pk, status="present", by=one, expected_version=0
    )
    # The second trainer's sheet was loaded before the first saved: it showed no record.
    result = services.mark_attendance(
        session=session, learner_id=a.pk, status="absent", by=two, expected_version=0
    )
    assert result.conflict
    assert AttendanceRecord.objects.get().status == "present"


def test_attending_enough_sessions_completes_the_course(course):
    CourseCriterion.objects.create(course=course, kind="attendance", threshold=50)
    trainer = UserFactory()
    first = make_session(course, trainers=[trainer])
    make_session(course, starts_in_hours=96, trainers=[trainer])
    (a,) = enrolled(course)
    services.register(session=first, user=a)
    services.mark_attendance(session=first, learner_id=a.pk, status="present", by=trainer)
    enrollment = Enrollment.objects.get(user=a)
    assert enrollment.status == EnrollmentStatus.COMPLETED


def test_check_in_with_the_screens_code_marks_present_or_late(course):
    session = make_session(course, starts_in_hours=-0.5)
    (a,) = enrolled(course)  # not registered: a walk-in
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    record = services.check_in(session=session, user=a, code=code)
    assert record.status == AttendanceStatus.LATE  # 30 minutes after the start
    assert record.walk_in


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda s, now: "1-2-abc", "not a check-in code"),
        (lambda s, now: checkin.make_code(s.pk + 999, checkin.current_step(now)), "another"),
        (lambda s, now: checkin.make_code(s.pk, checkin.current_step(now) - 5), "expired"),
    ],
)
def test_bad_codes_are_refused_with_a_reason(course, make, message):
    session = make_session(course, starts_in_hours=-0.1)
    (a,) = enrolled(course)
    with pytest.raises(CheckInRefused, match=message):
        services.check_in(session=session, user=a, code=make(session, timezone.now()))
    assert not AttendanceRecord.objects.exists()


def test_check_in_outside_the_window_or_without_enrollment_is_refused(course):
    later = make_session(course, starts_in_hours=5)
    (a,) = enrolled(course)
    code = checkin.make_code(later.pk, checkin.current_step(timezone.now()))
    with pytest.raises(CheckInRefused, match="open from"):
        services.check_in(session=later, user=a, code=code)
    now_on = make_session(course, starts_in_hours=0)
    code = checkin.make_code(now_on.pk, checkin.current_step(timezone.now()))
    with pytest.raises(CheckInRefused, match="not enrolled"):
        services.check_in(session=now_on, user=UserFactory(), code=code)
    assert TrainingSession.objects.count() == 2 and not AttendanceRecord.objects.exists()


def test_withdrawing_from_the_course_gives_the_place_to_the_waitlist(course):
    session = make_session(course, capacity=1)
    a, b = enrolled(course, 2)
    services.register(session=session, user=a)
    services.register(session=session, user=b)
    from lms.services import withdraw

    withdraw(enrollment=Enrollment.objects.get(user=a), user=a)
    states = dict(session.registrations.values_list("user_id", "status"))
    assert states == {a.pk: RegistrationStatus.CANCELLED, b.pk: RegistrationStatus.REGISTERED}
