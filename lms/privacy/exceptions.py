"""Errors of `lms.privacy.services`; each carries a message fit to show the user."""

from ..exceptions import LmsError


class ErasureAlreadyRequested(LmsError):
    """The person already has an erasure request waiting for a decision."""


class ErasureRefused(LmsError):
    """This account's data cannot be erased this way (a staff account)."""
