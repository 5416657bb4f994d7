"""Training targets for the demo units and ~40 more learners with mixed progress, so that the
`manager` account sees a meaningful dashboard and summary email.

Enrolments go through `lms.services.enroll` (assigned by the manager) and partial progress
through `record_lesson_completed`; each completion gets its certificate through
`certificates.services.issue_certificate`, dated back to the completion so that the
dashboard's "certificates issued per week" chart has a history. Completions are written
directly on the enrollment (status, time, 100 %): completing a course through the real path
means passing its quizzes and, for the blended course, attending hall sessions, which is slow
and beside the point here. Only what is missing is created: a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CoursePage
from lms import services
from lms.conf import lms_settings
from lms.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LearnerCategory,
    LearnerProfile,
    OrganisationUnit,
    TrainingTarget,
)

GOVERNMENT = "chinh-quyen-so-co-ban"
BLENDED = "chuyen-doi-so-hop-tac-xa-nong-nghiep"


@dataclass(frozen=True)
class DemoTarget:
    unit_code: str
    title: str
    category: str
    required_percent: int
    course_slugs: tuple[str, ...]
    # Days before and after the day of seeding: the demo's statuses (on track, at risk,
    # behind) stay what they were meant to be whenever the demo is seeded.
    started_days_ago: int
    deadline_in_days: int


TARGETS = [
    DemoTarget(
        "TB",
        "80 % công chức hoàn thành khóa Chính quyền số cơ bản",
        LearnerCategory.CIVIL_SERVANT,
        80,
        (GOVERNMENT,),
        330,
        35,
    ),
    DemoTarget(
        "TB-VUTHU",
        "60 % cán bộ quản lý HTX hoàn thành khóa chuyển đổi số HTX",
        LearnerCategory.COOPERATIVE_LEADER,
        60,
        (BLENDED,),
        280,
        25,
    ),
    DemoTarget(
        "TB-VUTHU",
        "70 % cán bộ huyện hoàn thành khóa Chính quyền số cơ bản",
        "",
        70,
        (GOVERNMENT,),
        150,
        240,
    ),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Đức Cường",
    "Văn Dũng",
    "Thu Hà",
    "Thị Hương",
    "Quang Khánh",
    "Ngọc Lan",
    "Thị Mai",
    "Hữu Nam",
    "Thanh Phương",
    "Minh Sơn",
    "Thị Thảo",
]
# Most of the extra learners work in the manager's district, the rest across the province.
UNIT_CYCLE = [
    ("TB-VUTHU", LearnerCategory.CIVIL_SERVANT),
    ("TB-VUTHU-TANHOA", LearnerCategory.CIVIL_SERVANT),
    ("TB-VUTHU-HTX-VUHOI", LearnerCategory.COOPERATIVE_LEADER),
    ("TB-VUTHU-TANHOA", LearnerCategory.PUBLIC_EMPLOYEE),
    ("TB-VUTHU-HTX-VUHOI", LearnerCategory.COOPERATIVE_LEADER),
    ("TB-STTTT", LearnerCategory.CIVIL_SERVANT),
    ("TB-KIENXUONG", LearnerCategory.CIVIL_SERVANT),
    ("TB-KIENXUONG-HTX-QM", LearnerCategory.COOPERATIVE_LEADER),
]
EXTRA_LEARNERS = 40


def seed_targets() -> list[TrainingTarget]:
    """The demo targets that are missing (matched by unit and title)."""
    targets = []
    today = timezone.localdate()
    for spec in TARGETS:
        unit = OrganisationUnit.objects.get(code=spec.unit_code)
        target = TrainingTarget.objects.filter(unit=unit, title=spec.title).first()
        if target is None:
            target = TrainingTarget.objects.create(
                unit=unit,
                title=spec.title,
                learner_category=spec.category,
                required_percent=spec.required_percent,
                starts_on=today - datetime.timedelta(days=spec.started_days_ago),
                deadline=today + datetime.timedelta(days=spec.deadline_in_days),
            )
            target.courses.set(CoursePage.objects.filter(slug__in=spec.course_slugs))
        targets.append(target)
    return targets


def _complete(enrollment: Enrollment, *, days_ago: int) -> None:
    completed_at = timezone.now() - datetime.timedelta(days=days_ago, hours=3)
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_at = completed_at
    enrollment.last_activity_at = completed_at
    enrollment.progress_percent = 100
    enrollment.save(
        update_fields=["status", "completed_at", "last_activity_at", "progress_percent"]
    )


def _certify(enrollment: Enrollment) -> None:
    certificate = certificate_services.issue_certificate(enrollment_id=enrollment.pk)
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=enrollment.completed_at)


def seed_target_learners() -> int:
    """The extra learners that are missing, enrolled by the district's manager; of every five,
    three completed (some this week), one is part-way, one not enrolled yet.
    Returns how many were created."""
    User = get_user_model()
    manager = User.objects.get(username="manager")
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    courses = {
        page.slug: page for page in CoursePage.objects.filter(slug__in=[GOVERNMENT, BLENDED])
    }
    created = 0
    for n in range(EXTRA_LEARNERS):
        username = f"hocvien{n + 1:02d}"
        if User.objects.filter(username=username).exists():
            continue
        unit_code, category = UNIT_CYCLE[n % len(UNIT_CYCLE)]
        user = User(username=username, email=f"{username}@demo.thaibinh.gov.vn")
        user.set_unusable_password()  # demo data only: nobody logs in as them
        user.save()
        LearnerProfile.objects.create(
            user=user,
            full_name=f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]}",
            unit=units[unit_code],
            position="Chuyên viên",
            category=category,
            consent_version=lms_settings.PRIVACY_NOTICE_VERSION,
            consented_at=user.date_joined,
        )
        created += 1
        stage = n % 5
        if stage == 4:
            continue  # not enrolled yet
        slug = BLENDED if category == LearnerCategory.COOPERATIVE_LEADER else GOVERNMENT
        course = courses[slug]
        enrollment = services.enroll(
            user=user, course=course, source=EnrollmentSource.ASSIGNED, by=manager
        )
        if stage in (0, 1, 2):
            _complete(enrollment, days_ago=2 + 9 * (n % 7))  # some this week, some weeks ago
            _certify(enrollment)
        elif stage == 3 and slug == GOVERNMENT:
            lesson = course.lessons().first()
            services.record_lesson_completed(user=user, course=course, lesson=lesson)
    return created


@transaction.atomic
def seed_training_targets() -> None:
    """The demo targets and the learners who make their progress worth reading."""
    seed_targets()
    seed_target_learners()
