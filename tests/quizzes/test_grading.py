from decimal import Decimal

import pytest

from quizzes.grading import clean_answers, grade, grade_question


def item(kind, choices=(), **extra):
    return {
        "id": 7,
        "kind": kind,
        "points": "2",
        "choices": [{"id": i, "text": str(i), "correct": c} for i, c in choices],
        **extra,
    }


def test_single_choice_scores_only_the_right_one():
    question = item("single", [(1, True), (2, False)])
    assert grade_question(question, [1]) == Decimal(2)
    assert grade_question(question, [2]) == 0
    assert grade_question(question, None) == 0


def test_multiple_all_or_nothing_and_partial_credit():
    choices = [(1, True), (2, True), (3, False), (4, False)]
    strict = item("multiple", choices, scoring="all_or_nothing")
    partial = item("multiple", choices, scoring="partial")
    assert grade_question(strict, [1, 2]) == 2 and grade_question(strict, [1]) == 0
    assert grade_question(partial, [1]) == Decimal("1.00")
    assert grade_question(partial, [1, 3]) == 0  # a wrong tick takes a share away
    assert grade_question(partial, [3, 4]) == 0  # never below zero
    assert grade_question(partial, [1, 2]) == Decimal("2.00")


@pytest.mark.parametrize(
    ("answer", "ignore", "expected"),
    [
        ("  chuyển ĐỔI   số ", False, 2),
        ("chuyen doi so", False, 0),
        ("chuyen doi so", True, 2),  # "đ" folds to "d", which Unicode decomposition does not do
        ("Chuye\u0302\u0309n đổi số", False, 2),  # decomposed input is normalised first
        ("", True, 0),
    ],
)
def test_short_answer_matching(answer, ignore, expected):
    question = item("short_answer", accepted=["Chuyển đổi số"], ignore_diacritics=ignore)
    assert grade_question(question, answer) == expected


def test_grade_totals_and_marks_full_answers():
    snapshot = [
        item("single", [(1, True), (2, False)]),
        {**item("true_false", [(3, True), (4, False)]), "id": 8},
    ]
    score, maximum, results = grade(snapshot, {"7": [1], "8": [4]})
    assert (score, maximum) == (Decimal(2), Decimal(4))
    assert [r["correct"] for r in results] == [True, False]


def test_tampered_answers_are_refused_whole():
    snapshot = [item("single", [(1, True), (2, False)]), {**item("single", [(3, True)]), "id": 8}]
    with pytest.raises(ValueError):
        clean_answers(snapshot, {"7": [3]})  # the other question's choice
    with pytest.raises(ValueError):
        clean_answers(snapshot, {"99": [1]})  # a question not in the attempt
    with pytest.raises(ValueError):
        clean_answers(snapshot, {"7": [1, 2]})  # two choices for a single-choice question
    with pytest.raises(ValueError):
        clean_answers(snapshot, {"7": ["x"]})
    assert clean_answers(snapshot, {"7": ["2"]}) == {"7": [2]}
