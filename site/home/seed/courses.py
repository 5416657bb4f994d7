"""The course catalogue, one course per pillar with its lessons, and some learner progress."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage, LessonPage
from home.models import HomePage
from lms import services
from lms.models import Enrollment, EnrollmentSource

from .course_content import COURSES

CATALOGUE_INTRO = (
    "Các khóa học ngắn, học trực tuyến hoặc kết hợp với lớp học trực tiếp, giúp cán bộ, "
    "doanh nghiệp, hợp tác xã và người dân cùng tham gia chuyển đổi số."
)


def _body(blocks: list[tuple[str, object]]) -> list[dict]:
    """The StreamField's raw form of the content module's (type, value) blocks."""
    raw = []
    for block_type, value in blocks:
        if block_type == "callout":
            value = {**value, "text": f"<p>{value['text']}</p>"}
        raw.append({"type": block_type, "value": value})
    return raw


def seed_catalogue(home: HomePage) -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.filter(slug="courses").first()
    if catalogue is None:
        catalogue = home.add_child(
            instance=CourseIndexPage(title="Khóa học", slug="courses", intro=CATALOGUE_INTRO)
        )
        catalogue.save_revision().publish()
    return catalogue


def seed_course(catalogue: CourseIndexPage, data: dict) -> CoursePage:
    course = CoursePage.objects.filter(slug=data["slug"]).first()
    if course is None:
        catalogue.refresh_from_db()
        course = catalogue.add_child(
            instance=CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                objectives="\n".join(data["objectives"]),
                audience=data["audience"],
                duration_minutes=data["duration_minutes"],
                pillar=data["pillar"],
                delivery_mode=data["delivery_mode"],
            )
        )
        course.save_revision().publish()
    for lesson in data["lessons"]:
        if LessonPage.objects.child_of(course).filter(slug=lesson["slug"]).exists():
            continue
        course.refresh_from_db()
        page = course.add_child(
            instance=LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                estimated_minutes=lesson["minutes"],
                required=lesson["required"],
                body=_body(lesson["body"]),
            )
        )
        page.save_revision().publish()
    return course


@transaction.atomic
def seed_courses(home: HomePage) -> list[CoursePage]:
    catalogue = seed_catalogue(home)
    return [seed_course(catalogue, data) for data in COURSES]


@transaction.atomic
def seed_progress(courses: list[CoursePage]) -> None:
    """`learner` is part-way through the digital-government course; `coopleader` was assigned
    the blended digital-economy course by the district's manager. Only on the first run."""
    User = get_user_model()
    by_pillar = {course.pillar: course for course in courses}
    learner = User.objects.get(username="learner")
    government = by_pillar["digital_government"]
    if not Enrollment.objects.filter(user=learner, course=government).exists():
        services.enroll(user=learner, course=government)
        for lesson in list(government.lessons())[:2]:
            services.record_lesson_completed(user=learner, course=government, lesson=lesson)

    coopleader = User.objects.get(username="coopleader")
    economy = by_pillar["digital_economy"]
    if not Enrollment.objects.filter(user=coopleader, course=economy).exists():
        services.enroll(
            user=coopleader,
            course=economy,
            source=EnrollmentSource.ASSIGNED,
            by=User.objects.get(username="manager"),
            due_date=(timezone.localdate() + datetime.timedelta(days=30)),
        )
