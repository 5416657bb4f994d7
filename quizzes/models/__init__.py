"""Models of `quizzes`, one module per topic: the question bank, quizzes and attempts, and
polls and surveys."""

from .bank import Choice, MultipleScoring, Question, QuestionCategory, QuestionKind, QuestionTag
from .quiz import (
    Attempt,
    AttemptStatus,
    GradingMethod,
    QuizDraw,
    QuizPage,
    QuizQuestion,
    ReviewPolicy,
)

__all__ = [
    "Attempt",
    "AttemptStatus",
    "Choice",
    "GradingMethod",
    "MultipleScoring",
    "Question",
    "QuestionCategory",
    "QuestionKind",
    "QuestionTag",
    "QuizDraw",
    "QuizPage",
    "QuizQuestion",
    "ReviewPolicy",
]
