"""Issuing, reissuing and revoking certificates."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.exceptions import CertificateNotValid, NotCompleted
from certificates.models import Certificate, CertificateStatus, CertificateTemplate, RenderState
from lms import services as lms_services
from tests.certificates.conftest import HOLDER_NAME, complete
from tests.factories import LearnerProfileFactory, UserFactory

SERIAL = re.compile(r"^TB-\d{4}-\d{6}$")


def test_a_template_with_an_unknown_placeholder_is_refused(db):
    template = CertificateTemplate(name="Sai", body="<p>{{ learner_name }} {{ email }}</p>")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    message = " ".join(error.value.message_dict["body"])
    assert "{{ email }}" in message
    assert "{{ learner_name }}" in message  # the allowed list, to help the editor


@pytest.mark.parametrize(
    "body",
    [
        "{{ learner_name|safe }}",
        "{% load static %}{{ serial }}",
        "{{ learner_name.__class__ }}",
        "{# hidden #}",
    ],
)
def test_filters_tags_and_attribute_lookups_are_refused(db, body):
    with pytest.raises(ValidationError):
        CertificateTemplate(name="Sai", body=body).full_clean()


def test_the_default_template_is_valid(template):
    template.full_clean()
    assert "GIẤY CHỨNG NHẬN" in template.body
    assert services.get_or_create_default_template() == template


def test_completing_a_course_issues_one_certificate(
    holder, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(holder, course)
    certificate = Certificate.objects.get()
    assert certificate.user == holder
    assert SERIAL.match(certificate.serial)
    assert certificate.holder_name == HOLDER_NAME
    assert certificate.course_title == "Chính quyền số cơ bản"
    assert certificate.status == CertificateStatus.VALID
    assert len(certificate.verification_code) >= 32  # 24 random bytes, URL-safe
    assert certificate.render_state == RenderState.READY and certificate.pdf
    assert ModelLogEntry.objects.filter(action="cds_certificates.certificate.issue").count() == 1


def test_a_course_without_a_template_issues_nothing(
    holder, template, django_capture_on_commit_callbacks
):
    from tests.factories import make_course

    course = make_course(lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        complete(holder, course)
    assert not Certificate.objects.exists()


def test_issuing_twice_gives_one_certificate(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.issue_certificate(enrollment_id=completed.pk)
        second = services.issue_certificate(enrollment_id=completed.pk)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_an_unfinished_course_gets_no_certificate(holder, course):
    enrollment = lms_services.enroll(user=holder, course=course)
    with pytest.raises(NotCompleted):
        services.issue_certificate(enrollment_id=enrollment.pk)
    assert not Certificate.objects.exists()


def test_the_database_refuses_a_second_valid_certificate(completed):
    from django.db import IntegrityError, transaction

    first = services.issue_certificate(enrollment_id=completed.pk)
    duplicate = Certificate.objects.get(pk=first.pk)
    duplicate.pk = None
    duplicate.serial, duplicate.verification_code = "TB-2000-000001", "x" * 32
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_serials_follow_the_prefix_setting_and_count_up(settings, province, course):
    settings.CERTIFICATES_SERIAL_PREFIX = "QN"
    serials = []
    for _ in range(3):
        user = LearnerProfileFactory(unit=province["department"]).user
        enrollment = complete(user, course)
        serials.append(services.issue_certificate(enrollment_id=enrollment.pk).serial)
    numbers = [int(s.rsplit("-", 1)[1]) for s in serials]
    assert all(re.match(r"^QN-\d{4}-\d{6}$", s) for s in serials)
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_reissue_makes_a_new_serial_and_marks_the_old_replaced(
    completed, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    old = services.issue_certificate(enrollment_id=completed.pk)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.reissue(certificate=old, by=admin, reason="Sai tên đơn vị")
    old.refresh_from_db()
    assert old.status == CertificateStatus.REPLACED and old.replaced_by == new
    assert new.status == CertificateStatus.VALID
    assert new.serial != old.serial and SERIAL.match(new.serial)
    assert new.verification_code != old.verification_code
    new.refresh_from_db()
    assert new.render_state == RenderState.READY
    entry = ModelLogEntry.objects.get(action="cds_certificates.certificate.reissue")
    assert entry.data["new_serial"] == new.serial and entry.user == admin
    with pytest.raises(CertificateNotValid):
        services.reissue(certificate=old, by=admin, reason="again")


def test_revoke_records_the_reason_who_and_when(completed):
    admin = UserFactory(is_staff=True, is_superuser=True)
    certificate = services.issue_certificate(enrollment_id=completed.pk)
    services.revoke(certificate=certificate, by=admin, reason="Gian lận khi làm bài")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by == admin and certificate.revoked_at is not None
    assert certificate.revocation_reason == "Gian lận khi làm bài"
    entry = ModelLogEntry.objects.get(action="cds_certificates.certificate.revoke")
    assert entry.data["reason"] == "Gian lận khi làm bài" and entry.user == admin
    with pytest.raises(CertificateNotValid):
        services.revoke(certificate=certificate, by=admin, reason="twice")
    # A revoked certificate frees the slot: issuing again gives a new, valid one.
    again = services.issue_certificate(enrollment_id=completed.pk)
    assert again.pk != certificate.pk and again.status == CertificateStatus.VALID


def test_expiry_is_computed_from_the_validity(completed, template):
    import datetime

    from django.utils import timezone

    template.validity_months = 12
    template.save()
    certificate = services.issue_certificate(enrollment_id=completed.pk)
    assert certificate.expires_at.date() > (timezone.now() + datetime.timedelta(days=360)).date()
    assert certificate.current_status() == CertificateStatus.VALID
    later = certificate.expires_at + datetime.timedelta(seconds=1)
    assert certificate.current_status(later) == CertificateStatus.EXPIRED
