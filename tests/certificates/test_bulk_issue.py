"""Bulk issue: the admin screen enqueues one task, which issues once per completed enrollment
and nothing twice; the management command does the same."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from certificates.tasks import bulk_issue_certificates
from lms import services as lms_services
from tests.certificates.conftest import complete
from tests.factories import LearnerProfileFactory


@pytest.fixture
def no_automatic_issue():
    """Complete courses without the automatic certificate, to leave work for bulk issue."""
    from certificates.signals import on_course_completed
    from lms.signals import course_completed

    course_completed.disconnect(dispatch_uid="cds_certificates_issue")
    yield
    course_completed.connect(on_course_completed, dispatch_uid="cds_certificates_issue")


@pytest.fixture
def learners(province, course, no_automatic_issue):
    """Two completed in the department, one completed in the commune, one only enrolled."""
    done = [
        LearnerProfileFactory(unit=province["department"]).user,
        LearnerProfileFactory(unit=province["department"]).user,
        LearnerProfileFactory(unit=province["commune"]).user,
    ]
    for user in done:
        complete(user, course)
    enrolled = LearnerProfileFactory(unit=province["department"]).user
    lms_services.enroll(user=enrolled, course=course)
    return {"done": done, "enrolled": enrolled}


def test_bulk_issue_issues_once_per_completed_enrollment(learners, course):
    result = bulk_issue_certificates.enqueue(course.pk).return_value

    assert result == {"issued": 3, "failed": 0}
    assert set(Certificate.objects.values_list("user_id", flat=True)) == {
        user.pk for user in learners["done"]
    }


def test_running_it_twice_issues_nothing_new(learners, course):
    bulk_issue_certificates.enqueue(course.pk)
    serials = set(Certificate.objects.values_list("serial", flat=True))

    again = bulk_issue_certificates.enqueue(course.pk).return_value

    assert again == {"issued": 0, "failed": 0}
    assert set(Certificate.objects.values_list("serial", flat=True)) == serials


def test_bulk_issue_can_be_limited_to_a_unit_subtree(learners, course, province):
    summary = services.bulk_issue(course_id=course.pk, unit_id=province["district"].pk)

    assert summary.issued == 1
    assert Certificate.objects.get().user == learners["done"][2]


def test_a_killed_run_is_finished_by_the_next(learners, course):
    # Given a run that issued one certificate before its worker died
    first = learners["done"][0].enrollments.get(course=course)
    services.issue_certificate(enrollment_id=first.pk)

    summary = services.bulk_issue(course_id=course.pk)

    assert summary.issued == 2
    assert Certificate.objects.filter(user=learners["done"][0]).count() == 1


def test_the_admin_screen_enqueues_the_bulk_issue(
    learners, course, site_admin, admin_login, django_capture_on_commit_callbacks
):
    client = admin_login(site_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cds_certificates_issue:issue"), {"scope": "course", "course": course.pk}
        )

    assert response.status_code == 302
    assert Certificate.objects.count() == 3
    assert set(Certificate.objects.values_list("issued_by", flat=True)) == {site_admin.pk}


def test_the_admin_screen_issues_one_learners_certificate(
    learners, course, site_admin, admin_login
):
    user = learners["done"][1]

    response = admin_login(site_admin).post(
        reverse("cds_certificates_issue:issue"),
        {"scope": "one", "course": course.pk, "learner": user.username},
    )

    assert response.status_code == 302
    assert Certificate.objects.get().user == user


def test_the_admin_screen_says_when_the_course_is_not_completed(
    learners, course, site_admin, admin_login
):
    response = admin_login(site_admin).post(
        reverse("cds_certificates_issue:issue"),
        {"scope": "one", "course": course.pk, "learner": learners["enrolled"].username},
    )

    assert response.status_code == 200
    assert "not completed" in response.content.decode()
    assert not Certificate.objects.exists()


def test_a_unit_manager_may_not_issue(course, unit_manager, admin_login):
    response = admin_login(unit_manager).get(reverse("cds_certificates_issue:issue"))
    assert response.status_code in (302, 403)


def test_the_command_issues_for_a_course_and_a_unit(learners, course, capsys):
    call_command("issue_certificates", "--course", str(course.pk), "--unit", "H-VT")
    assert "Issued 1 certificate(s)" in capsys.readouterr().out

    call_command("issue_certificates", "--course", str(course.pk))
    assert "Issued 2 certificate(s)" in capsys.readouterr().out
    assert Certificate.objects.count() == 3


def test_the_command_refuses_an_unknown_unit(course):
    with pytest.raises(CommandError):
        call_command("issue_certificates", "--course", str(course.pk), "--unit", "NOPE")
