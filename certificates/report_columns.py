"""The certificate in the learner progress report (`lms.reports.columns`): the serial number
of the person's valid certificate for the course (stored as valid and not past its expiry)."""

from __future__ import annotations

from django.db.models import CharField, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.reports.columns import LEARNER_PROGRESS_COLUMNS_HOOK, ReportColumn

from .models import Certificate


def certificate_serial() -> Subquery:
    """On an `Enrollment` queryset: the serial of the valid certificate, None without one."""
    certificates = Certificate.objects.valid().filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
    )
    return Subquery(
        certificates.order_by("-issued_at").values("serial")[:1], output_field=CharField()
    )


@hooks.register(LEARNER_PROGRESS_COLUMNS_HOOK)
def certificate_column() -> ReportColumn:
    return ReportColumn("certificate_serial", _("Certificate"), certificate_serial())
