"""The unit summary report: units against their training targets, as an administrator and a
district manager read it on the page and in CSV/XLSX, its filters, and its query budget."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from lms import roles
from lms.models import Enrollment, EnrollmentStatus, LearnerCategory, LearnerProfile
from lms.reports.unit_summary import UnitSummaryReportView
from lms.targets.models import TrainingTarget
from lms.targets.progress import progress_by_unit
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory, make_course

REPORT = reverse("cds_lms_reports:unit_summary")
FORMULA = "=SUM(1+1)"
TODAY = timezone.localdate()
HEADER = [
    "Target",
    "Unit code",
    "Unit",
    "People covered",
    "Completed",
    "Completion (%)",
    "Required (%)",
    "Expected today (%)",
    "Status",
    "Deadline",
]


def complete(profile, course):
    moment = timezone.now() - datetime.timedelta(days=1)
    Enrollment.objects.create(
        user=profile.user,
        course=course,
        enrolled_at=moment,
        completed_at=moment,
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
    )


def make_target(unit, courses, title, *, required, days_before, days_after, **fields):
    target = TrainingTarget.objects.create(
        unit=unit,
        title=title,
        required_percent=required,
        starts_on=TODAY - datetime.timedelta(days=days_before),
        deadline=TODAY + datetime.timedelta(days=days_after),
        **fields,
    )
    target.courses.set(courses)
    return target


@pytest.fixture
def data(province, home):
    """Two targets and six people.

    "Kỹ năng số" is set on the province (everyone; 50% by a deadline 100 days away, half the
    time gone: 25% expected today). "Dịch vụ công" is set on the district (citizens only, both
    courses; 80% by a deadline 30 days away, 70 of 100 days gone: 56% expected today).
    The department: 2 people, 1 completed "Kỹ năng số". The district: 1 civil servant who
    completed nothing. The commune: 2 citizens, one completed both courses, one only the first;
    and 1 civil servant who completed the first course.
    """
    first, second = make_course(lessons=1), make_course(lessons=1)
    skills = make_target(
        province["root"], [first], "Kỹ năng số", required=50, days_before=100, days_after=100
    )
    services = make_target(
        province["district"],
        [first, second],
        "Dịch vụ công",
        required=80,
        days_before=70,
        days_after=30,
        learner_category=LearnerCategory.CITIZEN,
    )
    done, _idle = LearnerProfileFactory.create_batch(2, unit=province["department"])
    complete(done, first)
    LearnerProfileFactory(unit=province["district"])
    both, one = LearnerProfileFactory.create_batch(
        2, unit=province["commune"], category=LearnerCategory.CITIZEN
    )
    complete(both, first)
    complete(both, second)
    complete(one, first)
    complete(LearnerProfileFactory(unit=province["commune"]), first)
    return {"skills": skills, "services": services, "first": first, "second": second}


@pytest.fixture
def manager(unit_manager):
    """The district's manager: the Unit manager role may view training targets."""
    return unit_manager


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def exported(client, **params) -> dict[tuple[str, str], dict[str, str]]:
    """The CSV rows by (target, unit code), after checking the header."""
    header, *body = csv_rows(client.get(REPORT, {**params, "export": "csv"}))
    assert header == HEADER
    return {(row[0], row[1]): dict(zip(header, row, strict=True)) for row in body}


def numbers(row: dict[str, str]) -> tuple:
    return (
        int(row["People covered"]),
        int(row["Completed"]),
        float(row["Completion (%)"]),
        int(row["Required (%)"]),
        float(row["Expected today (%)"]),
        row["Status"],
    )


def test_each_child_unit_is_counted_against_every_target_that_applies_to_it(
    admin_login, superuser, province, data
):
    # When the administrator exports the report without choosing a unit
    rows = exported(admin_login(superuser))

    # Then the province's child units stand against the province target, and the district
    # also against its own target (which does not apply to the department)
    assert set(rows) == {
        ("Kỹ năng số", "SO-TTTT"),
        ("Kỹ năng số", "H-VT"),
        ("Dịch vụ công", "H-VT"),
    }
    # 1 of 2 in the department: 50% reaches the 50% required
    assert numbers(rows[("Kỹ năng số", "SO-TTTT")]) == (2, 1, 50.0, 50, 25.0, "Met")
    # district and commune: 3 of 4 people completed the first course
    assert numbers(rows[("Kỹ năng số", "H-VT")]) == (4, 3, 75.0, 50, 25.0, "Met")
    # the 2 citizens of the commune: 1 completed both courses; 50% < 56% expected, within 10
    assert numbers(rows[("Dịch vụ công", "H-VT")]) == (2, 1, 50.0, 80, 56.0, "At risk")
    deadline = data["services"].deadline.strftime("%d/%m/%Y")
    assert rows[("Dịch vụ công", "H-VT")]["Deadline"] == deadline


def test_the_numbers_are_those_of_progress_by_unit_and_of_the_enrollments(
    admin_login, superuser, province, data
):
    rows = exported(admin_login(superuser), unit=province["district"].pk, include_unit="on")

    target = data["services"]
    for progress in progress_by_unit(target, [province["district"]]) + progress_by_unit(
        target, [province["commune"]]
    ):
        row = rows[(target.title, progress.unit.code)]
        assert (int(row["People covered"]), int(row["Completed"])) == (
            progress.people,
            progress.completed,
        )
    # Counted from the rows directly: citizens of the commune with both courses completed
    citizens = LearnerProfile.objects.filter(
        unit=province["commune"], category=LearnerCategory.CITIZEN
    )
    completed_both = [
        profile
        for profile in citizens
        if Enrollment.objects.filter(
            user=profile.user,
            completed_at__isnull=False,
            course__in=[data["first"], data["second"]],
        ).count()
        == 2
    ]
    assert numbers(rows[(target.title, "X-VT-01")])[:2] == (citizens.count(), len(completed_both))


def test_the_page_shows_the_rows_with_status_words_and_links_down_the_tree(
    admin_login, superuser, province, data
):
    response = admin_login(superuser).get(REPORT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Thông tin và Truyền thông" in html and "Huyện Vũ Thư" in html
    assert "cds-target-status--met" in html and ">At risk</span>" in html
    assert f"?unit={province['district'].pk}" in html  # the district row drills down
    # by target (the nearer deadline first), then in tree order; the commune, a grandchild of
    # the province, has no row of its own
    assert [(row.target.title, row.unit.code) for row in response.context["object_list"]] == [
        ("Dịch vụ công", "H-VT"),
        ("Kỹ năng số", "H-VT"),
        ("Kỹ năng số", "SO-TTTT"),
    ]


def test_the_unit_itself_is_included_on_request_and_a_unit_without_children_shows_itself(
    admin_login, superuser, province, data
):
    client = admin_login(superuser)

    children = exported(client, unit=province["district"].pk)
    with_unit = exported(client, unit=province["district"].pk, include_unit="on")
    leaf = exported(client, unit=province["commune"].pk)

    assert {code for _title, code in children} == {"X-VT-01"}
    assert {code for _title, code in with_unit} == {"H-VT", "X-VT-01"}
    assert set(leaf) == {("Kỹ năng số", "X-VT-01"), ("Dịch vụ công", "X-VT-01")}
    # the commune: 3 of 3 people completed the province target's course
    assert numbers(leaf[("Kỹ năng số", "X-VT-01")])[:3] == (3, 3, 100.0)


def test_a_manager_sees_only_their_subtree(admin_login, manager, province, data):
    client = admin_login(manager)

    rows = exported(client)
    page = client.get(REPORT).content.decode()

    # Their top unit is the district: its commune against both targets, nothing of the department
    assert set(rows) == {("Kỹ năng số", "X-VT-01"), ("Dịch vụ công", "X-VT-01")}
    assert "Sở Thông tin và Truyền thông" not in page and "SO-TTTT" not in page


def test_a_manager_choosing_a_unit_outside_their_scope_is_refused_with_no_rows(
    admin_login, manager, province, data
):
    client = admin_login(manager)

    for outside in (province["department"], province["root"]):
        response = client.get(REPORT, {"unit": outside.pk})
        assert "Select a valid choice" in response.content.decode()
        assert response.context["object_list"] == []  # no rows, not the whole scope
        assert exported(client, unit=outside.pk) == {}


def test_a_manager_cannot_choose_a_target_of_a_neighbour_unit(admin_login, manager, province, data):
    neighbours = make_target(
        province["department"], [data["first"]], "Của Sở", required=10, days_before=1, days_after=9
    )
    client = admin_login(manager)

    assert "Select a valid choice" in client.get(REPORT, {"target": neighbours.pk}).content.decode()
    assert exported(client, target=neighbours.pk) == {}
    assert set(exported(client, target=data["skills"].pk)) == {("Kỹ năng số", "X-VT-01")}


def test_a_reversed_deadline_range_says_so_and_shows_no_rows(admin_login, superuser, data):
    client = admin_login(superuser)
    params = {"deadline_from": "2026-12-31", "deadline_to": "2026-01-01"}

    response = client.get(REPORT, params)

    assert "The end date comes before the start date." in response.content.decode()
    assert response.context["object_list"] == []
    assert exported(client, **params) == {}


def test_the_deadline_range_keeps_the_targets_due_within_it(admin_login, superuser, data):
    client = admin_login(superuser)
    due = data["services"].deadline

    rows = exported(client, deadline_from=due.isoformat(), deadline_to=due.isoformat())

    assert {title for title, _code in rows} == {"Dịch vụ công"}


def test_the_status_filter_keeps_the_rows_of_that_status(admin_login, superuser, data):
    client = admin_login(superuser)

    assert set(exported(client, status="met")) == {
        ("Kỹ năng số", "SO-TTTT"),
        ("Kỹ năng số", "H-VT"),
    }
    assert set(exported(client, status="at_risk")) == {("Dịch vụ công", "H-VT")}
    assert exported(client, status="behind") == {}
    assert "Select a valid choice" in client.get(REPORT, {"status": "nonsense"}).content.decode()
    assert exported(client, status="nonsense") == {}


def test_the_category_filter_keeps_the_targets_of_that_category_only(admin_login, superuser, data):
    client = admin_login(superuser)

    # The everyone target counts every category: it is left out rather than passed off as the
    # citizens' numbers.
    assert set(exported(client, learner_category=LearnerCategory.CITIZEN)) == {
        ("Dịch vụ công", "H-VT")
    }
    assert exported(client, learner_category=LearnerCategory.CIVIL_SERVANT) == {}


def test_the_xlsx_export_keeps_numbers_dates_and_text(admin_login, superuser, province, data):
    response = admin_login(superuser).get(
        REPORT, {"unit": province["root"].pk, "target": data["skills"].pk, "export": "xlsx"}
    )

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["SO-TTTT"] == (
        "Kỹ năng số",
        "SO-TTTT",
        "Sở Thông tin và Truyền thông",
        2,
        1,
        50.0,
        50,
        25.0,
        "Met",
        data["skills"].deadline,  # a date cell
    )


def test_a_unit_named_like_a_formula_is_exported_as_text(admin_login, superuser, province, data):
    UnitFactory(code="X-CONG-THUC", name=FORMULA, parent=province["root"])
    client = admin_login(superuser)
    params = {"unit": province["root"].pk, "target": data["skills"].pk}

    (row,) = [
        r
        for r in csv_rows(client.get(REPORT, {**params, "export": "csv"}))
        if r[1] == "X-CONG-THUC"
    ]
    assert row[2] == "'" + FORMULA

    response = client.get(REPORT, {**params, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    (cell,) = [r[2] for r in sheet.iter_rows(min_row=2) if r[1].value == "X-CONG-THUC"]
    assert cell.value == FORMULA and cell.data_type == "s"


def test_a_plain_learner_or_an_editor_is_refused(admin_login, learner, role_groups, data):
    assert admin_login(learner).get(REPORT).status_code in (302, 403)

    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client = admin_login(editor)
    assert client.get(REPORT).status_code in (302, 403)
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_is_in_the_reports_menu_of_managers(admin_login, manager, data):
    assert REPORT in admin_login(manager).get(reverse("wagtailadmin_home")).content.decode()


# Queries of the district's page with two targets, whatever its number of child units:
#  1-2. the user and their Wagtail profile; 3. the chosen unit, checked against the scope;
#  4. its child units; 5. the ids of the targets the filters keep; 6-7. the targets that apply
#  to the row units, and their courses; 8-11. for each target, its course ids and the grouped
#  counts (`progress_by_unit`, one depth); 12-13. the units and targets the filters offer;
#  14-16. the admin menu (locales, explorable pages).
QUERIES = 16


@pytest.mark.parametrize("children", [2, 8])
def test_the_query_count_does_not_grow_with_the_number_of_units(
    admin_login, superuser, province, data, django_assert_num_queries, children
):
    for n in range(children):
        unit = UnitFactory(parent=province["district"], code=f"THON-{n}")
        complete(LearnerProfileFactory(unit=unit), data["first"])
    client = admin_login(superuser)
    params = {"unit": province["district"].pk}
    client.get(REPORT, params)  # warm the per-process caches

    with django_assert_num_queries(QUERIES):
        response = client.get(REPORT, params)

    assert response.status_code == 200
    rows = response.context["object_list"]
    assert len(rows) == 2 * (children + 1)  # both targets, the new units and the commune


def test_the_rows_are_paginated_and_the_export_has_them_all(
    admin_login, superuser, data, monkeypatch
):
    monkeypatch.setattr(UnitSummaryReportView, "paginate_by", 2)
    client = admin_login(superuser)

    first, second = client.get(REPORT), client.get(REPORT, {"p": 2})

    assert len(first.context["object_list"]) == 2 and len(second.context["object_list"]) == 1
    assert first.context["items_count"] == 3
    assert len(exported(client)) == 3
