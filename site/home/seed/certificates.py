"""The demo's certificate template ("GIẤY CHỨNG NHẬN", landscape A4), chosen by every course."""

from __future__ import annotations

from django.db import transaction

from certificates.models import CertificateTemplate, CourseCertificateTemplate
from certificates.services import get_or_create_default_template
from courses.models import CoursePage


@transaction.atomic
def seed_certificates(courses: list[CoursePage]) -> CertificateTemplate:
    template = get_or_create_default_template()
    for course in courses:
        CourseCertificateTemplate.objects.get_or_create(
            course=course, defaults={"template": template}
        )
    return template
