"""The demo's blended course (`home.seed.blended`): lessons, criteria, hall sessions, trainer,
the cooperative leader's registrations, and a seed that changes nothing when run again."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from courses.models import CoursePage, Registration, RegistrationStatus, TrainingSession
from home.seed.blended import COURSE, session_starts
from lms.models import Enrollment, EnrollmentStatus, LessonProgress


def blended_course() -> CoursePage:
    return CoursePage.objects.get(slug=COURSE["slug"])


def snapshot() -> dict:
    return {
        "sessions": list(TrainingSession.objects.order_by("pk").values()),
        "trainers": list(
            TrainingSession.trainers.through.objects.order_by("pk").values_list(
                "trainingsession_id", "user_id"
            )
        ),
        "registrations": list(Registration.objects.order_by("pk").values()),
        "enrollments": list(Enrollment.objects.order_by("pk").values()),
        "progress": list(LessonProgress.objects.order_by("pk").values()),
        "criteria": list(blended_course().completion_criteria.values("kind", "threshold")),
        "revisions": Revision.objects.count(),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_the_blended_course_is_for_cooperative_leaders_with_two_real_lessons(seeded):
    course = blended_course()

    assert course.live and course.delivery_mode == "blended"
    assert course.audience == ["cooperative_leader"]
    assert "truy xuất nguồn gốc" in course.title
    lessons = [lesson.specific for lesson in course.lessons()]
    assert len(lessons) == 2
    for lesson in lessons:
        kinds = [block.block_type for block in lesson.body]
        assert kinds.count("heading") >= 2 and "callout" in kinds
        assert kinds.count("paragraph") >= 3
        assert len(str(lesson.body.raw_data)) > 3000
    text = " ".join(str(lesson.body.raw_data) for lesson in lessons)
    assert "mã truy xuất nguồn gốc" in text.lower()
    assert "sàn thương mại điện tử" in text.lower()


def test_the_course_completes_with_its_lessons_and_half_of_its_sessions(seeded):
    criteria = list(blended_course().completion_criteria.values_list("kind", "threshold"))

    assert criteria == [("lessons", None), ("attendance", 50)]
    # The published revision holds them too, so the page editor keeps them
    content = blended_course().get_latest_revision().content
    assert [row["kind"] for row in content["completion_criteria"]] == ["lessons", "attendance"]


def test_two_hall_sessions_a_week_apart_led_by_the_demo_trainer(seeded):
    first, second = TrainingSession.objects.filter(course=blended_course()).order_by("starts_at")

    for session in (first, second):
        assert session.kind == "in_person"
        assert session.venue_name.startswith("Hội trường UBND huyện")
        assert session.capacity == 30
        assert list(session.trainers.values_list("username", flat=True)) == ["trainer"]
        assert not session.is_cancelled
    now = timezone.now()
    assert now < first.starts_at <= now + datetime.timedelta(days=1, hours=10)
    second_local = timezone.localtime(second.starts_at)
    assert second_local.date() == timezone.localtime(first.starts_at).date() + datetime.timedelta(
        days=7
    )
    assert second_local.time() == datetime.time(8, 0)


def test_the_cooperative_leader_is_enrolled_and_registered_for_both(seeded):
    course = blended_course()

    enrollment = Enrollment.objects.get(user__username="coopleader", course=course)
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert 0 < enrollment.progress_percent < 100
    registrations = Registration.objects.filter(user__username="coopleader", session__course=course)
    assert registrations.count() == 2
    assert {r.status for r in registrations} == {RegistrationStatus.REGISTERED}
    assert all(session.seats_taken == 1 for session in course.training_sessions.all())


def test_running_the_seed_again_changes_nothing(seeded):
    first = snapshot()

    call_command("seed_demo", stdout=StringIO())

    assert snapshot() == first


def local(day: int, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 5, day, hour, minute))


@pytest.mark.parametrize(
    ("now", "first"),
    [
        # working hours: the next half hour at least 15 minutes away, for a live check-in
        (local(11, 10, 7), local(11, 10, 30)),
        (local(11, 10, 20), local(11, 11, 0)),
        (local(11, 16, 15), local(11, 16, 30)),
        # before the working day: this morning at 08:00
        (local(11, 5, 50), local(11, 8, 0)),
        # after it, or late at night: tomorrow at 08:00
        (local(11, 16, 20), local(12, 8, 0)),
        (local(11, 23, 50), local(12, 8, 0)),
    ],
)
def test_the_first_session_is_soon_in_working_hours_else_the_next_morning(now, first):
    starts = session_starts(now)

    assert starts[0] == first
    assert starts[1] == timezone.make_aware(
        datetime.datetime.combine(
            timezone.localtime(first).date() + datetime.timedelta(days=7), datetime.time(8)
        )
    )
