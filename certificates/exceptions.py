"""Errors raised by `certificates.services`; `str(error)` is a message for the person acting."""

from lms.exceptions import LmsError


class CertificateError(LmsError):
    """A certificate was not issued, reissued or revoked."""


class NotCompleted(CertificateError):
    """The enrollment is not completed, so there is nothing to certify."""


class NoTemplate(CertificateError):
    """The course has no certificate template (and no default applies)."""


class CertificateNotValid(CertificateError):
    """The certificate was already revoked or replaced."""


class RenderError(CertificateError):
    """The PDF could not be rendered (the certificate record is kept and may be retried)."""
