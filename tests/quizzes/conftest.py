"""Fixtures of the learner's quiz pages: the site and course of tests/courses, a quiz of every
question kind in that course, and the learner enrolled in it."""

import pytest

from lms import services as lms_services
from tests.courses import conftest as course_pages
from tests.factories import make_question, make_quiz

# The fixtures of the course pages: the site, the catalogue, a course, English, a logged-in
# learner's client.
english = course_pages.english
home = course_pages.home
catalogue = course_pages.catalogue
course = course_pages.course
learner_client = course_pages.learner_client


def quiz_questions():
    """One question of each kind; the correct choices and answers are easy to look for."""
    return [
        make_question("Chính quyền số là gì?"),
        make_question(
            "Chọn các dịch vụ công trực tuyến.",
            kind="multiple",
            choices=[("Cổng dịch vụ công", True), ("VNeID", True), ("Máy fax", False)],
            scoring="partial",
        ),
        make_question(
            "Chữ ký số có giá trị pháp lý.",
            kind="true_false",
            choices=[("Đúng", True), ("Sai", False)],
            feedback="Theo Luật Giao dịch điện tử.",
        ),
        make_question(
            "Viết tắt của chuyển đổi số?",
            kind="short_answer",
            accepted_answers="CĐS\nchuyen doi so",
        ),
    ]


@pytest.fixture
def quiz(course):
    return make_quiz(course, quiz_questions(), pass_mark=60, max_attempts=3)


@pytest.fixture
def enrolled(learner, course):
    lms_services.enroll(user=learner, course=course)
    return learner


@pytest.fixture
def certifying_quiz(settings, tmp_path):
    """A course completed by passing its quiz alone, issuing certificates (PDFs under tmp)."""
    from certificates import services as certificate_services
    from certificates.models import CourseCertificateTemplate
    from courses.models import CourseCriterion
    from tests.factories import make_course, make_question, make_quiz

    settings.MEDIA_ROOT = tmp_path / "media"
    course = make_course(lessons=0)
    quiz = make_quiz(course, [make_question(f"Câu {i}?") for i in range(3)], pass_mark=60)
    CourseCriterion.objects.create(course=course, kind="quiz_passed", target_page=quiz)
    template = certificate_services.get_or_create_default_template()
    CourseCertificateTemplate.objects.create(course=course, template=template)
    return quiz
