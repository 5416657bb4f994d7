"""Errors raised by `quizzes.services`; `str(error)` is a message for the learner."""

from lms.exceptions import LmsError


class QuizUnavailable(LmsError):
    """The quiz cannot be started now: not enrolled, closed, or no attempts left."""


class TamperedAnswers(LmsError):
    """The submitted answers do not fit the attempt (another question's choice, unknown ids)."""


class AttemptClosed(LmsError):
    """The attempt was already submitted."""
