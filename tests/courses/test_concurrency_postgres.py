"""Races on a real PostgreSQL server: threads with their own connections."""

import threading

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save

from lms import services
from lms.models import Enrollment, LessonProgress
from lms.signals import course_completed
from tests.factories import LearnerProfileFactory, make_course

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to lose",
)


def run_at_once(*functions):
    barrier = threading.Barrier(len(functions))
    errors = []

    def worker(function):
        try:
            barrier.wait()
            function()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_last_two_lessons_completed_at_once_give_one_completion(province):
    user = LearnerProfileFactory(unit=province["department"]).user
    course = make_course(lessons=2)
    services.enroll(user=user, course=course)
    first, second = course.lessons()
    sent = []
    # Widen the race window: after writing its progress row, each worker waits (up to 2 s) for
    # the other to have written its own before evaluating. Without the enrollment lock both
    # rows exist uncommitted, each worker counts only its own, and the completion is lost.
    both_written = threading.Barrier(2)

    def hold(sender, **kwargs):
        try:
            both_written.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass  # the other worker is blocked on the lock, as it should be

    post_save.connect(hold, sender=LessonProgress, weak=False, dispatch_uid="hold")
    course_completed.connect(lambda sender, **kw: sent.append(kw), weak=False, dispatch_uid="t")
    try:
        run_at_once(
            lambda: services.record_lesson_completed(user=user, course=course, lesson=first),
            lambda: services.record_lesson_completed(user=user, course=course, lesson=second),
        )
    finally:
        course_completed.disconnect(dispatch_uid="t")
        post_save.disconnect(sender=LessonProgress, dispatch_uid="hold")
    enrollment = Enrollment.objects.get()
    assert enrollment.is_completed and enrollment.progress_percent == 100
    assert LessonProgress.objects.count() == 2
    assert len(sent) == 1


@pytest.mark.django_db(transaction=True)
def test_ten_double_clicks_at_once_record_one_progress_row(province):
    user = LearnerProfileFactory(unit=province["department"]).user
    course = make_course(lessons=2)
    services.enroll(user=user, course=course)
    lesson = course.lessons()[0]
    run_at_once(
        *[
            lambda: services.record_lesson_completed(user=user, course=course, lesson=lesson)
            for _ in range(10)
        ]
    )
    assert LessonProgress.objects.count() == 1
    assert Enrollment.objects.get().progress_percent == 50


@pytest.mark.django_db(transaction=True)
def test_enrolling_twice_at_once_gives_one_enrollment(province):
    user = LearnerProfileFactory(unit=province["department"]).user
    course = make_course()
    run_at_once(*[lambda: services.enroll(user=user, course=course) for _ in range(5)])
    assert Enrollment.objects.count() == 1
