"""Training targets: who they cover, who has completed them, and the status colour."""

import datetime

import pytest

from lms.models import Enrollment, EnrollmentStatus, TargetStatus, TrainingTarget
from lms.targets.progress import progress_by_unit
from tests.factories import LearnerProfileFactory, make_course

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def complete(profile, course):
    Enrollment.objects.create(
        user=profile.user,
        course=course,
        enrolled_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
        completed_at=datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC),
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
    )


@pytest.fixture
def courses(home):
    return [make_course(lessons=1), make_course(lessons=1)]


def make_target(unit, courses, **fields):
    values = {
        "title": "Chỉ tiêu 2026",
        "required_percent": 80,
        "starts_on": datetime.date(2026, 1, 1),
        "deadline": datetime.date(2026, 12, 31),
        **fields,
    }
    target = TrainingTarget.objects.create(unit=unit, **values)
    target.courses.set(courses)
    return target


def test_a_person_completes_a_target_by_completing_every_course(province, courses):
    # Given a province target of two courses, and people in its district and department
    target = make_target(province["root"], courses)
    district, department = province["district"], province["department"]
    both = LearnerProfileFactory(unit=province["commune"])  # under the district
    one = LearnerProfileFactory(unit=district)
    LearnerProfileFactory(unit=department)
    for course in courses:
        complete(both, course)
    complete(one, courses[0])

    # When the progress is read by child unit
    rows = progress_by_unit(target, [department, district], today=TODAY)

    # Then the district counts its commune's people, and only the two-course person completed
    by_unit = {row.unit.code: (row.people, row.completed) for row in rows}
    assert by_unit == {"SO-TTTT": (1, 0), "H-VT": (2, 1)}


def test_the_learner_category_narrows_who_is_covered(province, courses):
    target = make_target(province["root"], courses[:1], learner_category="cooperative_leader")
    leader = LearnerProfileFactory(unit=province["district"], category="cooperative_leader")
    LearnerProfileFactory(unit=province["district"])
    complete(leader, courses[0])
    (row,) = progress_by_unit(target, [province["root"]], today=TODAY)
    assert (row.people, row.completed, row.percent) == (1, 1, 100.0)


def test_the_query_count_does_not_grow_with_units(province, courses, django_assert_num_queries):
    target = make_target(province["root"], courses)
    children = [province["department"], province["district"]]
    for unit in children:
        LearnerProfileFactory(unit=unit)
    # 1. the target's course ids, 2. the grouped counts of every unit at once
    with django_assert_num_queries(2):
        progress_by_unit(target, children, today=TODAY)


@pytest.mark.parametrize(
    "percent, today, status",
    [
        (80, TODAY, TargetStatus.MET),
        (75, TODAY, TargetStatus.ON_TRACK),  # the steady line is at about 72.7 %
        (65, TODAY, TargetStatus.AT_RISK),
        (50, TODAY, TargetStatus.BEHIND),
        (79, datetime.date(2027, 1, 5), TargetStatus.BEHIND),  # past the deadline
    ],
)
def test_status_against_the_steady_line(province, courses, percent, today, status):
    target = make_target(province["root"], courses)
    assert target.status(percent, today) == status
