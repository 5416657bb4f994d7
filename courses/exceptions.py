"""Errors raised by `courses.services`; `str(error)` is a message for the person acting."""

from lms.exceptions import LmsError


class SessionError(LmsError):
    """A registration, attendance or check-in was refused."""


class RegistrationRefused(SessionError):
    """The session does not take (or no longer lets go of) this registration."""


class AttendanceNotPermitted(SessionError):
    """Only the session's trainers and administrators take its attendance."""


class CheckInRefused(SessionError):
    """The check-in code is forged, expired, for another session, or used outside the
    session's window, or the person is not enrolled in the course."""
