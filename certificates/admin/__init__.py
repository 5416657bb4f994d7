"""Wagtail admin screens of `certificates`: templates and their PDF preview, the course's
choice of template (`templates`), the certificates listing with revoke, reissue and the ZIP of a
course's PDFs (`listing`), and manual and bulk issue (`issue`). `certificates.wagtail_hooks`
registers them under one "Certificates" menu."""

from __future__ import annotations

from typing import Any

from lms.models import sees_all_learners

#: The menu hook of the "Certificates" group: other modules add items to it through it.
CERTIFICATES_MENU_HOOK = "register_cds_certificates_menu_item"


def is_certificate_administrator(user: Any) -> bool:
    """Who may issue, revoke and reissue: superusers and site administrators (those who see
    every learner and may view certificates). Unit managers only list their units' ones."""
    return user.is_superuser or (
        sees_all_learners(user) and user.has_perm("cds_certificates.view_certificate")
    )
