"""Models of `quizzes`, one module per topic: the question bank, quizzes and attempts, and
polls and surveys."""

from .attempt_items import AttemptItem
from .bank import Choice, MultipleScoring, Question, QuestionCategory, QuestionKind, QuestionTag
from .polls import Poll, PollChoice, PollVote, PollVoters, ResultsVisibility
from .quiz import (
    Attempt,
    AttemptStatus,
    GradingMethod,
    QuizDraw,
    QuizPage,
    QuizQuestion,
    ReviewPolicy,
)
from .surveys import (
    CourseSurvey,
    LikertValue,
    Survey,
    SurveyAnswer,
    SurveyPhase,
    SurveyQuestion,
    SurveyQuestionKind,
    SurveyResponse,
)

__all__ = [
    "Attempt",
    "AttemptItem",
    "AttemptStatus",
    "Choice",
    "CourseSurvey",
    "GradingMethod",
    "LikertValue",
    "MultipleScoring",
    "Poll",
    "PollChoice",
    "PollVote",
    "PollVoters",
    "Question",
    "QuestionCategory",
    "QuestionKind",
    "QuestionTag",
    "QuizDraw",
    "QuizPage",
    "QuizQuestion",
    "ResultsVisibility",
    "ReviewPolicy",
    "Survey",
    "SurveyAnswer",
    "SurveyPhase",
    "SurveyQuestion",
    "SurveyQuestionKind",
    "SurveyResponse",
]
