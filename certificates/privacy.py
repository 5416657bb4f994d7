"""What `certificates` holds about a person (certificates and their PDFs), for their copy of
their data and for erasure (`lms.privacy.hooks`).

After erasure a certificate keeps the holder's name as printed on it, its course, serial,
dates and status, so that the public verification still answers; the unit and position copied
at issue are cleared. The stored PDF and its SHA-256 stay: they are the document as issued,
and the holder's own copy must still verify.
"""

from __future__ import annotations

import logging
from typing import Any

from wagtail import hooks

from lms.privacy.hooks import ERASE_PERSONAL_DATA_HOOK, PERSONAL_DATA_HOOK, PersonalDataSection

from .models import Certificate, RenderState

logger = logging.getLogger(__name__)


def _pdf_bytes(certificate: Certificate) -> bytes | None:
    """The stored PDF, else a fresh rendering (a PDF still being prepared, or a lost file)."""
    if certificate.render_state == RenderState.READY and certificate.pdf:
        try:
            with certificate.pdf.open("rb") as stored:
                return stored.read()
        except OSError:
            logger.warning("Stored PDF of certificate %s is missing", certificate.serial)
    from .pdf import render_certificate

    try:
        return render_certificate(certificate).data
    except Exception:  # a broken template must not stop the rest of the download
        logger.exception("Rendering certificate %s for a data download failed", certificate.serial)
        return None


@hooks.register(PERSONAL_DATA_HOOK)
def certificate_data(user: Any) -> PersonalDataSection:
    certificates = list(
        Certificate.objects.filter(user=user)
        .select_related(
            "template__signature_image", "template__seal_image", "template__background_image"
        )
        .order_by("issued_at", "pk")
    )
    files = []
    for certificate in certificates:
        data = _pdf_bytes(certificate)
        if data:
            files.append((f"certificates/{certificate.serial}.pdf", data))
    return PersonalDataSection(
        name="certificates",
        data=[
            {
                "serial": c.serial,
                "course": c.course_title,
                "holder_name": c.holder_name,
                "holder_unit": c.holder_unit,
                "holder_position": c.holder_position,
                "status": c.current_status(),
                "issued_at": c.issued_at,
                "expires_at": c.expires_at,
                "revoked_at": c.revoked_at,
                "pdf_sha256": c.pdf_sha256,
                "pdf_file": f"certificates/{c.serial}.pdf",
            }
            for c in certificates
        ],
        files=files,
    )


@hooks.register(ERASE_PERSONAL_DATA_HOOK)
def erase_certificate_data(user: Any) -> None:
    Certificate.objects.filter(user=user).update(holder_unit="", holder_position="")
