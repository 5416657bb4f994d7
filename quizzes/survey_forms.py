"""The form of a survey page: one field per question, built from the survey's questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LikertValue, SurveyQuestion


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


class SurveyForm(forms.Form):
    """Agreement questions as five radio buttons, open questions as a text area."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.is_likert:
                field: forms.Field = forms.TypedChoiceField(
                    label=question.text,
                    choices=LikertValue.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=question.required,
                    error_messages={"required": _("Choose a point on the scale.")},
                )
            else:
                field = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    max_length=4000,
                    required=question.required,
                    error_messages={"required": _("Write an answer.")},
                )
            field.question = question
            self.fields[field_name(question)] = field

    def answers(self) -> dict[int, int | str | None]:
        """Question id → the answer, for `survey_services.submit_survey()`."""
        return {
            question.pk: self.cleaned_data.get(field_name(question)) for question in self.questions
        }
