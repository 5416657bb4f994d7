"""App settings of `certificates`, with the `CERTIFICATES_` prefix, read lazily."""

from typing import Any

from lms.conf import AppSettings

DEFAULTS: dict[str, Any] = {
    # Serials read PREFIX-YEAR-NNNNNN (TB-2026-000123): one counter per prefix and year.
    "SERIAL_PREFIX": "TB",
    "SERIAL_DIGITS": 6,
    # Scheme and host the QR code and the PDF point verifiers to. Empty: WAGTAILADMIN_BASE_URL.
    "BASE_URL": "",
    # Path of the public verification page, `{code}` replaced by the verification code.
    "VERIFY_PATH": "/certificates/verify/{code}/",
    # Who the PDF's metadata names as its author (the issuing organisation).
    "ISSUER_NAME": "",
    # Storage folder of rendered PDFs (each gets a random file name inside it).
    "PDF_UPLOAD_TO": "certificates",
    # A failed render is retried by `retry_failed_renders()` up to this many attempts.
    "MAX_RENDER_ATTEMPTS": 5,
    # Rate limits of the public verification pages, per client IP (django-ratelimit syntax,
    # e.g. "30/m"; None: no limit). Uses the default cache: share it between processes.
    "VERIFY_RATE": "30/m",
    "UPLOAD_RATE": "10/m",
    # Largest PDF the verification form accepts, in bytes.
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
}

certificates_settings = AppSettings("CERTIFICATES_", DEFAULTS)
