"""The rules a bank question must follow for its kind, in one place.

The admin form (`quizzes.admin.bank.QuestionForm`) and the import (`quizzes.question_import`)
both ask `question_problems()`, so a question refused on one door is refused on the other with
the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.utils.translation import gettext as _

from .models import QuestionKind

ONE_CORRECT_KINDS = {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE}


class Problem(NamedTuple):
    """One broken rule. `about` says what to change: "choices", "correct" (which choices are
    correct) or "accepted" (the accepted answers); `message` says it to the person."""

    about: str
    message: str

    def __str__(self) -> str:
        return self.message


def question_problems(
    kind: str, choices: Sequence[tuple[str, bool]], accepted: Sequence[str]
) -> list[Problem]:
    """Every rule of `kind` that a question with these `choices` ((text, correct) pairs, the
    ones it will keep) and `accepted` answers breaks; empty when it may be saved.

    - single choice and true/false: at least two choices, exactly one of them correct;
    - multiple choice: at least two choices, one or more correct;
    - short answer: at least one accepted answer, and no choices (learners type the answer).
    """
    problems: list[Problem] = []
    if kind == QuestionKind.SHORT_ANSWER:
        if not accepted:
            problems.append(
                Problem(
                    "accepted",
                    _("A short answer question needs at least one accepted answer."),
                )
            )
        if choices:
            problems.append(
                Problem(
                    "choices",
                    _(
                        "A short answer question has no choices (learners type their answer): "
                        "remove them."
                    ),
                )
            )
        return problems
    if kind not in QuestionKind.values:
        return problems  # the kind itself is refused where it is read
    label = QuestionKind(kind).label
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if len(choices) < 2:
        problems.append(
            Problem(
                "choices",
                _("A “%(kind)s” question needs at least two choices; this one has %(count)d.")
                % {"kind": label, "count": len(choices)},
            )
        )
    if kind in ONE_CORRECT_KINDS and correct != 1:
        problems.append(
            Problem(
                "correct",
                _("A “%(kind)s” question needs exactly one correct choice; this one has %(count)d.")
                % {"kind": label, "count": correct},
            )
        )
    elif kind == QuestionKind.MULTIPLE and correct < 1:
        problems.append(
            Problem(
                "correct",
                _("A “%(kind)s” question needs at least one correct choice.") % {"kind": label},
            )
        )
    return problems
