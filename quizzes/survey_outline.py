"""The course's surveys in its outline (through `lms.outline_hooks`): a link to the pre- and
post-course survey for an enrolled learner, ticked once answered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks

from lms.outline_hooks import OUTLINE_EXTRAS_HOOK, OutlineExtra

from .models import CourseSurvey, SurveyPhase, SurveyResponse


@dataclass(frozen=True)
class SurveyRow:
    phase: str
    phase_label: str
    title: str
    url: str
    answered: bool


class SurveysOutline(OutlineExtra):
    # After the quizzes (100): the post-course survey is usually the last step.
    order = 300
    template_name = "quizzes/includes/outline_surveys.html"

    def __init__(self, rows: list[SurveyRow]) -> None:
        self.rows = rows

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"rows": self.rows}


def survey_rows(course_id: int, user: Any) -> list[SurveyRow]:
    """The course's surveys, pre first, each with whether `user` answered it: one query."""
    answered = SurveyResponse.objects.filter(
        survey_id=OuterRef("survey_id"),
        course_id=OuterRef("course_id"),
        phase=OuterRef("phase"),
        user=user,
    )
    links = (
        CourseSurvey.objects.filter(course_id=course_id)
        .select_related("survey")
        .annotate(answered=Exists(answered))
    )
    order = {SurveyPhase.PRE: 0, SurveyPhase.POST: 1}
    return [
        SurveyRow(
            phase=link.phase,
            phase_label=link.get_phase_display(),
            title=link.survey.title,
            url=reverse("polls:survey", args=[course_id, link.phase]),
            answered=link.answered,
        )
        for link in sorted(links, key=lambda link: order.get(link.phase, 9))
    ]


@hooks.register(OUTLINE_EXTRAS_HOOK)
def surveys_outline(request: HttpRequest, course: Any, enrollment: Any) -> SurveysOutline | None:
    """One query for an enrolled learner; none for anyone else (the surveys are theirs only)."""
    if enrollment is None:
        return None
    rows = survey_rows(course.pk, request.user)
    return SurveysOutline(rows) if rows else None
