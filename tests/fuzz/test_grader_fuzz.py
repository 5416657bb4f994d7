"""Fuzzing the quiz grader (`quizzes.grading`) with generated questions and answers.

Questions of every kind the grader knows, as the bank's rules allow them
(`quizzes.validation.question_problems`), and answers of every shape: valid, empty, repeated,
naming unknown choices, of the wrong type, huge or not numbers at all. The grader never raises
on an answer; `clean_answers()` (what a submitted form goes through) refuses a bad one only
with `ValueError`, its documented refusal; scores stay within 0 and the question's points, add
up, and honest answers get full marks.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from lms.services import enroll
from quizzes import services
from quizzes.grading import clean_answers, grade, grade_question, percent
from quizzes.models import Attempt
from quizzes.validation import question_problems
from tests.factories import make_catalogue, make_course, make_question, make_quiz
from tests.fuzz.conftest import DB, PURE, PURE_COMPOSITE

# --- questions -----------------------------------------------------------------------------------

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằấầẩéèếềểíìóòốồổớờúùứừýĐĂÂÊÔƠƯ "
points = st.decimals(min_value="0.01", max_value="9999.99", places=2).map(str)
answer_text = st.text(alphabet=VIETNAMESE + "0123456789-.,'", min_size=1, max_size=30).filter(
    lambda text: text.strip()
)
choice_ids = st.lists(
    st.integers(min_value=1, max_value=2**31 - 1), min_size=2, max_size=8, unique=True
)


@st.composite
def choice_question(draw, kind: str | None = None) -> dict:
    kind = kind or draw(st.sampled_from(["single", "multiple", "true_false"]))
    ids = draw(choice_ids)
    if kind == "true_false":
        ids = ids[:2]
    if kind == "multiple":
        flags = draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)))
        if not any(flags):
            flags[draw(st.integers(0, len(ids) - 1))] = True
    else:
        right = draw(st.integers(0, len(ids) - 1))
        flags = [index == right for index in range(len(ids))]
    return {
        "id": draw(st.integers(min_value=1, max_value=2**31 - 1)),
        "kind": kind,
        "text": "Câu hỏi",
        "points": draw(points),
        "scoring": draw(st.sampled_from(["all_or_nothing", "partial"])),
        "feedback": "",
        "choices": [
            {"id": pk, "text": f"Lựa chọn {pk}", "correct": flag, "feedback": ""}
            for pk, flag in zip(ids, flags, strict=True)
        ],
        "accepted": [],
        "ignore_diacritics": False,
    }


@st.composite
def short_question(draw) -> dict:
    return {
        "id": draw(st.integers(min_value=1, max_value=2**31 - 1)),
        "kind": "short_answer",
        "text": "Câu hỏi",
        "points": draw(points),
        "scoring": "all_or_nothing",
        "feedback": "",
        "choices": [],
        "accepted": draw(st.lists(answer_text.map(str.strip), min_size=1, max_size=4)),
        "ignore_diacritics": draw(st.booleans()),
    }


questions = st.one_of(choice_question(), short_question())
snapshots = st.lists(questions, min_size=1, max_size=6, unique_by=lambda item: item["id"])

# --- answers -------------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**400),  # huge
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["1", " 2 ", "01", "1e3", "1_0", "²", "١", "-1", "0x1", "9" * 5000]),
    st.binary(max_size=5),
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


def correct_ids(item: dict) -> list[int]:
    return [choice["id"] for choice in item["choices"] if choice["correct"]]


def unknown_id(item: dict, draw_int: int) -> int:
    taken = {choice["id"] for choice in item["choices"]}
    return draw_int if draw_int not in taken else max(taken) + 1


def honest(item: dict, variant: int = 0) -> Any:
    """The right answer as a person gives it through the form."""
    if item["kind"] == "short_answer":
        text = item["accepted"][variant % len(item["accepted"])]
        return [f"  {unicodedata.normalize('NFD', text.upper())} "]  # case, spaces, NFD
    return [str(pk) for pk in correct_ids(item)]


# --- the rules the generated questions follow ------------------------------------------------


@PURE
@given(questions)
def test_generated_questions_are_ones_the_bank_accepts(item):
    choices = [(choice["text"], choice["correct"]) for choice in item["choices"]]
    assert question_problems(item["kind"], choices, item["accepted"]) == []


# --- grading any answer ----------------------------------------------------------------------


@PURE
@given(questions, junk)
@example(
    {"id": 1, "kind": "single", "points": "1", "choices": [{"id": 1, "correct": True}]},
    [float("inf")],
)
@example(
    {"id": 1, "kind": "multiple", "points": "1", "choices": [{"id": 1, "correct": True}]},
    [Decimal("Infinity")],
)
@example({"id": 1, "kind": "single", "points": "1", "choices": [{"id": 1, "correct": True}]}, "1")
def test_any_answer_is_graded_between_zero_and_the_points_without_raising(item, answer):
    earned = grade_question(item, answer)
    assert Decimal(0) <= earned <= Decimal(item["points"])
    assert grade_question(item, answer) == earned  # deterministic


@PURE_COMPOSITE
@given(snapshots, st.data())
def test_the_total_is_the_sum_of_the_items_and_stays_within_the_maximum(snapshot, data):
    answers = {
        str(item["id"]): data.draw(st.one_of(junk, st.just(honest(item))))
        for item in snapshot
        if data.draw(st.booleans())
    }
    answers.update(data.draw(st.dictionaries(st.text(max_size=4), junk, max_size=3)))
    score, maximum, results = grade(snapshot, answers)
    assert maximum == sum(Decimal(item["points"]) for item in snapshot)
    assert score == sum(Decimal(result["points"]) for result in results)
    assert Decimal(0) <= score <= maximum
    assert Decimal(0) <= percent(score, maximum) <= 100
    for item, result in zip(snapshot, results, strict=True):
        assert result["question_id"] == item["id"]
        assert Decimal(0) <= Decimal(result["points"]) <= Decimal(result["max_points"])
        assert result["correct"] == (Decimal(result["points"]) == Decimal(item["points"]))
    # Deterministic, whatever the order the answers came in.
    assert grade(snapshot, dict(reversed(list(answers.items())))) == (score, maximum, results)


# --- honest answers --------------------------------------------------------------------------


@PURE_COMPOSITE
@given(snapshots, st.integers(0, 3), st.randoms(use_true_random=False))
def test_the_honest_answers_through_the_form_get_full_marks_in_any_order(snapshot, variant, rng):
    submitted = {}
    for item in snapshot:
        answer = honest(item, variant)
        rng.shuffle(answer)  # ticked in any order
        submitted[str(item["id"])] = answer
    cleaned = clean_answers(snapshot, submitted)
    score, maximum, results = grade(snapshot, cleaned)
    assert score == maximum
    assert all(result["correct"] for result in results)


@PURE
@given(choice_question("multiple"), st.randoms(use_true_random=False), st.integers())
def test_multiple_choice_right_ids_as_ints_in_any_order_get_full_points(item, rng, extra):
    ids = correct_ids(item)
    rng.shuffle(ids)
    assert grade_question(item, ids) == Decimal(item["points"])
    assert grade_question(item, [str(pk) for pk in reversed(ids)]) == Decimal(item["points"])


@PURE
@given(choice_question(), st.lists(scalars, max_size=5), st.integers(-(2**63), 2**63))
def test_adding_an_unknown_choice_never_raises_the_score(item, answer, number):
    extra = unknown_id(item, number)
    for base in (answer, correct_ids(item)):
        assert grade_question(item, [*base, extra]) <= grade_question(item, base)
        assert grade_question(item, [*base, str(extra)]) <= grade_question(item, base)


@PURE
@given(choice_question())
def test_duplicated_ticks_count_once(item):
    ids = correct_ids(item)
    assert grade_question(item, ids + ids) == grade_question(item, ids)


# --- what a form may submit --------------------------------------------------------------------


form_values = st.lists(st.one_of(st.text(max_size=12), st.integers().map(str)), max_size=5)


@PURE_COMPOSITE
@given(snapshots, st.data())
@example([{"id": 7, "kind": "short_answer", "points": "1", "choices": [], "accepted": ["a"]}],
         None)  # fmt: skip
def test_a_submitted_form_is_cleaned_or_refused_whole_with_value_error(snapshot, data):
    if data is None:  # the explicit example: a short answer with NUL
        submitted = {"7": ["chuyển\x00đổi"]}
    else:
        keys = st.one_of(st.sampled_from([str(item["id"]) for item in snapshot]), st.text())
        submitted = data.draw(st.dictionaries(keys, st.one_of(form_values, junk), max_size=6))
    try:
        cleaned = clean_answers(snapshot, submitted)
    except ValueError:
        return  # refused whole: the service says "reload the page"
    by_id = {str(item["id"]): item for item in snapshot}
    assert set(cleaned) <= set(by_id)
    for key, value in cleaned.items():
        item = by_id[key]
        if item["kind"] == "short_answer":
            # Stored as JSON: PostgreSQL's jsonb refuses NUL ("\\u0000") in a string.
            assert isinstance(value, str) and len(value) <= 500 and "\x00" not in value
        else:
            assert value == sorted(set(value))
            assert set(value) <= {choice["id"] for choice in item["choices"]}
            assert item["kind"] == "multiple" or len(value) <= 1
    score, maximum, _results = grade(snapshot, cleaned)
    assert Decimal(0) <= score <= maximum
    assert clean_answers(snapshot, cleaned) == cleaned  # cleaning is idempotent


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), Decimal("Infinity")])
def test_an_infinite_number_as_a_choice_is_no_choice(value):
    # Found by fuzzing: int(inf) raises OverflowError, which the grader did not catch.
    item = {"id": 1, "kind": "single", "points": "2", "choices": [{"id": 1, "correct": True}]}
    assert grade_question(item, [value]) == 0
    assert grade_question(item, [value, 1]) == 2
    with pytest.raises(ValueError):
        clean_answers([item], {"1": [value]})


# --- through the learner's pages, on the real database ------------------------------------------


@pytest.fixture
def attempt(db, learner, settings):
    """An attempt in progress at a quiz of one question of each kind."""
    settings.LANGUAGE_CODE = "en"
    course = make_course(make_catalogue(), lessons=0)
    quiz = make_quiz(
        course,
        [
            make_question("Một lựa chọn?"),
            make_question(
                "Nhiều lựa chọn?",
                kind="multiple",
                choices=[("A", True), ("B", True), ("C", False)],
                scoring="partial",
            ),
            make_question("Trả lời ngắn?", kind="short_answer", accepted_answers="CĐS"),
        ],
    )
    enroll(user=learner, course=course)
    return services.start_attempt(quiz=quiz, user=learner)


@DB
@given(st.data())
@example(None)  # a short answer with NUL, which PostgreSQL's jsonb refuses
def test_any_posted_answers_are_saved_and_graded_or_refused_never_a_500(client, attempt, data):
    short = next(item for item in attempt.snapshot if item["kind"] == "short_answer")
    if data is None:
        posted = {f"q-{short['id']}": ["CĐS\x00"]}
    else:
        keys = st.one_of(
            st.sampled_from([f"q-{item['id']}" for item in attempt.snapshot]), st.text(max_size=8)
        )
        values = st.lists(
            st.one_of(
                st.text(max_size=30),
                st.sampled_from(
                    [str(c["id"]) for item in attempt.snapshot for c in item["choices"]]
                ),
            ),
            max_size=4,
        )
        posted = data.draw(st.dictionaries(keys, values, max_size=5))
    client.force_login(attempt.user)
    with transaction.atomic():  # each example starts from the attempt in progress
        saved = client.post(reverse("quizzes:save", args=[attempt.pk]), posted)
        assert saved.status_code in (200, 400), saved.content
        submitted = client.post(reverse("quizzes:submit", args=[attempt.pk]), posted)
        assert submitted.status_code in (302, 400)
        graded = Attempt.objects.get(pk=attempt.pk)
        if submitted.status_code == 302:
            assert graded.is_submitted
            assert 0 <= graded.score <= graded.max_score
            answer = graded.answers.get(str(short["id"]))
            assert answer is None or "\x00" not in answer
        else:
            assert not graded.is_submitted
        transaction.set_rollback(True)
