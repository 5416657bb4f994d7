"""`manage.py generate_load_data`: the synthetic data set of the load test."""

from collections import Counter
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate, CertificateStatus, RenderState
from courses.models import CoursePage, LessonPage
from home.management.commands.generate_load_data import LOAD_PASSWORD, username
from lms.completion import assess
from lms.models import Enrollment, EnrollmentStatus, LearnerProfile, LessonProgress
from quizzes.models import Attempt, AttemptItem, AttemptStatus, QuizPage

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run the block in a savepoint and undo it, so one test can generate the set twice."""
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


def generate(learners: int = 30, courses: int = 2, seed: int = 3, **options) -> str:
    out = StringIO()
    call_command(
        "generate_load_data",
        learners=learners,
        courses=courses,
        seed=seed,
        stdout=out,
        **options,
    )
    return out.getvalue()


def shape() -> list[tuple]:
    """What a learner has done in each course, by username and course slug (no ids, no
    timestamps, no random codes): the data a second run with the same seed must repeat."""
    lessons = Counter(LessonProgress.objects.values_list("enrollment_id", flat=True))
    attempts = Counter(
        Attempt.objects.values_list("user__username", "quiz__url_path", "number", "percent")
    )
    rows = [
        (
            e.user.username,
            e.course.slug,
            e.status,
            e.progress_percent,
            lessons[e.pk],
        )
        for e in Enrollment.objects.select_related("user", "course")
    ]
    return sorted(rows) + sorted(attempts.items())


def test_the_data_set_is_consistent_as_the_services_would_leave_it():
    # Given a fresh database, when 30 learners and 2 courses are generated
    out = generate()

    # then the learners exist with profiles and predictable usernames,
    User = get_user_model()
    learners = User.objects.filter(username__startswith="load-")
    assert learners.count() == 30
    assert LearnerProfile.objects.filter(user__in=learners).count() == 30
    assert set(learners.values_list("username", flat=True)) == {username(i) for i in range(30)}
    assert LOAD_PASSWORD in out
    # each course is published with three lessons and a ten-question quiz,
    courses = CoursePage.objects.live().filter(slug__startswith="load-")
    assert courses.count() == 2
    for course in courses:
        assert LessonPage.objects.live().child_of(course).count() == 3
        quiz = QuizPage.objects.live().child_of(course).get()
        assert quiz.quiz_questions.count() == 10
        assert [c.kind for c in course.get_completion_criteria()] == ["lessons", "quiz_passed"]
    # every enrollment's stored progress is what the completion engine computes from its
    # lessons and attempts,
    enrollments = list(Enrollment.objects.select_related("course", "user"))
    statuses = Counter(e.status for e in enrollments)
    assert statuses[EnrollmentStatus.COMPLETED] > 0 and statuses[EnrollmentStatus.ACTIVE] > 0
    for enrollment in enrollments:
        result = assess(enrollment)
        assert result.met == (enrollment.status == EnrollmentStatus.COMPLETED), enrollment
        assert result.percent == enrollment.progress_percent, enrollment
    # attempts are graded with their item rows,
    submitted = Attempt.objects.filter(status=AttemptStatus.SUBMITTED)
    assert submitted.count() == Attempt.objects.count() > 0
    assert AttemptItem.objects.count() == 10 * submitted.count()
    # and each completed enrollment has one valid certificate with a unique serial, waiting
    # for its PDF.
    completed = [e for e in enrollments if e.status == EnrollmentStatus.COMPLETED]
    certificates = Certificate.objects.all()
    assert sorted(c.enrollment_id for c in certificates) == sorted(e.pk for e in completed)
    assert {c.status for c in certificates} == {CertificateStatus.VALID}
    assert {c.render_state for c in certificates} == {RenderState.PENDING}
    assert not any(c.pdf for c in certificates)
    assert len({c.serial for c in certificates}) == len(certificates)
    assert all(c.holder_name for c in certificates)


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    with rolled_back():
        generate(seed=7)
        first = shape()
    with rolled_back():
        generate(seed=7)
        again = shape()
    generate(seed=8)
    other = shape()

    assert first == again
    assert first != other


def test_rows_are_written_in_bulk():
    # The number of INSERT statements does not grow with the number of learners; only
    # SQLite's limit of 999 parameters a statement splits the ten item rows of each attempt.
    def inserts(learners: int) -> tuple[Counter, int]:
        with rolled_back(), CaptureQueriesContext(connection) as queries:
            generate(learners=learners, seed=4)
            items = AttemptItem.objects.count()
        tables = Counter(
            q["sql"].split('"')[1] for q in queries.captured_queries if "INSERT" in q["sql"][:20]
        )
        return tables, items

    (few, _), (many, items) = inserts(10), inserts(60)

    item_table = AttemptItem._meta.db_table
    assert items > 500
    assert many.pop(item_table) <= 1 + items // 50
    few.pop(item_table)
    # (the serial counter may need one more row when certificates span a new year)
    few.pop("cds_certificates_serialcounter"), many.pop("cds_certificates_serialcounter")
    assert many == few
    assert many["cds_lms_enrollment"] == many["cds_quizzes_attempt"] == 1


def test_a_second_run_needs_force():
    generate(learners=5, courses=1)

    with pytest.raises(CommandError):
        generate(learners=5, courses=1)
    out = generate(learners=5, courses=1, force=True)

    assert "load2-000000" in out
    assert get_user_model().objects.filter(username__startswith="load2-").count() == 5


def test_a_generated_learner_logs_in_reads_a_lesson_and_starts_the_quiz(client):
    generate(learners=20, courses=1)
    enrollment = (
        Enrollment.objects.filter(
            status=EnrollmentStatus.ACTIVE, user__username__startswith="load-"
        )
        .select_related("user")
        .first()
    )
    assert enrollment is not None
    course = CoursePage.objects.get(pk=enrollment.course_id)
    lesson = LessonPage.objects.child_of(course).first()
    quiz = QuizPage.objects.child_of(course).get()

    response = client.post(
        reverse("lms:login"),
        {"username": enrollment.user.username, "password": LOAD_PASSWORD},
    )
    assert response.status_code == 302

    page = client.get(lesson.url)
    assert page.status_code == 200
    assert lesson.body[0].value.source[3:30] in page.content.decode()
    assert client.get(quiz.url).status_code == 200
    started = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert started.status_code == 302
    assert client.get(started["Location"]).status_code == 200
    assert (
        Attempt.objects.filter(
            user=enrollment.user, quiz=quiz, status=AttemptStatus.IN_PROGRESS
        ).count()
        == 1
    )
