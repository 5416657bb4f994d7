"""Grading, on the server only, of an attempt's answers against its snapshot.

Pure functions over plain data (the snapshot is JSON), so grading is fast, deterministic and
the same whether the bank changed since or not.

Snapshot item: ``{"id", "kind", "text", "points", "scoring", "feedback",
"choices": [{"id", "text", "correct", "feedback"}], "accepted": [...], "ignore_diacritics"}``.
Answers: ``{"<question id>": [choice ids]}`` for choice kinds, ``{"<id>": "text"}`` for short
answers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from anyascii import anyascii

from lms.text import nfc

CHOICE_KINDS = {"single", "multiple", "true_false"}
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    points: str  # Decimal as text, to store in JSON
    max_points: str
    correct: bool  # full marks


def normalise_answer(text: str, *, ignore_diacritics: bool) -> str:
    """Case, surrounding and repeated spaces never matter; diacritics only when asked.

    anyascii folds every Vietnamese letter, including "đ" (which Unicode decomposition leaves
    alone), so "chuyen doi so" matches "Chuyển đổi số".
    """
    folded = nfc(text).casefold()
    return anyascii(folded).casefold() if ignore_diacritics else folded


def _chosen_ids(value: Any) -> set[int]:
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    chosen = set()
    for item in values:
        try:
            chosen.add(int(item))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
            continue
    return chosen


def grade_question(item: dict, answer: Any) -> Decimal:
    points = Decimal(item["points"])
    kind = item["kind"]
    if kind == "short_answer":
        if not isinstance(answer, str) or not answer.strip():
            return Decimal(0)
        flag = bool(item.get("ignore_diacritics"))
        given = normalise_answer(answer, ignore_diacritics=flag)
        accepted = {normalise_answer(a, ignore_diacritics=flag) for a in item.get("accepted", [])}
        return points if given in accepted else Decimal(0)

    chosen = _chosen_ids(answer)
    correct = {c["id"] for c in item["choices"] if c["correct"]}
    if kind in ("single", "true_false"):
        return points if len(chosen) == 1 and chosen == correct else Decimal(0)
    if item.get("scoring") == "partial" and correct:
        wrong = chosen - correct
        right = chosen & correct
        share = Decimal(len(right) - len(wrong)) / Decimal(len(correct))
        return max(Decimal(0), points * share).quantize(TWO_PLACES, ROUND_HALF_UP)
    return points if chosen == correct else Decimal(0)


def grade(snapshot: list[dict], answers: dict[str, Any]) -> tuple[Decimal, Decimal, list[dict]]:
    """(score, maximum, per-question results) for `answers` given to the `snapshot`."""
    score = Decimal(0)
    maximum = Decimal(0)
    results = []
    for item in snapshot:
        max_points = Decimal(item["points"])
        earned = grade_question(item, answers.get(str(item["id"])))
        score += earned
        maximum += max_points
        results.append(
            asdict(
                QuestionResult(
                    question_id=item["id"],
                    points=str(earned),
                    max_points=str(max_points),
                    correct=earned == max_points,
                )
            )
        )
    return score, maximum, results


def percent(score: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return Decimal(0)
    return (Decimal(100) * score / maximum).quantize(TWO_PLACES, ROUND_HALF_UP)


def clean_answers(snapshot: list[dict], submitted: dict[str, Any]) -> dict[str, Any]:
    """Keep only answers to questions of this snapshot, with choice ids of that question.

    Raises `ValueError` when a choice id belongs to another question or does not exist: a
    tampered form is refused whole rather than graded in part.
    """
    by_id = {str(item["id"]): item for item in snapshot}
    cleaned: dict[str, Any] = {}
    for key, value in submitted.items():
        item = by_id.get(str(key))
        if item is None:
            raise ValueError(f"question {key} is not part of this attempt")
        if item["kind"] == "short_answer":
            if isinstance(value, list):  # a form's field list: one text input, or none
                value = value[0] if value else ""
            # No NUL: never typed, and PostgreSQL's jsonb cannot store it (a 500 on save).
            cleaned[str(key)] = str(value).replace("\x00", "")[:500]
            continue
        allowed = {c["id"] for c in item["choices"]}
        chosen = _chosen_ids(value)
        if len(chosen) != len(value if isinstance(value, list) else [value]):
            raise ValueError(f"malformed choice for question {key}")
        if not chosen <= allowed:
            raise ValueError(f"choice not offered for question {key}")
        if item["kind"] != "multiple" and len(chosen) > 1:
            raise ValueError(f"question {key} takes one choice")
        cleaned[str(key)] = sorted(chosen)
    return cleaned
