"""The quiz item analysis report: per question, the share of fully and partly correct
answers, the average score, the discrimination index and the most chosen wrong answer, over the
submitted attempts in the user's scope; its filters, exports, query budget, and the item rows
the grading writes (and the migration backfills)."""

import csv
import datetime
import io
import statistics
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lms import services as lms_services
from lms.models import LearnerCategory
from quizzes import services
from quizzes.admin.item_analysis import page_listing_buttons
from quizzes.item_analysis import backfill_attempt_items, item_analysis, record_attempt_items
from quizzes.models import Attempt, AttemptItem, AttemptStatus
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    make_course,
    make_question,
    make_quiz,
)

URL = reverse("cds_quizzes_item_analysis:index")
# What every admin page costs before its own queries: the session's user (the session is in
# the cache), their Wagtail profile, the locales of the admin's JavaScript config, and the
# page explorer's root in the menu (two queries).
WAGTAIL_ADMIN = 5
FORMULA_QUESTION = "=1+1 bằng mấy?"
# A question's text, shown in its row only (the quiz titles are also in the quiz filter).
ROW_MARKER = "Chọn các dịch vụ công trực tuyến."
HEADINGS = [
    "Quiz",
    "Question",
    "Kind",
    "Attempts",
    "Answered",
    "Fully correct (%)",
    "Partly correct (%)",
    "Average score (%)",
    "Discrimination index",
    "Most chosen wrong answer",
    "Times chosen",
]


def questions():
    return [
        make_question(
            FORMULA_QUESTION,
            choices=[("2", True), ("3", False), ("11", False)],
        ),
        make_question(
            "Chọn các dịch vụ công trực tuyến.",
            kind="multiple",
            choices=[("Cổng dịch vụ công", True), ("VNeID", True), ("Máy fax", False)],
            scoring="partial",
        ),
        make_question(
            "Chữ ký số có giá trị pháp lý.",
            kind="true_false",
            choices=[("Đúng", True), ("Sai", False)],
        ),
        make_question("Viết tắt của chuyển đổi số?", kind="short_answer", accepted_answers="CĐS"),
    ]


def answers_for(attempt: Attempt, plan: str) -> dict:
    """Answers to the attempt's questions, in order, one letter each: R right, W wrong (the
    first wrong choice), X wrong (the second wrong choice), P partly right (one of the right
    choices), - unanswered."""
    given = {}
    for item, letter in zip(attempt.snapshot, plan, strict=True):
        if letter == "-":
            continue
        if item["kind"] == "short_answer":
            given[str(item["id"])] = item["accepted"][0] if letter == "R" else "sai"
            continue
        right = [c["id"] for c in item["choices"] if c["correct"]]
        wrong = [c["id"] for c in item["choices"] if not c["correct"]]
        chosen = {
            "R": right if item["kind"] == "multiple" else right[:1],
            "P": right[:1],
            "W": wrong[:1],
            "X": wrong[1:2],
        }[letter]
        given[str(item["id"])] = chosen
    return given


def take(quiz, user, plan: str) -> Attempt:
    attempt = services.start_attempt(quiz=quiz, user=user)
    return services.submit_attempt(
        attempt_id=attempt.pk, user=user, answers=answers_for(attempt, plan)
    )


@pytest.fixture
def data(province, learner):
    """A quiz of four questions (single choice, multiple choice with partial credit, true or
    false, short answer) taken by learners of the department, the district and its commune;
    and another course's quiz, taken in the department only."""
    course = make_course(lessons=1, title="Chính quyền số")
    quiz = make_quiz(course, questions())  # "Bài kiểm tra 1"
    district = LearnerProfileFactory(unit=province["district"], full_name="Ngô Huyện").user
    commune = LearnerProfileFactory(
        unit=province["commune"], full_name="Đỗ Xã", category=LearnerCategory.CITIZEN
    ).user
    for user in (learner, district, commune):
        lms_services.enroll(user=user, course=course)
    attempts = {
        "department": [take(quiz, learner, "RRRR"), take(quiz, learner, "WPR-")],
        "district": [take(quiz, district, "WPRW"), take(quiz, district, "RWRR")],
        "commune": [take(quiz, commune, "XW-R")],
    }
    # An attempt in progress counts for nothing.
    services.start_attempt(quiz=quiz, user=commune)
    other_course = make_course(lessons=1, title="Kinh tế số")
    other_quiz = make_quiz(other_course, [make_question("Câu khác?")])  # "Bài kiểm tra 2"
    lms_services.enroll(user=learner, course=other_course)
    take(other_quiz, learner, "W")
    return {"quiz": quiz, "other_quiz": other_quiz, "attempts": attempts, "commune": commune}


def expected_figures(attempts: list[Attempt]) -> dict[int, dict]:
    """The report's figures per question, worked out from the attempts' own results, answers
    and snapshots (not from the item rows the report reads)."""
    per_question: dict[int, dict] = {}
    for attempt in attempts:
        results = {r["question_id"]: r for r in attempt.results}
        for item in attempt.snapshot:
            result = results[item["id"]]
            points, maximum = Decimal(result["points"]), Decimal(result["max_points"])
            figures = per_question.setdefault(
                item["id"], {"x": [], "rest": [], "answered": 0, "wrong": Counter()}
            )
            figures["x"].append(float(points / maximum))
            figures["rest"].append(float((attempt.score - points) / (attempt.max_score - maximum)))
            given = attempt.answers.get(str(item["id"]))
            figures["answered"] += bool(given)
            if item["kind"] in ("single", "true_false") and given and not result["correct"]:
                (choice,) = [c["text"] for c in item["choices"] if c["id"] == given[0]]
                figures["wrong"][choice] += 1
    return per_question


def percent(part: float, whole: int) -> Decimal:
    return (Decimal(100) * Decimal(part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def check_row(row, figures: dict) -> None:
    n = len(figures["x"])
    assert row.attempts == n
    assert row.answered == figures["answered"]
    assert row.correct_percent == percent(sum(x == 1 for x in figures["x"]), n)
    assert row.average_percent == percent(sum(Decimal(str(x)) for x in figures["x"]), n)
    if row.kind == "multiple":
        assert row.partly_percent == percent(sum(0 < x < 1 for x in figures["x"]), n)
    else:
        assert row.partly_percent is None
    expected_r = statistics.correlation(figures["x"], figures["rest"])
    assert row.discrimination is not None
    assert abs(float(row.discrimination) - expected_r) <= 0.005 + 1e-9
    if figures["wrong"]:
        ((text, times),) = figures["wrong"].most_common(1)
        assert (row.wrong_answer, row.wrong_answer_count) == (text, times)
    else:
        assert (row.wrong_answer, row.wrong_answer_count) == ("", 0)


def all_attempts(data) -> list[Attempt]:
    return [attempt for group in data["attempts"].values() for attempt in group]


# --- the figures ------------------------------------------------------------------------


def test_figures_per_question_of_every_attempt(superuser, data):
    rows = item_analysis(user=superuser, quiz_id=data["quiz"].pk)

    expected = expected_figures(all_attempts(data))
    # One row per question, in the order the quiz shows them.
    assert [row.question_key for row in rows] == [
        item["id"] for item in data["attempts"]["department"][0].snapshot
    ]
    assert [row.kind for row in rows] == ["single", "multiple", "true_false", "short_answer"]
    for row in rows:
        check_row(row, expected[row.question_key])
    # Spot checks a reader can follow: 2 of 5 got the single choice question right, the
    # wrong answer "3" was given twice ("11" once); the multiple choice question was fully
    # right once and partly right twice (half its points each time).
    single, multiple, true_false, _short = rows
    assert (single.correct_percent, single.wrong_answer, single.wrong_answer_count) == (
        Decimal("40.0"),
        "3",
        2,
    )
    assert (multiple.correct_percent, multiple.partly_percent) == (Decimal("20.0"), Decimal("40.0"))
    assert multiple.average_percent == Decimal("40.0")
    # The commune learner left the true or false question unanswered.
    assert (true_false.attempts, true_false.answered) == (5, 4)


def test_without_a_quiz_every_quiz_has_its_rows(superuser, data):
    rows = item_analysis(user=superuser)

    assert [row.quiz_title for row in rows] == ["Bài kiểm tra 1"] * 4 + ["Bài kiểm tra 2"]
    # One attempt only: no correlation to speak of, and no rest of the quiz to compare with.
    assert rows[-1].discrimination is None
    assert rows[-1].correct_percent == Decimal("0.0")


def test_an_item_everyone_got_right_has_no_discrimination(superuser, data):
    true_false = item_analysis(user=superuser, quiz_id=data["quiz"].pk)[2]
    rows = item_analysis(user=superuser, quiz_id=data["quiz"].pk, category="civil_servant")
    # Civil servants (the department and the district) all answered it right.
    assert rows[2].question_key == true_false.question_key
    assert rows[2].correct_percent == Decimal("100.0")
    assert rows[2].discrimination is None


def test_filters_narrow_the_attempts(superuser, province, data):
    quiz = data["quiz"].pk

    def attempts(**filters):
        return item_analysis(user=superuser, quiz_id=quiz, **filters)[0].attempts

    assert attempts(unit=province["district"]) == 3  # the district and its commune
    assert attempts(unit=province["commune"]) == 1
    assert attempts(category=LearnerCategory.CITIZEN) == 1
    # The district learner's first attempt was submitted long ago.
    Attempt.objects.filter(pk=data["attempts"]["district"][0].pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert attempts(submitted=slice(timezone.now() - datetime.timedelta(days=1), None)) == 4
    assert (
        item_analysis(
            user=superuser,
            quiz_id=quiz,
            submitted=slice(None, timezone.now() - datetime.timedelta(days=20)),
        )[0].attempts
        == 1
    )


# --- scope ------------------------------------------------------------------------------


def test_a_unit_manager_counts_only_their_subtree(unit_manager, data):
    rows = item_analysis(user=unit_manager, quiz_id=data["quiz"].pk)

    subtree = data["attempts"]["district"] + data["attempts"]["commune"]
    expected = expected_figures(subtree)
    assert {row.attempts for row in rows} == {3}
    for row in rows:
        check_row(row, expected[row.question_key])
    # The other course's quiz was taken in the department only: not theirs to see.
    assert {row.quiz_title for row in item_analysis(user=unit_manager)} == {"Bài kiểm tra 1"}


def test_the_neighbour_units_id_is_refused(admin_login, unit_manager, province, data):
    client = admin_login(unit_manager)
    params = {"quiz": data["quiz"].pk, "unit": province["department"].pk}

    page = client.get(URL, params).content.decode()

    assert "Select a valid choice" in page
    assert ROW_MARKER not in page
    assert csv_rows(client.get(URL, {**params, "export": "csv"})) == [HEADINGS]
    # Their own unit is fine.
    own = client.get(URL, {**params, "unit": province["commune"].pk}).content.decode()
    assert ROW_MARKER in own
    # Without a unit, their export counts the attempts of their subtree only: 3 of the 5.
    exported = csv_rows(client.get(URL, {"quiz": data["quiz"].pk, "export": "csv"}))
    assert [row[3] for row in exported[1:]] == ["3"] * 4


def test_the_quiz_filter_offers_only_quizzes_taken_in_scope(admin_login, unit_manager, data):
    client = admin_login(unit_manager)

    response = client.get(URL, {"quiz": data["other_quiz"].pk})

    assert "Select a valid choice" in response.content.decode()
    assert csv_rows(client.get(URL, {"quiz": data["other_quiz"].pk, "export": "csv"})) == [HEADINGS]


def test_the_report_needs_the_attempts_permission(admin_login, learner, site_admin, data):
    assert admin_login(learner).get(URL).status_code in (302, 403)
    assert admin_login(site_admin).get(URL).status_code == 200


def test_a_quiz_in_the_page_explorer_links_to_its_analysis(unit_manager, learner, data):
    quiz = data["quiz"]
    (button,) = page_listing_buttons(quiz, unit_manager)
    assert button.url == f"{URL}?quiz={quiz.pk}"
    assert list(page_listing_buttons(quiz, learner)) == []
    assert list(page_listing_buttons(quiz.get_parent(), unit_manager)) == []


def test_the_reports_menu_has_the_report(admin_login, superuser, data):
    page = admin_login(superuser).get(reverse("wagtailadmin_home")).content.decode()
    assert URL in page


# --- the screen and its exports -----------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_a_reversed_date_range_says_so_and_shows_no_rows(admin_login, superuser, data):
    client = admin_login(superuser)
    params = {"submitted_from": "2026-04-30", "submitted_to": "2026-03-01"}

    page = client.get(URL, params).content.decode()

    assert "The end date comes before the start date." in page
    assert ROW_MARKER not in page
    assert ROW_MARKER in client.get(URL).content.decode()  # the same screen without the dates
    assert csv_rows(client.get(URL, {**params, "export": "csv"})) == [HEADINGS]


def test_the_screen_filters_by_submission_dates(admin_login, superuser, data):
    client = admin_login(superuser)
    today = timezone.localdate()
    params = {"quiz": data["quiz"].pk, "export": "csv"}

    during = csv_rows(client.get(URL, {**params, "submitted_from": today, "submitted_to": today}))
    before = csv_rows(client.get(URL, {**params, "submitted_to": today - datetime.timedelta(1)}))

    assert during[1][3] == "5"
    assert before == [HEADINGS]


def test_the_report_exports_csv_with_formulas_as_text(admin_login, superuser, data):
    client = admin_login(superuser)

    rows = csv_rows(client.get(URL, {"quiz": data["quiz"].pk, "export": "csv"}))

    assert rows[0] == HEADINGS
    assert len(rows) == 5
    single, multiple = rows[1], rows[2]
    # The question's text starts like a formula: written as text, never evaluated.
    assert single[:6] == [
        "Bài kiểm tra 1",
        "'" + FORMULA_QUESTION,
        "Single choice",
        "5",
        "5",
        "40.0",
    ]
    assert single[6] == ""  # no partial credit for a single choice
    assert single[9:] == ["3", "2"]
    assert multiple[2:8] == ["Multiple choice", "5", "5", "20.0", "40.0", "40.0"]


def test_the_report_exports_xlsx(admin_login, superuser, data):
    client = admin_login(superuser)
    rows = item_analysis(user=superuser, quiz_id=data["quiz"].pk)

    response = client.get(URL, {"quiz": data["quiz"].pk, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))

    assert list(values[0]) == HEADINGS
    single = values[1]
    assert single[:6] == ("Bài kiểm tra 1", FORMULA_QUESTION, "Single choice", 5, 5, 40.0)
    assert single[8] == float(rows[0].discrimination)
    # The text cell stays text: openpyxl reads no formula back.
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == FORMULA_QUESTION
    assert values[2][5:8] == (20.0, 40.0, 40.0)


@pytest.mark.parametrize("extra_attempts", [2, 10])
def test_the_report_costs_the_same_for_few_or_many_attempts(
    admin_login, superuser, province, extra_attempts, django_assert_num_queries
):
    course = make_course(lessons=1)
    quiz = make_quiz(course, questions())
    for i in range(extra_attempts):
        unit = UnitFactory(parent=province["commune"], name=f"Thôn {i}", code=f"THON-{i}")
        user = LearnerProfileFactory(unit=unit).user
        lms_services.enroll(user=user, course=course)
        take(quiz, user, "RPWR" if i % 2 else "WRR-")
    client = admin_login(superuser)
    params = {"quiz": quiz.pk, "unit": province["root"].pk, "category": "civil_servant"}
    client.get(URL, params)  # warm-up: content types, permissions
    expected = (
        WAGTAIL_ADMIN
        + 1  # the chosen quiz, checked against the quizzes taken in scope
        + 1  # the chosen unit, checked against the units the user may see
        + 1  # the most chosen wrong answers, counted per question and choice
        + 1  # the figures, summed per question
        + 1  # the quizzes offered by the filter
        + 1  # the units offered by the filter
    )
    with django_assert_num_queries(expected):
        response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["object_list"][0].attempts == extra_attempts


# --- the item rows ----------------------------------------------------------------------


def test_grading_twice_writes_the_item_rows_once(learner, province):
    course = make_course(lessons=1)
    quiz = make_quiz(course, questions())
    lms_services.enroll(user=learner, course=course)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    given = answers_for(attempt, "RPWR")

    services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=given)
    services.submit_attempt(attempt_id=attempt.pk, user=learner, answers=given)
    attempt.refresh_from_db()
    record_attempt_items(attempt)  # a retry of the write itself

    items = AttemptItem.objects.filter(attempt=attempt).order_by("position")
    assert items.count() == 4
    assert [(item.correct, item.points) for item in items] == [
        (result["correct"], Decimal(result["points"])) for result in attempt.results
    ]
    assert [item.answered for item in items] == [True, True, True, True]
    assert items[2].wrong_choice_text == "Sai"  # the true or false question, answered wrongly


def test_an_attempt_in_progress_has_no_item_rows(learner, province):
    course = make_course(lessons=1)
    quiz = make_quiz(course, questions())
    lms_services.enroll(user=learner, course=course)
    attempt = services.start_attempt(quiz=quiz, user=learner)
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert not AttemptItem.objects.filter(attempt=attempt).exists()


def test_the_backfill_writes_the_rows_of_attempts_graded_before(superuser, data):
    def snapshot_of_items():
        return sorted(
            AttemptItem.objects.values_list(
                "attempt_id",
                "question_key",
                "position",
                "kind",
                "text",
                "partial_credit",
                "answered",
                "points",
                "max_points",
                "correct",
                "wrong_choice_key",
                "wrong_choice_text",
            )
        )

    written_by_grading = snapshot_of_items()
    before = item_analysis(user=superuser)
    # Attempts graded before the report existed have no item rows; one attempt kept its rows.
    kept = data["attempts"]["commune"][0]
    AttemptItem.objects.exclude(attempt=kept).delete()

    filled = backfill_attempt_items(Attempt, AttemptItem)

    assert filled == 5  # the quiz's other four attempts and the other quiz's one
    assert snapshot_of_items() == written_by_grading
    assert item_analysis(user=superuser) == before
    # Running it again fills nothing.
    assert backfill_attempt_items(Attempt, AttemptItem) == 0
    assert snapshot_of_items() == written_by_grading
