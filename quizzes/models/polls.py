"""Polls (snippets): a question, its choices, who may vote, when results show, and the votes.

One vote per person is decided by the database: a logged-in vote is unique per (poll, user),
an anonymous one per (poll, voter key), where the voter key is an HMAC of a random id kept in
a signed cookie and the poll id (see `quizzes.voter_keys`). No IP address is ever stored.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from lms.text import nfc


class PollVoters(models.TextChoices):
    LOGGED_IN = "logged_in", _("Logged-in people only")
    ANYONE = "anyone", _("Anyone, including visitors who are not logged in")


class ResultsVisibility(models.TextChoices):
    ALWAYS = "always", _("Always")
    AFTER_VOTING = "after_voting", _("After voting (and to everyone once the poll closes)")
    AFTER_CLOSING = "after_closing", _("After the poll closes")
    NEVER = "never", _("Never (only in the admin)")


class PollQuerySet(models.QuerySet):
    def live(self) -> PollQuerySet:
        """Published polls (a draft's last published version stays live while it is edited)."""
        return self.filter(live=True)


class Poll(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A poll editors publish through Wagtail's editing and moderation workflow, shown on its
    own page (`polls:detail`) and inside lessons and articles (`quizzes.blocks.PollBlock`)."""

    question = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: open as soon as published.")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    voters = models.CharField(
        _("who may vote"), max_length=20, choices=PollVoters.choices, default=PollVoters.LOGGED_IN
    )
    results_visibility = models.CharField(
        _("results are shown"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_VOTING,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PollQuerySet.as_manager()

    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        InlinePanel("choices", heading=_("Choices"), label=_("choice"), min_num=2),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("voters"), FieldPanel("results_visibility")]),
            ],
            heading=_("Voting"),
        ),
    ]
    search_fields = [
        index.SearchField("question"),
        index.AutocompleteField("question"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        self.question = nfc(self.question)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The poll must close after it opens.")})

    def has_opened(self, now: datetime.datetime) -> bool:
        return self.opens_at is None or now >= self.opens_at

    def has_closed(self, now: datetime.datetime) -> bool:
        return self.closes_at is not None and now >= self.closes_at

    def is_open(self, now: datetime.datetime) -> bool:
        """Published, and within its voting window."""
        return self.live and self.has_opened(now) and not self.has_closed(now)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=255)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("poll choice")
        verbose_name_plural = _("poll choices")

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One person's vote: by their account when logged in, by a voter key otherwise."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll")
    )
    choice = models.ForeignKey(
        PollChoice, on_delete=models.CASCADE, related_name="votes", verbose_name=_("choice")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_votes",
        verbose_name=_("voter"),
    )
    # HMAC-SHA256 (hex) of the poll id and the random id of the visitor's cookie: the same
    # visitor gets a different key on every poll, and the key reveals nothing about them.
    voter_key = models.CharField(_("voter key"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=Q(user__isnull=False),
                name="cds_quizzes_one_vote_per_user",
            ),
            models.UniqueConstraint(
                fields=["poll", "voter_key"],
                condition=Q(user__isnull=True),
                name="cds_quizzes_one_vote_per_voter_key",
            ),
            # Either an account or a voter key, never both and never neither.
            models.CheckConstraint(
                condition=Q(user__isnull=False, voter_key="")
                | (Q(user__isnull=True) & ~Q(voter_key="")),
                name="cds_quizzes_vote_by_user_or_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.choice_id}"
