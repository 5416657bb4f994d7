"""The weekly summary email to unit managers: their units' targets, and nobody else's."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from lms import services
from lms.models import Enrollment, EnrollmentStatus, TrainingTarget
from lms.targets.summary_email import send_manager_summaries
from tests.factories import LearnerProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def complete(profile, course, *, days_ago: int):
    completed_at = timezone.now() - datetime.timedelta(days=days_ago)
    Enrollment.objects.create(
        user=profile.user,
        course=course,
        enrolled_at=completed_at - datetime.timedelta(days=5),
        completed_at=completed_at,
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
    )


def make_target(unit, courses, title, **fields):
    target = TrainingTarget.objects.create(
        unit=unit,
        title=title,
        required_percent=fields.pop("required_percent", 50),
        starts_on=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 12, 31),
        **fields,
    )
    target.courses.set(courses)
    return target


@pytest.fixture
def course(home):
    return make_course(lessons=1)


def test_a_manager_gets_one_email_with_their_units_targets(province, unit_manager, course):
    # Given a province target, a district target and a department target
    make_target(province["root"], [course], "Chỉ tiêu tỉnh")
    make_target(province["district"], [course], "Chỉ tiêu huyện", required_percent=40)
    make_target(province["department"], [course], "Chỉ tiêu sở")
    # and, in the district, two people besides the manager: one completed this week, one
    # completed a month ago; in the department one completed this week
    complete(LearnerProfileFactory(unit=province["commune"]), course, days_ago=2)
    complete(LearnerProfileFactory(unit=province["district"]), course, days_ago=30)
    complete(LearnerProfileFactory(unit=province["department"]), course, days_ago=1)

    # When the summaries are sent (in English: assertions read the strings as the code writes)
    with translation.override("en"):
        sent = send_manager_summaries(today=TODAY)

    # Then the district's manager gets one email: the province target counted in the district,
    # the district's own target, not the department's
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [unit_manager.email]
    assert "2 targets" in message.subject
    assert "Chỉ tiêu tỉnh — Huyện Vũ Thư" in message.body
    assert "Chỉ tiêu huyện — Huyện Vũ Thư" in message.body
    assert "Chỉ tiêu sở" not in message.body
    # 2 of 3 people (manager included) completed: 66.7 %, above the 40 % required
    assert "Completed: 66.7 %" in message.body
    assert "People: 2 of 3" in message.body
    assert "Status: Met" in message.body
    # only the completion of this week counts as recent, the department's is out of scope
    assert message.body.count("in the last 7 days: 1") == 2


def test_a_manager_with_no_target_in_reach_gets_no_email(province, unit_manager, course):
    # Given only a target of the department, which the district's manager does not manage
    make_target(province["department"], [course], "Chỉ tiêu sở")

    # When the summaries are sent by the command
    call_command("send_manager_summaries", stdout=open("/dev/null", "w"))

    # Then nobody gets an email
    assert mail.outbox == []


def test_each_manager_gets_their_own_email(province, unit_manager, course):
    # Given a second manager, of the department, and a target in each unit
    other = UserFactory(username="so-manager@example.gov.vn")
    services.assign_unit_manager(user=other, unit=province["department"])
    make_target(province["district"], [course], "Chỉ tiêu huyện")
    make_target(province["department"], [course], "Chỉ tiêu sở")

    # When the summaries are sent
    send_manager_summaries(today=TODAY)

    # Then each manager reads only their own unit's target
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {unit_manager.email, other.email}
    assert "Chỉ tiêu huyện" in bodies[unit_manager.email]
    assert "Chỉ tiêu sở" not in bodies[unit_manager.email]
    assert "Chỉ tiêu sở" in bodies[other.email]
    assert "Chỉ tiêu huyện" not in bodies[other.email]
