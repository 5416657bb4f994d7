"""The course page: what it tells everyone, and the action area for each kind of visitor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.models import CourseCriterion
from lms import services
from lms.models import Enrollment, EnrollmentSource
from tests.factories import make_course

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def full_course(catalogue):
    """A course with every fact filled in: objectives, audience, window and due date."""
    return make_course(
        catalogue,
        lessons=2,
        optional=1,
        title="Chuyển đổi số cấp xã",
        summary="Những điều cán bộ xã cần biết.",
        objectives="Hiểu Nghị quyết 02\n\nDùng dịch vụ công trực tuyến\n",
        audience=["civil_servant", "public_employee"],
        duration_minutes=90,
        pillar="digital_government",
        delivery_mode="blended",
        enrollment_opens_at=timezone.now() - datetime.timedelta(days=1),
        enrollment_closes_at=datetime.datetime(2099, 12, 31, 17, 0, tzinfo=datetime.UTC),
        due_date=datetime.date(2099, 12, 31),
    )


def test_anyone_can_read_what_the_course_is_about(client, full_course):
    response = client.get(full_course.url)

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Chuyển đổi số cấp xã",
        "Những điều cán bộ xã cần biết.",
        "<li>Hiểu Nghị quyết 02</li>",
        "<li>Dùng dịch vụ công trực tuyến</li>",
        "Civil servant · Public employee",
        "1 h 30 min",
        "Digital government",
        "Blended (online and in person)",
        "Open: learners enrol themselves",
        "to 01/01/2100 00:00",  # the window closes at 17:00 UTC: midnight in Hanoi
        "31/12/2099",  # the due date
        "All required lessons completed",  # the completion criteria, in words
    ):
        assert text in html, text
    # The outline: lessons in tree order with their minutes and whether they are required
    outline = [lesson.title for lesson in response.context["outline"]]
    assert outline == ["Bài 1", "Bài 2", "Bài 3"]
    assert html.count("required\n") == 2 and html.count("optional\n") == 1


def test_anonymous_visitors_are_asked_to_log_in_to_enrol(client, full_course):
    html = client.get(full_course.url).content.decode()
    assert "Log in to enrol" in html
    assert f"/accounts/login/?next={full_course.url}" in html.replace("%2F", "/")
    assert reverse("courses:enrol", args=[full_course.pk]) not in html


def test_a_learner_may_enrol_with_a_post_form(learner_client, full_course):
    html = learner_client.get(full_course.url).content.decode()
    assert (
        f'<form method="post" action="{reverse("courses:enrol", args=[full_course.pk])}">' in html
    )
    assert "csrfmiddlewaretoken" in html
    assert "Enrol in this course" in html


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"enrollment_policy": "assigned"}, "This course is assigned by units"),
        ({"enrollment_closes_at": "2020-01-01T00:00Z"}, "Enrollment closed on 01/01/2020 07:00"),
        ({"enrollment_opens_at": "2099-01-01T00:00Z"}, "Enrollment opens on 01/01/2099 07:00"),
    ],
)
def test_when_self_enrolment_is_refused_the_reason_is_shown(
    learner_client, catalogue, fields, reason
):
    course = make_course(catalogue, lessons=1, **fields)
    html = learner_client.get(course.url).content.decode()
    assert reason in html
    assert reverse("courses:enrol", args=[course.pk]) not in html


def test_an_enrolled_learner_sees_progress_ticks_continue_and_withdraw(
    learner_client, learner, full_course
):
    # Given a learner who completed the second lesson only
    lessons = list(full_course.lessons())
    services.enroll(user=learner, course=full_course)
    services.record_lesson_completed(user=learner, course=full_course, lesson=lessons[1])

    response = learner_client.get(full_course.url)

    html = response.content.decode()
    assert 'value="50"' in html and "50% complete" in html
    assert response.context["outline"].done_ids == {lessons[1].pk}
    assert html.count("lms-outline__item--done") == 1
    # "Continue" leads to the first incomplete required lesson
    assert response.context["continue_lesson"].pk == lessons[0].pk
    assert f'<a class="lms-button" href="{lessons[0].url}">' in html
    assert "Continue" in html
    assert "Due by 31/12/2099" in html
    # Withdrawing is a POST behind a disclosure that says what it means
    assert reverse("courses:withdraw", args=[full_course.pk]) in html
    assert "Your progress is kept" in html
    assert reverse("courses:enrol", args=[full_course.pk]) not in html


def test_no_withdraw_button_for_assigned_or_completed_enrollments(
    learner_client, learner, catalogue, superuser
):
    assigned = make_course(catalogue, lessons=1)
    services.enroll(user=learner, course=assigned, source=EnrollmentSource.ASSIGNED, by=superuser)
    completed = make_course(catalogue, lessons=1)
    services.enroll(user=learner, course=completed)
    services.record_lesson_completed(user=learner, course=completed, lesson=completed.lessons()[0])

    assigned_html = learner_client.get(assigned.url).content.decode()
    completed_html = learner_client.get(completed.url).content.decode()

    assert "Withdraw from this course" not in assigned_html
    assert "Your unit assigned this course to you." in assigned_html
    assert "Withdraw from this course" not in completed_html
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Completed on {today}" in completed_html
    assert "Review the lessons" in completed_html


def test_an_overdue_enrollment_says_so_in_words(learner_client, learner, catalogue):
    course = make_course(catalogue, lessons=1)
    services.enroll(user=learner, course=course, due_date=datetime.date(2020, 1, 1))
    html = learner_client.get(course.url).content.decode()
    assert "Overdue" in html and "Due by 01/01/2020" in html


def test_a_withdrawn_learner_may_enrol_again(learner_client, learner, full_course):
    enrollment = services.enroll(user=learner, course=full_course)
    services.withdraw(enrollment=enrollment, user=learner)
    html = learner_client.get(full_course.url).content.decode()
    assert "You withdrew from this course on" in html
    assert reverse("courses:enrol", args=[full_course.pk]) in html
    assert "lms-outline__item--done" not in html


def test_criteria_are_described_with_their_parameters(client, catalogue):
    course = make_course(catalogue, lessons=1)
    CourseCriterion.objects.create(course=course, kind="lessons", sort_order=0)
    CourseCriterion.objects.create(
        course=course, kind="lessons", threshold=80, target_page=course.lessons()[0], sort_order=1
    )
    html = client.get(course.url).content.decode()
    assert "All of these are needed" in html
    assert "<li>All required lessons completed</li>" in html
    assert "All required lessons completed: “Bài 1” (at least 80%)" in html


def test_the_cover_image_is_shown_as_a_rendition(client, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Ảnh bìa", file=get_test_image_file(size=(1200, 600)))
    course = make_course(catalogue, lessons=1, cover_image=image)
    html = client.get(course.url).content.decode()
    assert "fill-960x400" in html
    assert 'alt="Ảnh bìa"' in html


def test_a_course_page_only_answers_get(learner_client, full_course):
    assert learner_client.post(full_course.url).status_code == 405
    assert Enrollment.objects.count() == 0


def test_editors_can_preview_a_draft_of_the_course(client, superuser, full_course):
    page = full_course.specific
    page.summary = "Tóm tắt mới trong bản nháp."
    page.save_revision(user=superuser)
    client.force_login(superuser)

    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[full_course.pk]))

    assert response.status_code == 200
    assert "Tóm tắt mới trong bản nháp." in response.content.decode()
