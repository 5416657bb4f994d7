"""The enrollments listing of the Wagtail admin: scope, columns, filters, export, query budget."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from lms import roles, services
from lms.models import Enrollment, EnrollmentSource, EnrollmentStatus
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory, make_course

INDEX = reverse("cds_courses_enrollments:index")
HEADERS = [
    "Learner",
    "Email",
    "Unit code",
    "Unit",
    "Course",
    "Status",
    "Source",
    "Progress (%)",
    "Enrolled",
    "Due date",
    "Overdue",
    "Completed",
]


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def enrol(profile, course, **fields) -> Enrollment:
    values = {"enrolled_at": timezone.now(), "source": EnrollmentSource.ASSIGNED, **fields}
    return Enrollment.objects.create(user=profile.user, course=course, **values)


@pytest.fixture
def courses(db):
    return {
        "government": make_course(title="Chính quyền số"),
        "economy": make_course(title="Kinh tế số", pillar="digital_economy"),
    }


@pytest.fixture
def enrollments(province, learner, unit_manager, courses):
    """Four enrollments, one per kind of row:

    - the department's learner (outside the district manager's units), in progress;
    - a district learner, late: in progress past the due date;
    - a commune learner, completed (after the due date: completed is never late);
    - the same commune learner, self-enrolled in a second course, withdrawn.
    """
    district = LearnerProfileFactory(unit=province["district"], full_name="Nguyễn Văn Huyện")
    commune = LearnerProfileFactory(unit=province["commune"], full_name="Phạm Thị Xã")
    government, economy = courses["government"], courses["economy"]
    now = timezone.now()
    return {
        "department": enrol(learner.learner_profile, government, due_date=days_from_today(30)),
        "late": enrol(district, government, due_date=days_from_today(-3), progress_percent=40),
        "completed": enrol(
            commune,
            government,
            status=EnrollmentStatus.COMPLETED,
            completed_at=now,
            progress_percent=100,
            due_date=days_from_today(-3),
        ),
        "withdrawn": enrol(
            commune,
            economy,
            source=EnrollmentSource.SELF,
            status=EnrollmentStatus.WITHDRAWN,
            withdrawn_at=now,
        ),
    }


def listed(response) -> list[int]:
    return sorted(enrollment.pk for enrollment in response.context["object_list"])


def pks(*enrollments) -> list[int]:
    return sorted(enrollment.pk for enrollment in enrollments)


def export(client, fmt, **params) -> list[list]:
    response = client.get(INDEX, {**params, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        return list(csv.reader(io.StringIO(text)))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# --- listing and scope --------------------------------------------------------------------


def test_administrator_lists_every_enrollment_with_its_columns(
    enrollments, site_admin, admin_login
):
    response = admin_login(site_admin).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(*enrollments.values())
    html = response.content.decode()
    for header in ["Learner", "Unit", "Course", "Status", "Source", "Progress", "Due date"]:
        assert f">{header}<" in html or f"{header}\n" in html
    for text in ["Trần Thị Học", "Huyện Vũ Thư", "Kinh tế số", "In progress", "Self-enrolled"]:
        assert text in html
    assert "40%" in html


def test_a_late_enrollment_is_marked_overdue_and_a_completed_one_is_not(
    enrollments, superuser, admin_login
):
    response = admin_login(superuser).get(INDEX, {"ordering": "learner_name"})

    overdue = {e.pk: e.is_overdue for e in response.context["object_list"]}
    assert overdue == {
        enrollments["department"].pk: False,
        enrollments["late"].pk: True,
        enrollments["completed"].pk: False,
        enrollments["withdrawn"].pk: False,
    }
    assert response.content.decode().count("Overdue</span>") == 1


def test_unit_manager_lists_only_enrollments_of_their_subtree(
    enrollments, unit_manager, admin_login
):
    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(
        enrollments["late"], enrollments["completed"], enrollments["withdrawn"]
    )
    assert "Trần Thị Học" not in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unit_manager_export_leaves_out_the_neighbour_unit(
    enrollments, unit_manager, admin_login, fmt
):
    rows = export(admin_login(unit_manager), fmt)

    assert rows[0] == HEADERS
    assert sorted(row[0] for row in rows[1:]) == ["Nguyễn Văn Huyện", "Phạm Thị Xã", "Phạm Thị Xã"]
    assert not any("Sở Thông tin" in str(cell) for row in rows for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_one_row_per_enrollment_as_people_read_it(
    enrollments, superuser, admin_login, fmt
):
    rows = export(admin_login(superuser), fmt, status="active", ordering="due_date")

    late, department = rows[1], rows[2]
    assert late[:8] == [
        "Nguyễn Văn Huyện",
        enrollments["late"].user.email,
        "H-VT",
        "Huyện Vũ Thư",
        "Chính quyền số",
        "In progress",
        "Assigned",
        "40" if fmt == "csv" else 40,
    ]
    due = enrollments["late"].due_date
    assert late[9] == (due.strftime("%d/%m/%Y") if fmt == "csv" else due)
    assert late[10] == "Yes"
    assert department[10] in ("", None)
    enrolled = timezone.localtime(enrollments["late"].enrolled_at)
    if fmt == "csv":
        assert late[8] == enrolled.strftime("%d/%m/%Y %H:%M")
        assert late[11] == ""
    else:
        assert late[8] == enrolled.replace(tzinfo=None, microsecond=late[8].microsecond)
        assert late[11] is None


# --- filters ------------------------------------------------------------------------------


def test_filters_narrow_the_list(enrollments, courses, province, superuser, admin_login):
    client = admin_login(superuser)

    def filtered(**params):
        return listed(client.get(INDEX, params))

    assert filtered(course=courses["economy"].pk) == pks(enrollments["withdrawn"])
    assert filtered(unit=province["district"].pk) == pks(
        enrollments["late"], enrollments["completed"], enrollments["withdrawn"]
    )
    assert filtered(unit=province["commune"].pk) == pks(
        enrollments["completed"], enrollments["withdrawn"]
    )
    assert filtered(status="completed") == pks(enrollments["completed"])
    assert filtered(source="self") == pks(enrollments["withdrawn"])
    assert filtered(overdue="yes") == pks(enrollments["late"])
    assert filtered(course=courses["government"].pk, unit=province["commune"].pk) == pks(
        enrollments["completed"]
    )


def test_search_finds_a_learner_by_name_and_a_course_by_title(enrollments, superuser, admin_login):
    client = admin_login(superuser)

    assert listed(client.get(INDEX, {"q": "Huyện"})) == pks(enrollments["late"])
    assert listed(client.get(INDEX, {"q": "Kinh tế"})) == pks(enrollments["withdrawn"])


def test_unit_manager_cannot_filter_their_way_out_of_scope(
    enrollments, province, unit_manager, admin_login
):
    response = admin_login(unit_manager).get(INDEX, {"unit": province["department"].pk})

    assert enrollments["department"].pk not in listed(response)
    units = response.context["filters"].form.fields["unit"].queryset
    assert [unit.code for unit in units] == ["H-VT", "X-VT-01"]


# --- access -------------------------------------------------------------------------------


def test_learners_and_editors_have_no_enrollments_listing(
    enrollments, learner, role_groups, client, admin_login
):
    client.force_login(learner)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))

    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(role_groups[roles.EDITOR])
    for params in ({}, {"export": "csv"}):
        response = admin_login(editor).get(INDEX, params)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


def test_the_listing_is_read_only(enrollments, superuser, admin_login):
    client = admin_login(superuser)
    enrollment = enrollments["late"]

    assert client.get(f"{INDEX}new/").status_code == 404
    assert client.get(f"{INDEX}edit/{enrollment.pk}/").status_code == 404
    assert client.get(f"{INDEX}delete/{enrollment.pk}/").status_code == 404


def test_the_listing_offers_assignment_to_those_who_may_assign(
    enrollments, unit_manager, role_groups, admin_login
):
    assign = reverse("cds_courses_assign:assign")
    assert assign in admin_login(unit_manager).get(INDEX).content.decode()

    # A reader with the view permission only gets the listing without the button
    reader = UserFactory(username="reader@example.gov.vn", is_staff=True)
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_enrollment"])
    )
    response = admin_login(reader).get(INDEX)
    assert response.status_code == 200
    assert assign not in response.content.decode()


# --- query budget -------------------------------------------------------------------------


def _enrollments(rows: int):
    """`rows` enrollments of learners spread over a small tree, and the manager of its root."""
    root = UnitFactory(code="TINH", name="Tỉnh", kind="province")
    units = [root, *(UnitFactory(parent=root) for _ in range(3))]
    course = make_course(lessons=0)
    for n in range(rows):
        profile = LearnerProfileFactory(unit=units[n % len(units)])
        enrol(profile, course, due_date=days_from_today(n % 5 - 2))
    manager = LearnerProfileFactory(unit=root).user
    services.assign_unit_manager(user=manager, unit=root)
    return manager


# The enrollments index costs a unit manager 14 queries, for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the roots the user manages, for the enrollments' scope (for_units)
#   1  the same roots, for the choices of the unit filter (managed_by)
#   1  the count for the paginator
#   1  the courses offered by the course filter
#   1  the units offered by the unit filter
#   1  the enrollments of the page, learner, unit and course annotated in (one query)
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the user's page
#      and collection permissions for the sidebar menu
ENROLLMENTS_INDEX_QUERIES = 13


@pytest.mark.parametrize("rows", [3, 30])
def test_enrollments_index_query_count_does_not_grow_with_rows(
    role_groups, admin_login, django_assert_num_queries, rows
):
    manager = _enrollments(rows)
    client = admin_login(manager)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(ENROLLMENTS_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows


def test_site_history_lists_enrollment_log_entries_without_a_link(
    learner, courses, superuser, admin_login
):
    # Given a logged enrollment (the listing has no edit view an entry could link to)
    services.enroll(user=learner, course=courses["government"])

    response = admin_login(superuser).get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    assert "Enrolled in a course" in response.content.decode()
