"""Fixtures of certificates: a one-lesson course with the default template, a completed
enrollment, and rendered PDFs kept in a temporary media root."""

import pytest

from certificates import services
from certificates.models import CourseCertificateTemplate
from lms import services as lms_services
from tests.factories import LearnerProfileFactory, make_course

HOLDER_NAME = "Nguyễn Thị Ánh Tuyết"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def template(db):
    return services.get_or_create_default_template()


@pytest.fixture
def course(db, template):
    """A live one-lesson course whose certificates use the default template."""
    course = make_course(lessons=1, title="Chính quyền số cơ bản", duration_minutes=120)
    CourseCertificateTemplate.objects.create(course=course, template=template)
    return course


@pytest.fixture
def holder(db, province):
    return LearnerProfileFactory(
        unit=province["department"], full_name=HOLDER_NAME, position="Chuyên viên chính"
    ).user


def complete(user, course):
    """Enrol `user` and complete the course's only lesson; returns the enrollment."""
    lms_services.enroll(user=user, course=course)
    return lms_services.record_lesson_completed(
        user=user, course=course, lesson=course.lessons()[0]
    )


@pytest.fixture
def completed(holder, course, django_capture_on_commit_callbacks):
    """A completed enrollment, without the automatic certificate (issued by the test)."""
    from lms.signals import course_completed

    course_completed.disconnect(dispatch_uid="cds_certificates_issue")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enrollment = complete(holder, course)
    finally:
        from certificates.signals import on_course_completed

        course_completed.connect(on_course_completed, dispatch_uid="cds_certificates_issue")
    enrollment.refresh_from_db()
    assert enrollment.is_completed
    return enrollment
