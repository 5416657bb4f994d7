"""One row per question of a graded attempt: the item results the quiz item analysis report
aggregates in the database (the attempt's `results` JSON cannot be summed portably)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .quiz import Attempt


class AttemptItem(models.Model):
    """The result of one question in one submitted attempt, written with the attempt's grade.

    Copied from the attempt's snapshot (what the learner was shown), so later edits or the
    deletion of a bank question change nothing here. `wrong_choice_*` name the choice given
    when a single-answer question (single choice, true or false) was answered wrongly.
    """

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("attempt")
    )
    # The bank question's id as in the snapshot; not a foreign key: the bank may lose it.
    question_key = models.PositiveIntegerField(_("question id"))
    position = models.PositiveSmallIntegerField(_("position in the attempt"))
    kind = models.CharField(_("kind"), max_length=20)
    text = models.CharField(_("question"), max_length=255)
    partial_credit = models.BooleanField(_("partial credit"), default=False)
    answered = models.BooleanField(_("answered"), default=False)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    max_points = models.DecimalField(_("maximum points"), max_digits=8, decimal_places=2)
    correct = models.BooleanField(_("fully correct"), default=False)
    wrong_choice_key = models.PositiveIntegerField(_("wrong choice id"), null=True, blank=True)
    wrong_choice_text = models.CharField(_("wrong choice"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attempt item")
        verbose_name_plural = _("attempt items")
        constraints = [
            # Grading twice (a retry, two workers, the backfill run again) cannot double-count.
            models.UniqueConstraint(
                fields=["attempt", "question_key"], name="cds_quizzes_attempt_item_once"
            ),
            models.CheckConstraint(
                condition=Q(points__lte=models.F("max_points")),
                name="cds_quizzes_attempt_item_points_within_max",
            ),
        ]
        indexes = [models.Index(fields=["question_key"], name="cds_quizzes_item_question")]

    def __str__(self) -> str:
        return f"{self.attempt_id} / {self.question_key}"
