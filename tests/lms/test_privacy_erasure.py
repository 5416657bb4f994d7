"""Erasure on request: the learner asks, an administrator approves or rejects; approval
anonymises the person and keeps every count the same."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms import services as lms_services
from lms.exceptions import NotPermitted
from lms.models import (
    Enrollment,
    ErasureRequest,
    LearnerProfile,
    PersonalDataAccess,
)
from lms.privacy import services
from tests.factories import PASSWORD, LearnerProfileFactory, make_course

User = get_user_model()

ERASURE_URL = reverse("lms:privacy_erasure")
LIST_URL = reverse("cds_lms_privacy:erasure_requests")
SUMMARY = reverse("cds_lms_reports:course_summary")
UNIT_SUMMARY = reverse("cds_lms_reports:unit_summary")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def person(db, province):
    profile = LearnerProfileFactory(
        unit=province["commune"],
        full_name="Đỗ Thị Xoá",
        position="Phó chủ tịch xã",
        phone="0912 000 111",
        employee_code="NV-777",
        user__username="xoa@example.gov.vn",
    )
    course = make_course(lessons=2, title="Kinh tế số")
    lms_services.enroll(user=profile.user, course=course)
    lms_services.record_lesson_completed(
        user=profile.user, course=course, lesson=course.lessons()[0]
    )
    lms_services.update_profile(
        profile=profile,
        full_name=profile.full_name,
        unit=profile.unit,
        position=profile.position,
        category=profile.category,
        phone=profile.phone,
    )  # leaves a Wagtail log entry labelled with the name
    return profile.user


def pending_request(user, reason="Tôi nghỉ hưu"):
    return services.request_erasure(user=user, reason=reason)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_learner_asks_after_confirming_and_only_once(client, person):
    client.force_login(person)
    assert "Ask for my data to be erased" in client.get(reverse("lms:profile")).content.decode()

    response = client.post(ERASURE_URL, {"reason": "Không dùng nữa"})  # no confirmation
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert not ErasureRequest.objects.exists()

    assert (
        client.post(ERASURE_URL, {"reason": "Không dùng nữa", "confirm": "on"}).status_code == 302
    )
    again = client.post(ERASURE_URL, {"confirm": "on"})
    assert "already asked" in again.content.decode()
    assert ErasureRequest.objects.filter(user=person, status="pending").count() == 1


def test_approval_anonymises_and_keeps_the_statistics(
    client, admin_login, superuser, person, province
):
    admin = admin_login(superuser)
    before = (csv_rows(admin.get(SUMMARY, {"export": "csv"})), admin.get(UNIT_SUMMARY).status_code)
    units_before = csv_rows(admin.get(UNIT_SUMMARY, {"export": "csv"}))
    learners_in_commune = LearnerProfile.objects.in_units([province["commune"]]).count()
    erasure = pending_request(person)
    profile_pk = person.learner_profile.pk

    response = admin.post(reverse("cds_lms_privacy:erasure_approve", args=[erasure.pk]))

    assert response.status_code == 302
    person.refresh_from_db()
    profile = LearnerProfile.objects.get(pk=profile_pk)
    assert profile.full_name == f"Erased learner #{person.pk}"
    assert (profile.position, profile.phone, profile.employee_code) == ("", "", "")
    assert profile.unit == province["commune"]  # counted in its unit as before
    assert person.username == f"erased-{person.pk}" and person.email == ""
    assert not person.is_active and not person.has_usable_password()
    assert not client.login(username="xoa@example.gov.vn", password=PASSWORD)
    # The counts and rates are those of before.
    assert (csv_rows(admin.get(SUMMARY, {"export": "csv"})), 200) == before
    assert csv_rows(admin.get(UNIT_SUMMARY, {"export": "csv"})) == units_before
    assert LearnerProfile.objects.in_units([province["commune"]]).count() == learners_in_commune
    assert Enrollment.objects.filter(user=person).count() == 1
    # The admin history no longer names the person.
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Xoá" in label or "xoa@" in label for label in labels)
    # And the decision is logged: who, when, which request.
    entry = PersonalDataAccess.objects.get(action="erasure_approved")
    assert (entry.actor, entry.subject, entry.what) == (
        superuser,
        person,
        f"erasure request #{erasure.pk}",
    )
    erasure.refresh_from_db()
    assert (erasure.status, erasure.decided_by) == ("approved", superuser)


def test_approving_twice_does_nothing_more(admin_login, superuser, person):
    erasure = pending_request(person)
    url = reverse("cds_lms_privacy:erasure_approve", args=[erasure.pk])
    admin = admin_login(superuser)

    admin.post(url)
    response = admin.post(url, follow=True)

    assert "already been decided" in response.content.decode()
    assert PersonalDataAccess.objects.filter(action="erasure_approved").count() == 1
    assert services.approve_erasure(request=erasure, by=superuser) is False


def test_a_get_on_approve_changes_nothing(admin_login, superuser, person):
    erasure = pending_request(person)

    response = admin_login(superuser).get(
        reverse("cds_lms_privacy:erasure_approve", args=[erasure.pk])
    )

    assert response.status_code == 405
    erasure.refresh_from_db()
    person.refresh_from_db()
    assert erasure.status == "pending" and person.is_active


def test_a_unit_manager_can_neither_list_nor_approve(admin_login, unit_manager, person):
    erasure = pending_request(person)  # the person is in the manager's district
    client = admin_login(unit_manager)

    assert client.get(LIST_URL).status_code == 403
    assert (
        client.post(reverse("cds_lms_privacy:erasure_approve", args=[erasure.pk])).status_code
        == 403
    )
    with pytest.raises(NotPermitted):
        services.approve_erasure(request=erasure, by=unit_manager)
    erasure.refresh_from_db()
    assert erasure.status == "pending"


def test_a_site_administrator_sees_the_request_and_may_reject_it(admin_login, site_admin, person):
    erasure = pending_request(person)
    client = admin_login(site_admin)

    html = client.get(LIST_URL).content.decode()
    assert "Đỗ Thị Xoá" in html and "Tôi nghỉ hưu" in html
    client.post(reverse("cds_lms_privacy:erasure_reject", args=[erasure.pk]))

    erasure.refresh_from_db()
    person.refresh_from_db()
    assert erasure.status == "rejected" and person.is_active
    assert person.learner_profile.full_name == "Đỗ Thị Xoá"
    pending_request(person)  # they may ask again


def test_staff_accounts_cannot_ask(superuser):
    from lms.privacy.exceptions import ErasureRefused

    with pytest.raises(ErasureRefused):
        services.request_erasure(user=superuser)
