"""Errors raised by `lms.services`; each carries a message fit to show the user."""


class LmsError(Exception):
    """Base class: `str(error)` is a translated message for the person who acted."""


class UnitMoveError(LmsError):
    """A unit cannot go where it was asked to (under itself or one of its descendants)."""


class DuplicateEmailError(LmsError):
    """Another account already uses this email address."""


class ConsentRequiredError(LmsError):
    """The person did not consent to the privacy notice."""
