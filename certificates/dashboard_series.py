"""Certificates issued per week on the managers' training dashboard (`lms.targets.series`).

Counted: certificates that stand, that is stored as valid, by the week of `issued_at`. A
certificate past its expiry still counts (it was issued that week); a revoked one does not;
nor does one replaced by a reissue, whose replacement counts in its own week instead, so a
person is counted once per course however often their certificate was corrected.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.targets.series import WEEKLY_SERIES_HOOK, WeeklySeries

from .models import Certificate


@hooks.register(WEEKLY_SERIES_HOOK)
def certificates_issued() -> WeeklySeries:
    return WeeklySeries(
        label=_("Certificates issued per week"),
        count_label=_("Certificates issued"),
        description=_(
            "Number of certificates issued in each week (Monday to Sunday), the current week "
            "last. Revoked certificates are not counted."
        ),
        rows=Certificate.objects.valid(),
        moment="issued_at",
        unit_path="user__learner_profile__unit__path",
    )
