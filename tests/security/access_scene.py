"""The scene the access, CSRF, GET-safety and quiz tampering tests share: two learners in
different units, two trainers, the district's unit manager, administrators, and one object of
every kind the project's URLs take an id of, owned by the first learner (or set on her unit).
Objects are made only when a test asks for them.

The test modules import the fixtures from here (``from tests.security.access_scene import
scene, client_for``): they are not in ``conftest.py``, which other test modules of this folder
may use for their own fixtures.
"""

from __future__ import annotations

import datetime
from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from lms import roles
from tests.factories import (
    LearnerProfileFactory,
    UserFactory,
    make_catalogue,
    make_course,
    make_poll,
    make_question,
    make_quiz,
    make_session,
    make_survey,
)

#: The owner's name: never shown where the person asking may not see her.
OWNER_NAME = "Chủ Nhân Đối Tượng"
OTHER_NAME = "Người Học Khác"


class Scene:
    """The owner (a learner of the department), another learner (of the commune, inside the
    district), two trainers, the district's unit manager, a superuser, and the objects."""

    def __init__(self, province: dict, manager, groups: dict) -> None:
        self.province = province
        self.manager = manager
        self.groups = groups

    # --- people ---------------------------------------------------------------------------

    def _learner(self, username: str, name: str, unit):
        profile = LearnerProfileFactory(
            user=UserFactory(username=username), unit=unit, full_name=name
        )
        profile.user.groups.add(self.groups[roles.LEARNER])
        return profile.user

    @cached_property
    def owner(self):
        return self._learner("owner@example.gov.vn", OWNER_NAME, self.province["department"])

    @cached_property
    def other(self):
        return self._learner("other@example.gov.vn", OTHER_NAME, self.province["commune"])

    def _trainer(self, username: str):
        user = UserFactory(username=username)
        user.groups.add(self.groups[roles.TRAINER])
        return user

    @cached_property
    def trainer(self):
        return self._trainer("trainer@example.gov.vn")

    @cached_property
    def other_trainer(self):
        return self._trainer("other-trainer@example.gov.vn")

    @cached_property
    def superuser(self):
        return UserFactory(username="security-root", is_staff=True, is_superuser=True)

    @cached_property
    def site_admin(self):
        user = UserFactory(username="security-site-admin", is_staff=True)
        user.groups.add(self.groups[roles.SITE_ADMINISTRATOR])
        return user

    # --- courses, sessions, quizzes -------------------------------------------------------

    @cached_property
    def course(self):
        from certificates.models import CourseCertificateTemplate

        course = make_course(make_catalogue(), lessons=1, title="Khóa học bảo mật")
        CourseCertificateTemplate.objects.create(course=course, template=self.template)
        return course

    @cached_property
    def lesson(self):
        return self.course.lessons()[0]

    @cached_property
    def draft_course(self):
        from courses.models import CoursePage

        course = make_course(make_catalogue(), lessons=1, title="Khóa học nháp")
        CoursePage.objects.filter(pk=course.pk).update(live=False)
        return course

    @cached_property
    def enrollment(self):
        from lms import services

        return services.enroll(user=self.owner, course=self.course)

    @cached_property
    def quiz(self):
        return make_quiz(
            self.course,
            [
                make_question("Câu một?"),
                make_question(
                    "Câu hai?",
                    kind="multiple",
                    choices=[("Đúng A", True), ("Đúng B", True), ("Sai C", False)],
                ),
            ],
            max_attempts=0,
        )

    @cached_property
    def attempt(self):
        from quizzes import services

        self.enrollment  # noqa: B018 - the owner takes the quiz of a course she is enrolled in
        return services.start_attempt(quiz=self.quiz, user=self.owner)

    @cached_property
    def blended(self):
        return make_course(
            make_catalogue(), lessons=1, delivery_mode="blended", title="Khóa kết hợp bảo mật"
        )

    @cached_property
    def session(self):
        """A session under way (check-in open), led by `trainer`, with the owner registered."""
        from courses import services
        from courses.models import TrainingSession
        from lms import services as lms_services

        session = make_session(self.blended, trainers=[self.trainer])
        lms_services.enroll(user=self.owner, course=self.blended)
        services.register(session=session, user=self.owner)
        starts_at = timezone.now() - datetime.timedelta(minutes=15)
        TrainingSession.objects.filter(pk=session.pk).update(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
        )
        session.refresh_from_db()
        return session

    @cached_property
    def empty_session(self):
        """A future session of the blended course nobody registered for (it may be deleted)."""
        return make_session(self.blended, title="Buổi học trống", trainers=[self.trainer])

    @cached_property
    def calendar_feed(self):
        from courses.calendar_feeds import reset_calendar_feed

        self.session  # noqa: B018 - a feed with the owner's session in it
        return reset_calendar_feed(user=self.owner)[0]

    # --- certificates ----------------------------------------------------------------------

    @cached_property
    def template(self):
        from certificates import services

        return services.get_or_create_default_template()

    @cached_property
    def certificate(self):
        """The owner's certificate, with a (stand-in) PDF ready to download."""
        from certificates import services
        from certificates.models import Certificate, RenderState
        from lms import services as lms_services

        self.enrollment  # noqa: B018
        enrollment = lms_services.record_lesson_completed(
            user=self.owner, course=self.course, lesson=self.lesson
        )
        certificate = services.issue_certificate(enrollment_id=enrollment.pk)
        certificate.pdf.save(
            f"security-{certificate.pk}.pdf", ContentFile(b"%PDF-1.4\n%stand-in\n"), save=False
        )
        Certificate.objects.filter(pk=certificate.pk).update(
            pdf=certificate.pdf.name, render_state=RenderState.READY
        )
        certificate.refresh_from_db()
        return certificate

    @cached_property
    def course_template(self):
        from certificates.models import CourseCertificateTemplate

        return CourseCertificateTemplate.objects.get(course=self.course)

    # --- organisation ----------------------------------------------------------------------

    @cached_property
    def owner_profile(self):
        return self.owner.learner_profile

    @cached_property
    def target(self):
        from lms.targets.models import TrainingTarget

        target = TrainingTarget.objects.create(
            unit=self.province["department"],
            title="Chỉ tiêu của Sở",
            required_percent=80,
            deadline=timezone.localdate() + datetime.timedelta(days=90),
        )
        target.courses.add(self.course)
        return target

    @cached_property
    def department_manager_assignment(self):
        from lms import services

        manager = LearnerProfileFactory(
            unit=self.province["department"], full_name="Quản Lý Sở"
        ).user
        return services.assign_unit_manager(user=manager, unit=self.province["department"])

    @cached_property
    def learner_import(self):
        from lms.models import LearnerImport

        return LearnerImport.objects.create(
            file=ContentFile(b"a,b\n", name="security-import.csv"),
            original_filename="nguoi-hoc-so.csv",
            uploaded_by=self.site_admin,
        )

    @cached_property
    def erasure_request(self):
        from lms.privacy import services

        return services.request_erasure(user=self.owner, reason="Xin xóa dữ liệu")

    # --- editors' content ------------------------------------------------------------------

    @cached_property
    def author(self):
        from lms.articles.models import Author

        return Author.objects.create(name="Tác Giả Bảo Mật")

    @cached_property
    def question(self):
        return make_question("Câu hỏi ngân hàng?", category="Danh mục bảo mật")

    @cached_property
    def question_category(self):
        return self.question.category

    @cached_property
    def poll(self):
        return make_poll()

    @cached_property
    def survey(self):
        return make_survey()

    @cached_property
    def course_survey(self):
        from quizzes.models import CourseSurvey

        return CourseSurvey.objects.create(course=self.course, survey=self.survey, phase="pre")


@pytest.fixture
def scene(province, unit_manager, role_groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Scene(province, unit_manager, role_groups)


@pytest.fixture
def each_case(province, unit_manager, role_groups, settings, tmp_path):
    """Run a table of cases in one test: each case gets a fresh scene inside a savepoint that
    is rolled back after it (so no case sees another's objects, and the people and units are
    made once), with empty caches. Failures are collected and reported together.

    Usage: ``each_case(names, check)`` where ``check(name, scene)`` asserts."""
    settings.MEDIA_ROOT = tmp_path / "media"

    def run(names, check) -> None:
        failures = []
        for name in names:
            _clear_caches()
            try:
                with transaction.atomic():
                    check(name, Scene(province, unit_manager, role_groups))
                    transaction.set_rollback(True)
            except AssertionError as error:
                failures.append(f"{name}: {error}")
        _clear_caches()
        assert not failures, f"{len(failures)} of {len(names)} cases failed:\n" + "\n".join(
            failures
        )

    return run


def _clear_caches() -> None:
    from django.core.cache import caches

    from lms import render_cache

    for cache in caches.all(initialized_only=True):
        cache.clear()
    render_cache.clear()


@pytest.fixture
def client_for():
    """A fresh test client logged in as `user` (anonymous for None), in English."""

    def make(user, *, enforce_csrf_checks: bool = False) -> Client:
        client = Client(enforce_csrf_checks=enforce_csrf_checks, HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        return client

    return make
