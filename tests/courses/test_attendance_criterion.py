"""The "attendance" completion criterion: attended (present or late) sessions against the
course's scheduled sessions, as the learner sees it in their progress and completion."""

import pytest
from django.test import override_settings

from courses import services
from courses.models import AttendanceStatus, CourseCriterion
from lms.completion import evaluate
from lms.models import Enrollment, EnrollmentStatus
from lms.services import enroll, record_lesson_completed
from tests.factories import UserFactory, make_course, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(db):
    return UserFactory()


@pytest.fixture
def learner(db):
    return UserFactory()


def blended_course(*, lessons=0, criteria=(("attendance", 100),)):
    course = make_course(lessons=lessons, delivery_mode="blended")
    for kind, threshold in criteria:
        CourseCriterion.objects.create(course=course, kind=kind, threshold=threshold)
    return course


def sessions_of(course, n, trainer, learner):
    """`n` sessions a day apart, the learner registered for each."""
    sessions = [
        make_session(course, starts_in_hours=48 + 24 * i, trainers=[trainer]) for i in range(n)
    ]
    for session in sessions:
        services.register(session=session, user=learner)
    return sessions


def mark(session, learner, trainer, status=AttendanceStatus.PRESENT):
    return services.mark_attendance(
        session=session, learner_id=learner.pk, status=status, by=trainer
    )


def enrollment_of(learner):
    return Enrollment.objects.get(user=learner)


@pytest.mark.parametrize(
    "threshold, sessions, needed",
    [
        (50, 1, 1),
        (50, 2, 1),
        (50, 3, 2),  # 1.5 sessions: rounded up
        (50, 4, 2),
        (100, 1, 1),
        (100, 2, 2),
        (100, 3, 3),
        (100, 4, 4),
    ],
)
def test_the_course_completes_once_the_thresholds_share_of_sessions_is_attended(
    trainer, learner, threshold, sessions, needed
):
    # Given a course asking for `threshold` % of its `sessions` sessions
    course = blended_course(criteria=[("attendance", threshold)])
    enroll(user=learner, course=course)
    scheduled = sessions_of(course, sessions, trainer, learner)

    # When the learner attends one session fewer than needed
    for session in scheduled[: needed - 1]:
        mark(session, learner, trainer)

    # Then the course is not complete yet
    assert enrollment_of(learner).status == EnrollmentStatus.ACTIVE

    # When they attend one more
    mark(scheduled[needed - 1], learner, trainer)

    # Then it is complete
    enrollment = enrollment_of(learner)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.progress_percent == 100


@pytest.mark.parametrize(
    "status, completes",
    [
        (AttendanceStatus.PRESENT, True),
        (AttendanceStatus.LATE, True),
        (AttendanceStatus.EXCUSED, False),
        (AttendanceStatus.ABSENT, False),
    ],
)
def test_present_and_late_count_as_attended_excused_and_absent_do_not(
    trainer, learner, status, completes
):
    # Given a course of one session, to attend
    course = blended_course()
    enroll(user=learner, course=course)
    (session,) = sessions_of(course, 1, trainer, learner)

    # When the trainer records the learner with `status`
    mark(session, learner, trainer, status)

    # Then the course is complete only for an attended session
    assert enrollment_of(learner).is_completed is completes


def test_progress_moves_as_sessions_are_attended(trainer, learner):
    # Given a course asking for all 4 of its sessions
    course = blended_course()
    enroll(user=learner, course=course)
    scheduled = sessions_of(course, 4, trainer, learner)
    assert enrollment_of(learner).progress_percent == 0

    # When the learner attends them one after the other
    seen = []
    for session in scheduled:
        mark(session, learner, trainer)
        seen.append(enrollment_of(learner).progress_percent)

    # Then the progress bar moves a quarter each time, and the last one completes the course
    assert seen == [25, 50, 75, 100]
    assert enrollment_of(learner).is_completed


def test_an_absence_does_not_move_the_progress_bar(trainer, learner):
    course = blended_course()
    enroll(user=learner, course=course)
    first, second = sessions_of(course, 2, trainer, learner)

    mark(first, learner, trainer, AttendanceStatus.ABSENT)
    mark(second, learner, trainer)

    assert enrollment_of(learner).progress_percent == 50


def test_a_cancelled_session_is_not_asked_for(trainer, learner):
    # Given a course asking for all of its 3 sessions, one of which is cancelled
    course = blended_course()
    enroll(user=learner, course=course)
    first, cancelled, third = sessions_of(course, 3, trainer, learner)
    services.cancel_session(session=cancelled, by=trainer)

    # When the learner attends the 2 sessions that take place
    mark(first, learner, trainer)
    assert enrollment_of(learner).progress_percent == 50
    mark(third, learner, trainer)

    # Then the course is complete
    assert enrollment_of(learner).is_completed


def test_attending_a_session_that_was_then_cancelled_does_not_count(trainer, learner):
    # Given a course asking for half of its sessions: 3 that take place, and one the learner
    # was marked present at before it was cancelled
    course = blended_course(criteria=[("attendance", 50)])
    enroll(user=learner, course=course)
    cancelled, *scheduled = sessions_of(course, 4, trainer, learner)
    mark(cancelled, learner, trainer)
    services.cancel_session(session=cancelled, by=trainer)

    # When the learner attends one of the 3 sessions that take place
    mark(scheduled[0], learner, trainer)

    # Then 1 of 3 is not half: the course is not complete
    enrollment = enrollment_of(learner)
    assert not enrollment.is_completed
    assert enrollment.progress_percent == 50  # 1 of the 2 sessions needed


def test_an_excused_session_is_still_asked_for_by_default(trainer, learner):
    # Given a course asking for both of its sessions
    course = blended_course()
    enroll(user=learner, course=course)
    first, second = sessions_of(course, 2, trainer, learner)

    # When the learner is excused from one and attends the other
    mark(first, learner, trainer, AttendanceStatus.EXCUSED)
    mark(second, learner, trainer)

    # Then the course is not complete: half of the sessions were attended
    enrollment = enrollment_of(learner)
    assert not enrollment.is_completed
    assert enrollment.progress_percent == 50


@override_settings(COURSES_ATTENDANCE_EXCLUDE_EXCUSED=True)
def test_with_the_setting_an_excused_session_is_not_asked_for(trainer, learner):
    # Given a course asking for both of its sessions, on a site that excuses excused sessions
    course = blended_course()
    enroll(user=learner, course=course)
    first, second = sessions_of(course, 2, trainer, learner)

    # When the learner is excused from one
    mark(first, learner, trainer, AttendanceStatus.EXCUSED)
    assert not enrollment_of(learner).is_completed

    # and attends the other
    mark(second, learner, trainer)

    # Then the course is complete
    assert enrollment_of(learner).is_completed


def test_a_course_asking_for_attendance_without_sessions_never_completes(learner):
    # Given a course asking for attendance, with no session scheduled
    course = blended_course(criteria=[("attendance", 0)])
    enroll(user=learner, course=course)

    # When its completion is evaluated
    completed = evaluate(enrollment_of(learner))

    # Then it is not complete, and shows no progress
    enrollment = enrollment_of(learner)
    assert completed is False
    assert (enrollment.is_completed, enrollment.progress_percent) == (False, 0)


def test_a_course_whose_only_session_was_cancelled_never_completes(trainer, learner):
    course = blended_course()
    enroll(user=learner, course=course)
    (session,) = sessions_of(course, 1, trainer, learner)
    services.cancel_session(session=session, by=trainer)

    assert evaluate(enrollment_of(learner)) is False
    assert not enrollment_of(learner).is_completed


def test_with_lessons_and_attendance_both_are_needed(trainer, learner):
    # Given a course of 2 required lessons and 1 session, asking for both
    course = blended_course(lessons=2, criteria=[("lessons", None), ("attendance", 100)])
    enroll(user=learner, course=course)
    (session,) = sessions_of(course, 1, trainer, learner)
    first, second = course.lessons()

    # When the learner attends the session
    mark(session, learner, trainer)

    # Then the course is not complete: the lessons are missing
    enrollment = enrollment_of(learner)
    assert not enrollment.is_completed
    assert enrollment.progress_percent == 33  # 1 step of 3

    # When they complete the lessons
    record_lesson_completed(user=learner, course=course, lesson=first)
    assert not enrollment_of(learner).is_completed
    record_lesson_completed(user=learner, course=course, lesson=second)

    # Then it is complete
    assert enrollment_of(learner).is_completed


def test_with_lessons_done_the_attendance_completes_the_course(trainer, learner):
    course = blended_course(lessons=1, criteria=[("lessons", None), ("attendance", 100)])
    enroll(user=learner, course=course)
    (session,) = sessions_of(course, 1, trainer, learner)
    record_lesson_completed(user=learner, course=course, lesson=course.lessons().get())
    assert not enrollment_of(learner).is_completed

    mark(session, learner, trainer)

    assert enrollment_of(learner).is_completed


def test_a_completion_stays_when_an_attendance_is_corrected_afterwards(trainer, learner):
    # Given a learner who completed the course by attending its only session
    course = blended_course()
    enroll(user=learner, course=course)
    (session,) = sessions_of(course, 1, trainer, learner)
    record = mark(session, learner, trainer).record
    completed_at = enrollment_of(learner).completed_at
    assert completed_at is not None

    # When the trainer corrects the attendance to absent
    result = services.mark_attendance(
        session=session,
        learner_id=learner.pk,
        status=AttendanceStatus.ABSENT,
        by=trainer,
        expected_version=record.version,
    )
    assert result.changed and not result.conflict

    # Then the completion is kept, as it was
    enrollment = enrollment_of(learner)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert (enrollment.completed_at, enrollment.progress_percent) == (completed_at, 100)
