"""The attendance export: one row per learner on the sheet, in CSV and XLSX, with nothing a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses import checkin, services
from lms import roles
from lms.services import enroll
from tests.factories import LearnerProfileFactory, UnitFactory, make_course, make_session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = [
    "Username",
    "Full name",
    "Unit",
    "Status",
    "Remark",
    "Walk-in",
    "Recorded through",
    "Recorded at",
    "Recorded by",
]


@pytest.fixture
def trainer(role_groups):
    profile = LearnerProfileFactory(full_name="Trần Minh Đức")
    profile.user.groups.add(role_groups[roles.TRAINER])
    return profile.user


@pytest.fixture
def client(trainer) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(trainer)
    return client


@pytest.fixture
def scene(catalogue, trainer):
    """A session under way: Hoà marked late by the trainer, a walk-in who checked in with
    the QR code, and a registered learner whose name and remark look like formulas."""
    course = make_course(catalogue, lessons=0, delivery_mode="blended")
    session = make_session(course, starts_in_hours=0.25, trainers=[trainer])
    unit = UnitFactory(name="Xã Tân Hòa")
    people = {}
    for key, name, username in [
        ("hoa", "Nguyễn Thị Hoà", "hoa@example.vn"),
        ("formula", '=HYPERLINK("http://evil.example","Bấm")', "@sum@example.vn"),
        ("walk_in", "Lê Văn Cường", "cuong@example.vn"),
    ]:
        profile = LearnerProfileFactory(
            full_name=name, unit=unit, user__username=username, user__email=username
        )
        enroll(user=profile.user, course=course)
        people[key] = profile.user
    services.register(session=session, user=people["hoa"])
    services.register(session=session, user=people["formula"])
    hoa = services.mark_attendance(
        session=session, learner_id=people["hoa"].pk, status="late", remark="+15 phút", by=trainer
    ).record
    services.mark_attendance(
        session=session,
        learner_id=people["formula"].pk,
        status="absent",
        remark="-1 buổi",
        by=trainer,
    )
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    services.check_in(session=session, user=people["walk_in"], code=code)
    return {"session": session, "hoa_recorded_at": hoa.recorded_at, **people}


def export_url(session, fmt: str) -> str:
    return reverse("courses:attendance_export", args=[session.pk, fmt])


def test_the_csv_has_one_row_per_learner_in_local_time(client, scene):
    session = scene["session"]

    response = client.get(export_url(session, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="attendance-{session.pk}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8 right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    by_username = {row[0]: row for row in rows[1:]}
    assert len(rows) == 4
    local = timezone.localtime(scene["hoa_recorded_at"]).strftime("%d/%m/%Y %H:%M")
    assert by_username["hoa@example.vn"] == [
        "hoa@example.vn",
        "Nguyễn Thị Hoà",
        "Xã Tân Hòa",
        "Late",
        "'+15 phút",
        "",
        "Attendance sheet",
        local,
        "Trần Minh Đức",
    ]
    walk_in = by_username["cuong@example.vn"]
    assert walk_in[3:7] == ["Present", "", "Yes", "QR check-in"]
    assert walk_in[8] == "Lê Văn Cường"  # checked themselves in


def test_formula_like_cells_are_text_in_csv(client, scene):
    response = client.get(export_url(scene["session"], "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    (row,) = [row for row in rows if "HYPERLINK" in row[1]]
    assert row[0] == "'@sum@example.vn"
    assert row[1] == '\'=HYPERLINK("http://evil.example","Bấm")'
    assert row[4] == "'-1 buổi"
    for cell in (cell for row in rows for cell in row):
        assert not cell.startswith(("=", "+", "-", "@")), cell


def test_formula_like_cells_are_text_in_xlsx_and_times_are_dates(client, scene):
    session = scene["session"]

    response = client.get(export_url(session, "xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="attendance-{session.pk}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == HEADER
    (formula_row,) = [row for row in rows if row[0].value == "@sum@example.vn"]
    assert formula_row[1].value == '=HYPERLINK("http://evil.example","Bấm")'
    assert formula_row[4].value == "-1 buổi"
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    (hoa,) = [row for row in rows if row[0].value == "hoa@example.vn"]
    assert hoa[4].value == "+15 phút" and hoa[4].data_type == "s"
    assert isinstance(hoa[7].value, datetime.datetime)
    local = timezone.localtime(scene["hoa_recorded_at"]).replace(tzinfo=None)
    assert abs(hoa[7].value - local) < datetime.timedelta(seconds=1)


def test_other_formats_are_not_found_and_other_people_are_refused(role_groups, scene):
    session = scene["session"]
    outsider = LearnerProfileFactory(full_name="Giảng Viên Khác").user
    outsider.groups.add(role_groups[roles.TRAINER])
    other = Client()
    other.force_login(outsider)
    assert other.get(export_url(session, "csv")).status_code == 403
    assert other.get(export_url(session, "xlsx")).status_code == 403
    assert other.get(export_url(session, "json")).status_code == 404
