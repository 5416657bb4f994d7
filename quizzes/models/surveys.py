"""Awareness surveys (snippets), asked before and after a course, and the learners' responses.

A course takes a pre-course and a post-course survey through `CourseSurvey`. A learner answers
each once: one `SurveyResponse` per survey, course, person and phase, decided by a constraint.
The awareness gain report compares the average agreement (1–5) before and after.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from lms.text import nfc

LIKERT_MIN, LIKERT_MAX = 1, 5


class LikertValue(models.IntegerChoices):
    """The five points of the agreement scale."""

    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


class SurveyQuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agreement scale (1 to 5)")
    TEXT = "text", _("Free text")


class SurveyPhase(models.TextChoices):
    PRE = "pre", _("Before the course")
    POST = "post", _("After the course")


class Survey(index.Indexed, ClusterableModel):
    """A questionnaire of agreement statements and open questions."""

    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        InlinePanel(
            "questions",
            heading=_("Questions"),
            label=_("question"),
            min_num=1,
            help_text=_(
                "Agreement questions are statements learners rate from “Strongly disagree” to "
                "“Strongly agree”. Removing a question removes its answers too."
            ),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title = nfc(self.title)
        super().save(*args, **kwargs)


class SurveyQuestion(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=SurveyQuestionKind.choices,
        default=SurveyQuestionKind.LIKERT,
    )
    text = models.CharField(_("question or statement"), max_length=500)
    required = models.BooleanField(_("required"), default=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        super().save(*args, **kwargs)

    @property
    def is_likert(self) -> bool:
        return self.kind == SurveyQuestionKind.LIKERT


class CourseSurvey(models.Model):
    """The survey a course asks before (pre) or after (post) it. The course is any page that
    takes part in the completion engine (it offers `get_completion_criteria()`)."""

    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="course_uses", verbose_name=_("survey")
    )
    phase = models.CharField(_("when"), max_length=4, choices=SurveyPhase.choices)

    panels = [FieldPanel("course"), FieldPanel("survey"), FieldPanel("phase")]

    class Meta:
        verbose_name = _("course survey")
        verbose_name_plural = _("course surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "phase"], name="cds_quizzes_one_survey_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} — {self.get_phase_display()}"

    def clean(self) -> None:
        super().clean()
        # Duck typing, as lms.completion does: quizzes does not import the courses app.
        if self.course_id and not hasattr(self.course.specific, "get_completion_criteria"):
            raise ValidationError({"course": _("Choose a course page.")})


class SurveyResponse(models.Model):
    """One learner's answers to a course's survey in one phase. Append-only."""

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    course = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("learner"),
    )
    phase = models.CharField(_("when"), max_length=4, choices=SurveyPhase.choices)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            # The course is part of the key: one awareness survey may serve several courses,
            # and a learner answers it before and after each of them.
            models.UniqueConstraint(
                fields=["survey", "course", "user", "phase"], name="cds_quizzes_one_response"
            )
        ]
        indexes = [models.Index(fields=["course", "phase"], name="cds_quizzes_resp_course_phase")]
        permissions = [("view_awareness_report", _("Can see the awareness gain report"))]

    def __str__(self) -> str:
        return f"{self.user} — {self.survey_id} ({self.phase})"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    value = models.PositiveSmallIntegerField(
        _("agreement (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(LIKERT_MIN), MaxValueValidator(LIKERT_MAX)],
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="cds_quizzes_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX),
                name="cds_quizzes_likert_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.question_id}"
