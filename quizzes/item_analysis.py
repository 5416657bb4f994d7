"""Quiz item analysis: for each question of a quiz, how the submitted attempts in the user's
scope fared on it (share fully and partly correct, average score, discrimination, the most
chosen wrong answer).

The figures come from `AttemptItem` rows (one per question of a submitted attempt), written
by `services.submit_attempt` with the grade and backfilled from `Attempt.results` by a
migration. The database groups and sums them: one query for the figures and one for the wrong
answers, whatever the number of attempts or questions.

Discrimination index: the correlation (Pearson, over the attempts that had the question) of
the item's score (share of its points) with the score on the rest of the attempt (share of the
other questions' points), as in Moodle's quiz statistics. It needs only sums of the two values,
of their squares and of their product, so the database computes it with the rest. Shares
rather than points keep attempts with different random draws comparable. It is left empty
when it is undefined: fewer than two attempts, an item everyone scored the same on, or a quiz
of a single question (no rest).

The most chosen wrong answer is counted for single-answer questions (single choice, true or
false): a wrong multiple-choice answer is a set of choices, which has no single "answer".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, FloatField, Max, Min, Q, Sum
from django.db.models.functions import Cast, NullIf
from django.utils.text import Truncator

from lms.models import OrganisationUnit, scope_paths, under

from .grading import _chosen_ids
from .models import AttemptItem, AttemptStatus, QuestionKind, QuizPage

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")
SINGLE_ANSWER_KINDS = {QuestionKind.SINGLE, QuestionKind.TRUE_FALSE}
QUESTION_TEXT_CHARS = 80
LEARNER_UNIT_PATH = "attempt__user__learner_profile__unit__path"


# --- writing the rows -------------------------------------------------------------------------


def _answered(item: dict, answer: Any) -> bool:
    if item["kind"] == QuestionKind.SHORT_ANSWER:
        return isinstance(answer, str) and bool(answer.strip())
    return bool(_chosen_ids(answer))


def _wrong_choice(item: dict, answer: Any, correct: bool) -> dict | None:
    """The choice given to a single-answer question answered wrongly, else None."""
    if correct or item["kind"] not in SINGLE_ANSWER_KINDS:
        return None
    chosen = _chosen_ids(answer)
    if len(chosen) != 1:
        return None
    (choice_id,) = chosen
    return next((c for c in item.get("choices", []) if c["id"] == choice_id), None)


def item_rows(snapshot: list[dict], answers: dict[str, Any], results: list[dict]) -> list[dict]:
    """The `AttemptItem` field values (without the attempt) of a graded attempt, from its
    snapshot, answers and per-question results (as `grading.grade()` returns them)."""
    by_id = {result["question_id"]: result for result in results}
    rows = []
    for position, item in enumerate(snapshot):
        result = by_id.get(item["id"])
        if result is None:  # graded before this question was added: nothing to count
            continue
        answer = answers.get(str(item["id"]))
        wrong = _wrong_choice(item, answer, bool(result["correct"]))
        rows.append(
            {
                "question_key": item["id"],
                "position": position,
                "kind": item["kind"],
                "text": Truncator(item.get("text", "")).chars(255),
                "partial_credit": item["kind"] == QuestionKind.MULTIPLE
                and item.get("scoring") == "partial",
                "answered": _answered(item, answer),
                "points": Decimal(result["points"]),
                "max_points": Decimal(result["max_points"]),
                "correct": bool(result["correct"]),
                "wrong_choice_key": wrong["id"] if wrong else None,
                "wrong_choice_text": Truncator(wrong["text"]).chars(255) if wrong else "",
            }
        )
    return rows


def record_attempt_items(attempt: Any, item_model: Any = AttemptItem) -> None:
    """Write the item rows of a graded `attempt` (one query). Rows already written are kept
    as they are: the unique (attempt, question) constraint makes a repeat write nothing."""
    item_model.objects.bulk_create(
        [
            item_model(attempt_id=attempt.pk, **row)
            for row in item_rows(attempt.snapshot, attempt.answers, attempt.results)
        ],
        ignore_conflicts=True,
    )


def backfill_attempt_items(attempt_model: Any, item_model: Any, batch_size: int = 500) -> int:
    """Write the item rows of every submitted attempt that has none yet, from its `results`
    (the data migration passes its historical models). Returns the number of attempts
    filled; running it again fills nothing."""
    attempts = (
        attempt_model.objects.filter(status=AttemptStatus.SUBMITTED)
        .exclude(pk__in=item_model.objects.values("attempt_id"))
        .only("pk", "snapshot", "answers", "results")
        .order_by("pk")
    )
    filled = 0
    for attempt in attempts.iterator(chunk_size=batch_size):
        record_attempt_items(attempt, item_model)
        filled += 1
    return filled


# --- the report -------------------------------------------------------------------------------


@dataclass
class ItemRow:
    quiz_id: int
    quiz_title: str
    question_key: int
    question: str
    kind: str
    attempts: int  # submitted attempts that had the question
    answered: int  # ...and gave an answer to it
    correct_percent: Decimal
    partly_percent: Decimal | None  # None unless the question gives partial credit
    average_percent: Decimal
    discrimination: Decimal | None
    wrong_answer: str = ""
    wrong_answer_count: int = 0

    @property
    def kind_label(self) -> str:
        return str(QuestionKind(self.kind).label) if self.kind in QuestionKind else self.kind


def _float(field: str) -> Cast:
    return Cast(field, FloatField())


def _share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(ONE_PLACE, ROUND_HALF_UP)


def correlation(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from the sums of x, y, x², y² and xy over `n` pairs; None when undefined
    (fewer than two pairs, or either variable the same for everyone)."""
    if n < 2:
        return None
    var_x = n * sxx - sx * sx
    var_y = n * syy - sy * sy
    # Sums of floats leave crumbs: a variance this small is none.
    if var_x <= 1e-9 * max(1.0, n * sxx) or var_y <= 1e-9 * max(1.0, n * syy):
        return None
    return max(-1.0, min(1.0, (n * sxy - sx * sy) / math.sqrt(var_x * var_y)))


def items_in_scope(
    *,
    user: Any,
    quiz_id: int | None = None,
    unit: OrganisationUnit | None = None,
    category: str | None = None,
    submitted: slice | None = None,
) -> Any:
    """The item rows of the submitted attempts `user` may see (learners of the subtrees they
    manage; everyone for administrators), narrowed by the filters. `submitted` is a slice of
    two moments (either may be None), as the date range filter gives it."""
    items = AttemptItem.objects.filter(attempt__status=AttemptStatus.SUBMITTED)
    paths = scope_paths(user)
    if paths is not None:
        items = items.filter(under(LEARNER_UNIT_PATH, paths))
    if unit is not None:
        items = items.filter(under(LEARNER_UNIT_PATH, [unit.path]))
    if quiz_id is not None:
        items = items.filter(attempt__quiz_id=quiz_id)
    if category:
        items = items.filter(attempt__user__learner_profile__category=category)
    if submitted is not None:
        if submitted.start is not None:
            items = items.filter(attempt__submitted_at__gte=submitted.start)
        if submitted.stop is not None:
            items = items.filter(attempt__submitted_at__lte=submitted.stop)
    return items


def _figures(items: Any) -> Any:
    # x: the item's score as a share of its points; y: the rest of the attempt's score as a
    # share of the rest of its points (only where the attempt has other questions).
    x = _float("points") / NullIf(_float("max_points"), 0.0)
    rest_max = _float("attempt__max_score") - _float("max_points")
    y = (_float("attempt__score") - _float("points")) / NullIf(rest_max, 0.0)
    has_rest = Q(attempt__max_score__gt=F("max_points"))
    return (
        items.values("attempt__quiz_id", "question_key")
        .annotate(
            quiz_title=Max("attempt__quiz__title"),
            text=Max("text"),
            kind=Max("kind"),
            first_position=Min("position"),
            attempts=Count("pk"),
            answered_count=Count("pk", filter=Q(answered=True)),
            correct_count=Count("pk", filter=Q(correct=True)),
            partly_count=Count("pk", filter=Q(correct=False, points__gt=0)),
            partial_count=Count("pk", filter=Q(partial_credit=True)),
            score_share=Sum(x),
            n=Count("pk", filter=has_rest),
            sx=Sum(x, filter=has_rest),
            sy=Sum(y, filter=has_rest),
            sxx=Sum(x * x, filter=has_rest),
            syy=Sum(y * y, filter=has_rest),
            sxy=Sum(x * y, filter=has_rest),
        )
        .order_by("quiz_title", "attempt__quiz_id", "first_position", "question_key")
    )


def _wrong_answers(items: Any) -> dict[tuple[int, int], tuple[str, int]]:
    """(quiz id, question id) → (most chosen wrong answer, how many gave it)."""
    counts = (
        items.filter(wrong_choice_key__isnull=False)
        .values("attempt__quiz_id", "question_key", "wrong_choice_key")
        .annotate(times=Count("pk"), choice_text=Max("wrong_choice_text"))
        .order_by("-times", "wrong_choice_key")
    )
    most: dict[tuple[int, int], tuple[str, int]] = {}
    for row in counts:
        most.setdefault(
            (row["attempt__quiz_id"], row["question_key"]), (row["choice_text"], row["times"])
        )
    return most


def item_analysis(**filters: Any) -> list[ItemRow]:
    """The report's rows: one per question of each quiz, in quiz title order, then in the
    order the questions were shown. Takes the arguments of `items_in_scope()`. Two queries
    (three for a unit manager: their subtrees)."""
    items = items_in_scope(**filters)
    wrong = _wrong_answers(items)
    rows = []
    for group in _figures(items):
        key = (group["attempt__quiz_id"], group["question_key"])
        attempts = group["attempts"]
        r = correlation(
            group["n"],
            *(group[name] or 0.0 for name in ("sx", "sy", "sxx", "syy", "sxy")),
        )
        wrong_text, wrong_count = wrong.get(key, ("", 0))
        rows.append(
            ItemRow(
                quiz_id=key[0],
                quiz_title=group["quiz_title"],
                question_key=key[1],
                question=Truncator(group["text"]).chars(QUESTION_TEXT_CHARS),
                kind=group["kind"],
                attempts=attempts,
                answered=group["answered_count"],
                correct_percent=_share(group["correct_count"], attempts),
                partly_percent=(
                    _share(group["partly_count"], attempts) if group["partial_count"] else None
                ),
                average_percent=(
                    Decimal(100 * (group["score_share"] or 0.0) / attempts).quantize(
                        ONE_PLACE, ROUND_HALF_UP
                    )
                ),
                discrimination=(
                    None if r is None else Decimal(r).quantize(TWO_PLACES, ROUND_HALF_UP)
                ),
                wrong_answer=wrong_text,
                wrong_answer_count=wrong_count,
            )
        )
    return rows


def quizzes_in_scope(user: Any) -> Any:
    """The quizzes with submitted attempts by learners `user` may see (the quiz filter's
    choices): one query, the scope a subquery."""
    return QuizPage.objects.filter(
        pk__in=items_in_scope(user=user).values("attempt__quiz_id")
    ).order_by("title")
