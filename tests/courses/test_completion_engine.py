"""The completion engine with the "lessons" criterion: progress, completion, idempotence."""

import pytest
from django.core.management import call_command
from django.utils import translation

from lms import services
from lms.completion import evaluate
from lms.exceptions import EnrollmentRefused, NotEnrolledError
from lms.models import Enrollment, EnrollmentStatus, LessonProgress
from lms.signals import course_completed
from tests.factories import make_course


@pytest.fixture
def completions():
    received = []

    def handler(sender, **kwargs):
        received.append(kwargs)

    course_completed.connect(handler)
    yield received
    course_completed.disconnect(handler)


def test_progress_counts_required_lessons_and_completion_is_recorded_once(
    learner, completions, django_capture_on_commit_callbacks
):
    course = make_course(lessons=3, optional=1)
    lessons = list(course.lessons())
    services.enroll(user=learner, course=course)

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = services.record_lesson_completed(
            user=learner, course=course, lesson=lessons[0]
        )
    assert enrollment.progress_percent == 33
    # the optional lesson does not move the bar
    with django_capture_on_commit_callbacks(execute=True):
        services.record_lesson_completed(user=learner, course=course, lesson=lessons[3])
    assert Enrollment.objects.get().progress_percent == 33

    with django_capture_on_commit_callbacks(execute=True):
        services.record_lesson_completed(user=learner, course=course, lesson=lessons[1])
        services.record_lesson_completed(user=learner, course=course, lesson=lessons[2])
        # a double click on the last lesson and a stray re-evaluation
        services.record_lesson_completed(user=learner, course=course, lesson=lessons[2])
        evaluate(Enrollment.objects.get())

    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.progress_percent == 100
    assert enrollment.completed_at is not None
    assert LessonProgress.objects.count() == 4
    assert completions == [
        {
            "enrollment_id": enrollment.pk,
            "user_id": learner.pk,
            "course_id": course.pk,
            "signal": course_completed,
        }
    ]


def test_two_workers_with_stale_rows_record_one_completion(
    learner, completions, django_capture_on_commit_callbacks
):
    course = make_course(lessons=1)
    services.enroll(user=learner, course=course)
    LessonProgress.objects.create(
        enrollment=Enrollment.objects.get(),
        lesson=course.lessons()[0],
        completed_at="2026-11-26T08:00Z",
    )
    first, second = Enrollment.objects.get(), Enrollment.objects.get()  # both read "not completed"
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluate(first) is True
        assert evaluate(second) is True
    assert len(completions) == 1


def test_self_enrolment_rules(learner):
    assigned_only = make_course(enrollment_policy="assigned")
    with translation.override("en"), pytest.raises(EnrollmentRefused, match="assigned"):
        services.enroll(user=learner, course=assigned_only)
    closed = make_course(enrollment_closes_at="2020-01-01T00:00Z")
    with pytest.raises(EnrollmentRefused):
        services.enroll(user=learner, course=closed)
    assert Enrollment.objects.count() == 0

    open_course = make_course()
    first = services.enroll(user=learner, course=open_course)
    again = services.enroll(user=learner, course=open_course)
    assert first.pk == again.pk and Enrollment.objects.count() == 1


def test_progress_outside_an_enrollment_or_course_is_refused(learner):
    course, other = make_course(), make_course()
    with pytest.raises(NotEnrolledError):
        services.record_lesson_completed(user=learner, course=course, lesson=course.lessons()[0])
    services.enroll(user=learner, course=course)
    with pytest.raises(ValueError):
        services.record_lesson_completed(user=learner, course=course, lesson=other.lessons()[0])
    assert LessonProgress.objects.count() == 0


def test_withdraw_keeps_progress_and_reenrolling_resumes(learner):
    course = make_course(lessons=2)
    enrollment = services.enroll(user=learner, course=course)
    services.record_lesson_completed(user=learner, course=course, lesson=course.lessons()[0])
    services.withdraw(enrollment=enrollment, user=learner)
    assert Enrollment.objects.get().status == EnrollmentStatus.WITHDRAWN
    services.enroll(user=learner, course=course)
    enrollment = Enrollment.objects.get()
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.progress_percent == 50


def test_completion_survives_a_new_lesson_and_reevaluation_reports_changes(learner, capsys):
    course = make_course(lessons=1)
    services.enroll(user=learner, course=course)
    services.record_lesson_completed(user=learner, course=course, lesson=course.lessons()[0])
    assert Enrollment.objects.get().is_completed

    other = make_course(lessons=2)
    services.enroll(user=learner, course=other)
    services.record_lesson_completed(user=learner, course=other, lesson=other.lessons()[0])
    # an editor makes the second lesson optional: the learner has now done all that is required
    second = other.lessons()[1].specific
    second.required = False
    second.save_revision().publish()

    for page in (course, other):
        page.refresh_from_db()
    # the first course gains a lesson: its completion stays
    from courses.models import LessonPage

    course.add_child(instance=LessonPage(title="Bài mới", slug="bai-moi", required=True))
    call_command("reevaluate_completion", str(course.pk), str(other.pk))
    out = capsys.readouterr().out
    assert Enrollment.objects.get(course=course).is_completed
    assert Enrollment.objects.get(course=other).is_completed
    assert "50% → 100%" in out
