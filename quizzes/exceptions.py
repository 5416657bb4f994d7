"""Errors raised by `quizzes.services`; `str(error)` is a message for the learner."""

from lms.exceptions import LmsError


class QuizUnavailable(LmsError):
    """The quiz cannot be started now: not enrolled, closed, or no attempts left."""


class TamperedAnswers(LmsError):
    """The submitted answers do not fit the attempt (another question's choice, unknown ids)."""


class AttemptClosed(LmsError):
    """The attempt was already submitted."""


# --- polls and surveys (quizzes.poll_services, quizzes.survey_services) -------------------


class PollError(LmsError):
    """A vote was not recorded."""


class PollClosed(PollError):
    """The poll is not published, not open yet, or closed."""


class PollLoginRequired(PollError):
    """Only logged-in people may vote on this poll."""


class InvalidChoice(PollError):
    """The choice is not one of the poll's (another poll's choice, an unknown id)."""


class AlreadyVoted(PollError):
    """This person (or this browser) has already voted on the poll: the first vote counts."""


class SurveyError(LmsError):
    """A survey response was not recorded."""


class SurveyUnavailable(SurveyError):
    """The learner may not answer this survey (not enrolled, no questions)."""


class InvalidAnswers(SurveyError):
    """The answers do not fit the survey (unknown question, value out of range, missing)."""


class AlreadySubmitted(SurveyError):
    """The learner has already answered this survey for this course and phase."""
