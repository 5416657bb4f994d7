"""What `quizzes` holds about a person (quiz attempts with their answers and scores, poll
votes, survey answers), for their copy of their data and for erasure (`lms.privacy.hooks`)."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from lms.privacy.hooks import ERASE_PERSONAL_DATA_HOOK, PERSONAL_DATA_HOOK, PersonalDataSection

from .models import Attempt, PollVote, SurveyAnswer, SurveyResponse


@hooks.register(PERSONAL_DATA_HOOK)
def quiz_data(user: Any) -> PersonalDataSection:
    attempts = Attempt.objects.filter(user=user).select_related("quiz").order_by("started_at")
    votes = PollVote.objects.filter(user=user).select_related("poll", "choice")
    responses = (
        SurveyResponse.objects.filter(user=user)
        .select_related("survey", "course")
        .prefetch_related("answers__question")
    )
    return PersonalDataSection(
        name="quizzes_and_surveys",
        data={
            "quiz_attempts": [
                {
                    "quiz": a.quiz.title,
                    "number": a.number,
                    "status": a.status,
                    "started_at": a.started_at,
                    "submitted_at": a.submitted_at,
                    "score": a.score,
                    "max_score": a.max_score,
                    "percent": a.percent,
                    "passed": a.passed,
                    "late": a.late,
                    "questions": a.snapshot,
                    "answers": a.answers,
                    "results": a.results,
                }
                for a in attempts
            ],
            "poll_votes": [
                {"poll": v.poll.question, "choice": v.choice.text, "voted_at": v.created_at}
                for v in votes
            ],
            "survey_responses": [
                {
                    "survey": r.survey.title,
                    "course": r.course.title,
                    "phase": r.phase,
                    "submitted_at": r.submitted_at,
                    "answers": [
                        {
                            "question": answer.question.text,
                            "value": answer.value,
                            "text": answer.text,
                        }
                        for answer in r.answers.all()
                    ],
                }
                for r in responses
            ],
        },
    )


@hooks.register(ERASE_PERSONAL_DATA_HOOK)
def erase_quiz_data(user: Any) -> None:
    # Scores, votes and agreement levels stay in the statistics; free-text survey answers may
    # say who wrote them, so they go.
    SurveyAnswer.objects.filter(response__user=user).exclude(text="").update(text="")
