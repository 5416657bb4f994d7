"""Polls: voting (the one state change), and what a person sees of a poll (read-only).

`vote()` is the only way a vote is written. One vote per person is decided by the database
constraints of `PollVote`: a second vote raises `IntegrityError`, turned into `AlreadyVoted`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .charts import BarChart, bar_chart
from .exceptions import AlreadyVoted, InvalidChoice, PollClosed, PollLoginRequired
from .models import Poll, PollChoice, PollVote, PollVoters, ResultsVisibility

ONE_PLACE = Decimal("0.1")


def _account(user: AbstractBaseUser | AnonymousUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


def _local(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def closed_reason(poll: Poll, now: datetime.datetime) -> str | None:
    """Why nobody may vote on `poll` now (in the person's language), or None when it is open."""
    if not poll.live:
        return _("This poll is not published.")
    if not poll.has_opened(now):
        return _("This poll opens on %(date)s.") % {"date": _local(poll.opens_at)}
    if poll.has_closed(now):
        return _("This poll closed on %(date)s.") % {"date": _local(poll.closes_at)}
    return None


@transaction.atomic
def vote(
    *,
    poll: Poll,
    choice_id: int,
    user: AbstractBaseUser | AnonymousUser | None,
    voter_key: str | None,
) -> PollVote:
    """Record `user`'s vote (or, for a visitor who is not logged in, the vote of `voter_key`,
    see `quizzes.voter_keys`) for the choice `choice_id` of `poll`.

    Raises `PollClosed` outside the poll's window or when it is not published,
    `PollLoginRequired` for a visitor on a poll for logged-in people, `InvalidChoice` when the
    choice is not the poll's, and `AlreadyVoted` when this person or browser has voted: the
    first vote stands (the unique constraints decide, so two clicks at once make one vote).
    """
    reason = closed_reason(poll, timezone.now())
    if reason:
        raise PollClosed(reason)
    account = _account(user)
    if account is None:
        if poll.voters != PollVoters.ANYONE:
            raise PollLoginRequired(_("Log in to vote on this poll."))
        if not voter_key:
            raise ValueError("An anonymous vote needs a voter key.")
    if not PollChoice.objects.filter(pk=choice_id, poll=poll).exists():
        raise InvalidChoice(_("This choice is not one of the poll's."))
    try:
        with transaction.atomic():
            return PollVote.objects.create(
                poll=poll,
                choice_id=choice_id,
                user=account,
                voter_key="" if account is not None else voter_key,
            )
    except IntegrityError as error:
        raise AlreadyVoted(_("You have already voted on this poll.")) from error


def voted_choice_id(
    poll: Poll, *, user: AbstractBaseUser | AnonymousUser | None, voter_key: str | None
) -> int | None:
    """The choice this person (or browser) voted for, or None (no query for a visitor
    without a voter cookie)."""
    account = _account(user)
    if account is not None:
        votes = PollVote.objects.filter(poll=poll, user=account)
    elif voter_key:
        votes = PollVote.objects.filter(poll=poll, user__isnull=True, voter_key=voter_key)
    else:
        return None
    return votes.values_list("choice_id", flat=True).first()


def results_visible(poll: Poll, *, has_voted: bool, now: datetime.datetime) -> bool:
    """Whether the results may be shown to this person now, by the poll's policy. "After
    voting" shows them to everyone once the poll has closed, when nobody can vote any more."""
    policy = poll.results_visibility
    if policy == ResultsVisibility.ALWAYS:
        return True
    if policy == ResultsVisibility.AFTER_VOTING:
        return has_voted or poll.has_closed(now)
    if policy == ResultsVisibility.AFTER_CLOSING:
        return poll.has_closed(now)
    return False


def hidden_results_note(poll: Poll) -> str:
    """Why the results are not shown, and when they will be."""
    policy = poll.results_visibility
    if policy == ResultsVisibility.AFTER_VOTING:
        return _("The results appear once you have voted.")
    if policy == ResultsVisibility.AFTER_CLOSING:
        if poll.closes_at:
            return _("The results will be published when the poll closes on %(date)s.") % {
                "date": _local(poll.closes_at)
            }
        return _("The results will be published when the poll closes.")
    return _("The results of this poll are not published.")


@dataclass(frozen=True)
class ChoiceResult:
    choice_id: int
    text: str
    votes: int
    percent: Decimal  # of all the poll's votes, one decimal place


@dataclass(frozen=True)
class PollResults:
    rows: list[ChoiceResult]
    total: int

    def chart(self, *, highlight_choice_id: int | None = None) -> BarChart:
        ids = [row.choice_id for row in self.rows]
        highlight = ids.index(highlight_choice_id) if highlight_choice_id in ids else None
        return bar_chart(
            [(row.text, row.votes, row.percent) for row in self.rows], highlight=highlight
        )


def percent_of(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100) * part / whole).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def poll_results(poll: Poll) -> PollResults:
    """Votes per choice, in the choices' order, with percentages: one query."""
    choices = list(
        PollChoice.objects.filter(poll=poll)
        .annotate(vote_count=Count("votes"))
        .order_by("sort_order", "pk")
        .values_list("pk", "text", "vote_count")
    )
    total = sum(count for _pk, _text, count in choices)
    rows = [
        ChoiceResult(choice_id=pk, text=text, votes=count, percent=percent_of(count, total))
        for pk, text, count in choices
    ]
    return PollResults(rows=rows, total=total)


@dataclass(frozen=True)
class PollState:
    """Everything a poll's page or block shows to one person."""

    poll: Poll
    results: PollResults  # the choices, in order, with their counts
    voted_choice_id: int | None
    closed_reason: str | None
    login_required: bool
    show_results: bool

    @property
    def has_voted(self) -> bool:
        return self.voted_choice_id is not None

    @property
    def may_vote(self) -> bool:
        return self.closed_reason is None and not self.login_required and not self.has_voted

    @property
    def voted_choice_text(self) -> str:
        for row in self.results.rows:
            if row.choice_id == self.voted_choice_id:
                return row.text
        return ""

    @property
    def hidden_results_note(self) -> str:
        return "" if self.show_results else hidden_results_note(self.poll)

    @property
    def chart(self) -> BarChart:
        return self.results.chart(highlight_choice_id=self.voted_choice_id)

    @property
    def chart_id(self) -> str:
        return f"poll-{self.poll.pk}-chart"


def poll_state(
    poll: Poll,
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    voter_key: str | None,
    now: datetime.datetime | None = None,
) -> PollState:
    """What `poll` shows this person: the form, their vote, the results (by the poll's
    policy), or why they cannot vote. Two queries: the choices with their counts, and the
    person's own vote (none for a visitor without a voter cookie)."""
    now = now or timezone.now()
    results = poll_results(poll)
    chosen = voted_choice_id(poll, user=user, voter_key=voter_key)
    return PollState(
        poll=poll,
        results=results,
        voted_choice_id=chosen,
        closed_reason=closed_reason(poll, now),
        login_required=_account(user) is None and poll.voters != PollVoters.ANYONE,
        show_results=results_visible(poll, has_voted=chosen is not None, now=now),
    )
