"""The awareness gain report (per question and unit, before and after) and the poll results
report: figures, scope, filters, exports and query budgets."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lms.models import Enrollment
from quizzes.models import PollVote, SurveyAnswer, SurveyPhase, SurveyResponse
from quizzes.survey_report import awareness_gain
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    make_course,
    make_course_survey,
    make_poll,
    make_survey,
)

GAIN = reverse("cds_quizzes_reports:awareness_gain")
# What every admin page costs before its own queries: the session's user (the session is in
# the cache), their Wagtail profile, the locales of the admin's JavaScript config, and the
# page explorer's root in the menu (two queries).
WAGTAIL_ADMIN = 5
POLL_RESULTS = reverse("cds_quizzes_reports:poll_results")


def answer(profile, course, survey, phase: str, values: list[int], text: str = "") -> None:
    """Store a response as the service would (the report reads rows, whatever wrote them)."""
    response = SurveyResponse.objects.create(
        survey=survey, course=course, user=profile.user, phase=phase, submitted_at=timezone.now()
    )
    likert = [q for q in survey.questions.order_by("sort_order") if q.is_likert]
    for question, value in zip(likert, values, strict=True):
        SurveyAnswer.objects.create(response=response, question=question, value=value)
    for question in survey.questions.exclude(kind="likert"):
        SurveyAnswer.objects.create(response=response, question=question, text=text or "Ý kiến")


@pytest.fixture
def data(province, learner):
    """One survey (two agreement questions and an open one) before and after a course, and
    three learners: in the department, in the district, in the district's commune.

    Question 1, before → after: department 2 → 4, district 1 → 3, commune 4 → 4.
    Question 2: everyone 3 → 5, except the commune learner, who did not answer after.
    """
    course = make_course(lessons=1, title="Chính quyền số")
    survey = make_survey()
    make_course_survey(course, survey, SurveyPhase.PRE)
    make_course_survey(course, survey, SurveyPhase.POST)
    department = learner.learner_profile
    district = LearnerProfileFactory(unit=province["district"], full_name="Ngô Huyện")
    commune = LearnerProfileFactory(unit=province["commune"], full_name="Đỗ Xã")
    answer(department, course, survey, "pre", [2, 3])
    answer(department, course, survey, "post", [4, 5])
    answer(district, course, survey, "pre", [1, 3])
    answer(district, course, survey, "post", [3, 5])
    answer(commune, course, survey, "pre", [4, 3])
    # Another course's answers, left out when the report is filtered by course.
    other_course = make_course(lessons=1, title="Kinh tế số")
    make_course_survey(other_course, survey, SurveyPhase.POST)
    answer(commune, other_course, survey, "post", [4, 1])
    questions = [q for q in survey.questions.order_by("sort_order") if q.is_likert]
    return {"course": course, "other": other_course, "survey": survey, "questions": questions}


def table(rows) -> dict[tuple[int, str], tuple]:
    return {
        (row.question_id, row.unit): (
            row.pre_count,
            row.pre_average,
            row.post_count,
            row.post_average,
            row.difference,
        )
        for row in rows
    }


def test_gain_per_question_and_unit_subtree(superuser, province, data):
    q1, q2 = (question.pk for question in data["questions"])

    rows = table(awareness_gain(user=superuser, course_id=data["course"].pk))

    D = Decimal
    # The province covers everyone: before (2 + 1 + 4) / 3, after (4 + 3) / 2.
    assert rows[(q1, "Tỉnh Thái Bình")] == (3, D("2.33"), 2, D("3.50"), D("1.17"))
    assert rows[(q1, "Sở Thông tin và Truyền thông")] == (1, D("2.00"), 1, D("4.00"), D("2.00"))
    # The district's row includes its commune: before (1 + 4) / 2, after 3.
    assert rows[(q1, "Huyện Vũ Thư")] == (2, D("2.50"), 1, D("3.00"), D("0.50"))
    assert rows[(q2, "Huyện Vũ Thư")] == (2, D("3.00"), 1, D("5.00"), D("2.00"))
    # The commune is two levels down: the province's report shows the units right below it.
    assert not any(unit == "Xã Tân Hòa" for _q, unit in rows)
    # Free-text questions have no average.
    assert {question for question, _unit in rows} == {q1, q2}


def test_choosing_a_unit_shows_it_and_the_units_below(superuser, province, data):
    q1 = data["questions"][0].pk

    rows = table(
        awareness_gain(user=superuser, course_id=data["course"].pk, unit=province["district"])
    )

    assert {unit for _q, unit in rows} == {"Huyện Vũ Thư", "Xã Tân Hòa"}
    assert rows[(q1, "Xã Tân Hòa")] == (1, Decimal("4.00"), 0, None, None)


def test_without_a_course_every_course_counts(superuser, province, data):
    q2 = data["questions"][1].pk
    rows = table(awareness_gain(user=superuser, unit=province["commune"]))
    # The commune learner answered question 2 after the other course only.
    assert rows[(q2, "Xã Tân Hòa")] == (1, Decimal("3.00"), 1, Decimal("1.00"), Decimal("-2.00"))


def test_a_unit_manager_sees_only_the_subtrees_they_manage(unit_manager, province, data):
    rows = awareness_gain(user=unit_manager, course_id=data["course"].pk)
    assert {row.unit for row in rows} == {"Huyện Vũ Thư", "Xã Tân Hòa"}
    # A unit outside their subtrees gives nothing, even when asked for by id.
    assert awareness_gain(user=unit_manager, unit=province["department"]) == []


# --- the admin screen -----------------------------------------------------------------------


def test_the_report_page_is_scoped_and_filtered(admin_login, unit_manager, province, data):
    client = admin_login(unit_manager)

    page = client.get(GAIN, {"course": data["course"].pk}).content.decode()

    assert "Huyện Vũ Thư" in page and "Xã Tân Hòa" in page
    assert "Sở Thông tin và Truyền thông" not in page
    assert "+0.50" in page  # the district's gain on question 1
    # Asking for a unit outside the manager's subtrees is refused by the filter: no rows of it.
    other = client.get(GAIN, {"unit": province["department"].pk}).content.decode()
    assert "Sở Thông tin và Truyền thông</td>" not in other


def test_the_report_needs_its_permission(admin_login, learner, site_admin, data):
    assert admin_login(learner).get(GAIN).status_code in (302, 403)
    assert admin_login(site_admin).get(GAIN).status_code == 200


def test_the_report_exports_to_csv_and_xlsx(admin_login, superuser, province, data):
    client = admin_login(superuser)
    params = {"course": data["course"].pk, "unit": province["district"].pk}

    response = client.get(GAIN, {**params, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Survey",
        "Question",
        "Unit code",
        "Unit",
        "Answers before",
        "Average before",
        "Answers after",
        "Average after",
        "Difference",
    ]
    assert rows[1][1:] == [
        "Tôi hiểu chuyển đổi số là gì.",
        "H-VT",
        "Huyện Vũ Thư",
        "2",
        "2.50",
        "1",
        "3.00",
        "0.50",
    ]

    response = client.get(GAIN, {**params, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][4:] == (2, 2.5, 1, 3.0, 0.5)


@pytest.mark.parametrize("extra_learners", [0, 20])
def test_the_report_costs_the_same_for_few_or_many_learners(
    admin_login, superuser, province, data, extra_learners, django_assert_num_queries
):
    survey, course = data["survey"], data["course"]
    for i in range(extra_learners):
        unit = UnitFactory(parent=province["commune"], name=f"Thôn {i}", code=f"THON-{i}")
        profile = LearnerProfileFactory(unit=unit)
        answer(profile, course, survey, "pre", [1, 2])
        answer(profile, course, survey, "post", [3, 4])
    client = admin_login(superuser)
    params = {"course": course.pk, "unit": province["root"].pk}
    client.get(GAIN, params)  # warm-up: content types, permissions
    expected = (
        WAGTAIL_ADMIN
        + 1  # the chosen course, checked by the filter
        + 1  # the chosen unit, checked against the units the user may see
        + 1  # the units the user may see (the report's rows and its scope)
        + 1  # the answers summed and counted per question, phase and learner's unit
        + 1  # the questions, with their survey
        + 1  # the courses offered by the filter
        + 1  # the surveys offered by the filter
        + 1  # the units offered by the filter
    )
    assert expected == 13
    with django_assert_num_queries(expected):
        response = client.get(GAIN, params)
    assert response.status_code == 200


# --- the poll results report ----------------------------------------------------------------


def test_poll_results_export_votes_and_shares(admin_login, superuser, db):
    poll = make_poll("Bạn dùng VNeID chưa?", ("Rồi", "Chưa"))
    yes, no = poll.choices.order_by("sort_order")
    for i, chosen in enumerate([yes, yes, yes, no]):
        PollVote.objects.create(poll=poll, choice=chosen, voter_key=f"{i:064x}")
    client = admin_login(superuser)

    page = client.get(POLL_RESULTS, {"poll": poll.pk}).content.decode()
    assert "<svg" in page and "75%" in page and "25%" in page

    response = client.get(POLL_RESULTS, {"poll": poll.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        ["Poll", "Choice", "Votes", "Share (%)"],
        ["Bạn dùng VNeID chưa?", "Rồi", "3", "75.0"],
        ["Bạn dùng VNeID chưa?", "Chưa", "1", "25.0"],
    ]


def test_poll_results_are_for_people_who_work_on_polls(admin_login, unit_manager, db):
    assert admin_login(unit_manager).get(POLL_RESULTS).status_code in (302, 403)


def test_an_enrollment_is_not_needed_to_read_the_report(superuser, data):
    # The report reads responses only: withdrawing from the course keeps the answers counted.
    Enrollment.objects.all().delete()
    assert awareness_gain(user=superuser, course_id=data["course"].pk)


@pytest.mark.parametrize("polls", [1, 10])
def test_the_poll_results_report_costs_the_same_for_few_or_many_polls(
    admin_login, superuser, polls, django_assert_num_queries
):
    for n in range(polls):
        poll = make_poll(f"Câu hỏi {n}?", ("A", "B", "C"))
        PollVote.objects.create(poll=poll, choice=poll.choices.first(), voter_key=f"{n:064x}")
    client = admin_login(superuser)
    client.get(POLL_RESULTS)  # warm-up
    expected = (
        WAGTAIL_ADMIN
        + 1  # the number of rows, for the paginator
        + 1  # the choices of the page, each with its votes and its poll's votes
        + 1  # the polls offered by the filter
    )
    with django_assert_num_queries(expected):
        response = client.get(POLL_RESULTS)
    assert response.status_code == 200
