"""Training targets: what share of a unit's people must have completed which courses, by when.

A target belongs to a unit and covers its whole subtree. A person counts towards it when they
have a learner profile in that subtree (of the target's learner category, when it names one),
and they have *completed* it when every course of the target is completed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import LearnerCategory, OrganisationUnit


class TargetStatus(models.TextChoices):
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")


class TrainingTarget(models.Model):
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.CASCADE,
        related_name="training_targets",
        verbose_name=_("unit"),
        help_text=_("The target covers this unit and every unit below it."),
    )
    title = models.CharField(_("title"), max_length=200)
    courses = models.ManyToManyField(
        "wagtailcore.Page",
        related_name="+",
        verbose_name=_("courses"),
        help_text=_("A person has completed the target when they completed every one of them."),
    )
    learner_category = models.CharField(
        _("learner category"),
        max_length=30,
        choices=LearnerCategory.choices,
        blank=True,
        help_text=_("Empty: everyone in the unit."),
    )
    required_percent = models.PositiveSmallIntegerField(
        _("required share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    starts_on = models.DateField(_("counting from"), default=timezone.localdate)
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training target")
        verbose_name_plural = _("training targets")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("starts_on")),
                name="cds_lms_target_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(required_percent__gte=1, required_percent__lte=100),
                name="cds_lms_target_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.deadline and self.deadline <= self.starts_on:
            raise ValidationError({"deadline": _("The deadline must come after the start.")})

    def expected_percent(self, today: datetime.date) -> float:
        """The share that should be reached by `today` if progress were steady from
        `starts_on` to `deadline`."""
        if today >= self.deadline:
            return float(self.required_percent)
        if today <= self.starts_on:
            return 0.0
        elapsed = (today - self.starts_on).days / (self.deadline - self.starts_on).days
        return self.required_percent * elapsed

    def status(self, percent: float, today: datetime.date) -> str:
        """Met once the share is reached; else on track while at or above the steady line,
        at risk within 10 points below it (before the deadline), behind otherwise."""
        if percent >= self.required_percent:
            return TargetStatus.MET
        if today > self.deadline:
            return TargetStatus.BEHIND
        expected = self.expected_percent(today)
        if percent >= expected:
            return TargetStatus.ON_TRACK
        if percent >= expected - 10:
            return TargetStatus.AT_RISK
        return TargetStatus.BEHIND
