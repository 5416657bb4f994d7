"""The Wagtail admin for learner profiles: what each role sees, finds, exports and edits."""

import csv
import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.models import LearnerProfile
from tests.factories import LearnerProfileFactory, UnitFactory

INDEX = reverse("cds_lms_learners:index")
HEADERS = [
    "Full name",
    "Email",
    "Employee code",
    "Unit code",
    "Unit",
    "Position",
    "Learner category",
    "Phone",
    "Date joined",
]


@pytest.fixture
def people(province, learner):
    """Learners across the province (the manager, Lê Văn Quản, is in the district too)."""
    return {
        "department": learner.learner_profile,  # Trần Thị Học
        "district": LearnerProfileFactory(
            unit=province["district"], full_name="Nguyễn Văn Huyện", category="public_employee"
        ),
        "commune": LearnerProfileFactory(
            unit=province["commune"],
            full_name="Phạm Thị Xã",
            category="cooperative_leader",
            employee_code="HTX-001",
        ),
    }


def names(response):
    return [profile.full_name for profile in response.context["object_list"]]


def edit_url(profile):
    return reverse("cds_lms_learners:edit", args=[profile.pk])


def export(client, fmt, **params):
    response = client.get(INDEX, {**params, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        return list(csv.reader(io.StringIO(text)))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# --- listing ------------------------------------------------------------------------------


def test_administrator_lists_every_learner_with_the_listed_columns(
    people, unit_manager, site_admin, admin_login
):
    response = admin_login(site_admin).get(INDEX)

    assert response.status_code == 200
    assert names(response) == ["Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã", "Trần Thị Học"]
    html = response.content.decode()
    for header in ["Full name", "Email", "Unit", "Position", "Learner category", "Date joined"]:
        assert f"{header}\n" in html or f">{header}<" in html
    commune = people["commune"]
    assert commune.user.email in html
    assert "Cooperative leader" in html
    assert "Xã Tân Hòa" in html
    assert edit_url(commune) in html  # administrators can edit


def test_unit_manager_sees_only_learners_of_their_subtrees(people, unit_manager, admin_login):
    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    assert names(response) == ["Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã"]
    assert "Trần Thị Học" not in response.content.decode()
    # read-only: the name opens the inspect view, not the edit form
    commune = people["commune"]
    assert edit_url(commune) not in response.content.decode()
    assert reverse("cds_lms_learners:inspect", args=[commune.pk]) in response.content.decode()


def test_unit_manager_cannot_open_a_learner_outside_their_scope(people, unit_manager, admin_login):
    client = admin_login(unit_manager)
    outside, inside = people["department"], people["commune"]

    assert client.get(reverse("cds_lms_learners:inspect", args=[outside.pk])).status_code == 404
    assert client.get(reverse("cds_lms_learners:inspect", args=[inside.pk])).status_code == 200
    # editing needs a permission managers do not have: Wagtail sends them back to the dashboard
    response = client.get(edit_url(outside))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_a_scoped_editor_gets_404_on_a_learner_outside_their_scope(
    people, unit_manager, admin_login
):
    # Given a manager who may also change learner profiles (but still not see every unit)
    from django.contrib.auth.models import Permission

    unit_manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="cds_lms", codename="change_learnerprofile")
    )
    client = admin_login(unit_manager)

    assert client.get(edit_url(people["department"])).status_code == 404
    assert client.post(edit_url(people["department"]), {"full_name": "X"}).status_code == 404
    assert client.get(edit_url(people["commune"])).status_code == 200
    # and the unit choices of the form are their own units only
    form = client.get(edit_url(people["commune"])).context["form"]
    assert [u.code for u in form.fields["unit"].queryset] == ["H-VT", "X-VT-01"]


# --- filters and search -------------------------------------------------------------------


def test_filter_by_unit_includes_its_sub_units(people, unit_manager, site_admin, admin_login):
    client = admin_login(site_admin)
    province = people["department"].unit.get_parent()
    district = province.get_children().get(code="H-VT")

    response = client.get(INDEX, {"unit": district.pk})

    assert names(response) == ["Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã"]
    assert names(client.get(INDEX, {"unit": province.pk})) == [
        "Lê Văn Quản",
        "Nguyễn Văn Huyện",
        "Phạm Thị Xã",
        "Trần Thị Học",
    ]


def test_unit_filter_offers_only_the_units_the_user_may_see(people, unit_manager, admin_login):
    client = admin_login(unit_manager)

    response = client.get(INDEX)

    choices = response.context["filters"].form.fields["unit"].queryset
    assert [u.code for u in choices] == ["H-VT", "X-VT-01"]
    # and a unit outside the scope cannot be forced through the query string
    department = people["department"].unit
    response = client.get(INDEX, {"unit": department.pk})
    assert "Trần Thị Học" not in names(response)


def test_filter_by_category(people, site_admin, admin_login):
    response = admin_login(site_admin).get(INDEX, {"category": "cooperative_leader"})

    assert names(response) == ["Phạm Thị Xã"]


@pytest.mark.parametrize(
    "query",
    [
        "Trần Thị",  # precomposed, as most keyboards type it
        unicodedata.normalize("NFD", "Trần Thị"),  # combining marks, as some keyboards do
        "thị học",
    ],
)
def test_search_by_name_with_vietnamese_diacritics(people, site_admin, admin_login, query):
    response = admin_login(site_admin).get(INDEX, {"q": query})

    assert names(response) == ["Trần Thị Học"]


@pytest.mark.parametrize("field", ["email", "employee_code"])
def test_search_by_email_or_employee_code(people, site_admin, admin_login, field):
    commune = people["commune"]
    query = commune.user.email.upper() if field == "email" else "htx-001"

    response = admin_login(site_admin).get(INDEX, {"q": query})

    assert names(response) == ["Phạm Thị Xã"]


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_the_headers_and_one_row_per_learner(people, site_admin, admin_login, fmt):
    rows = export(admin_login(site_admin), fmt)

    assert rows[0] == HEADERS
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Trần Thị Học", "Nguyễn Văn Huyện", "Phạm Thị Xã"}
    commune = people["commune"]
    row = by_name["Phạm Thị Xã"]
    assert row[:7] == [
        "Phạm Thị Xã",
        commune.user.email,
        "HTX-001",
        "X-VT-01",
        "Xã Tân Hòa",
        "Chuyên viên",
        "Cooperative leader",
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_unit_manager_export_leaves_out_learners_outside_their_scope(
    people, unit_manager, admin_login, fmt
):
    rows = export(admin_login(unit_manager), fmt)

    exported = {row[0] for row in rows[1:]}
    assert exported == {"Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã"}
    assert "Trần Thị Học" not in exported
    assert people["department"].user.email not in {row[1] for row in rows}


def test_a_unit_outside_the_managers_scope_shows_its_message_and_nobody(
    people, unit_manager, admin_login
):
    # Given the district's manager asking for the department (outside their scope)
    client = admin_login(unit_manager)
    department = people["department"].unit

    # Then the list shows the filter's message and no learner, not their whole scope
    response = client.get(INDEX, {"unit": department.pk})
    assert response.status_code == 200
    assert names(response) == []
    assert "Select a valid choice" in response.content.decode()
    # and so do the exports
    for fmt in ("csv", "xlsx"):
        assert export(client, fmt, unit=department.pk)[1:] == []


def test_export_follows_the_filters(people, site_admin, admin_login):
    district = people["district"].unit

    rows = export(admin_login(site_admin), "csv", unit=district.pk, category="public_employee")

    assert [row[0] for row in rows[1:]] == ["Nguyễn Văn Huyện"]


def test_export_of_a_learner_without_unit_leaves_the_unit_columns_empty(
    db, site_admin, admin_login
):
    LearnerProfileFactory(unit=None, full_name="Đỗ Văn Tự Do")

    rows = export(admin_login(site_admin), "csv")

    assert rows[1][0] == "Đỗ Văn Tự Do"
    assert rows[1][3:5] == ["", ""]


# --- editing ------------------------------------------------------------------------------


def test_administrator_edits_a_learner_through_the_service(people, site_admin, admin_login):
    commune = people["commune"]
    new_unit = people["department"].unit

    response = admin_login(site_admin).post(
        edit_url(commune),
        {
            "full_name": "  Phạm   Thị Xã  ",
            "unit": new_unit.pk,
            "position": "Giám đốc HTX",
            "category": "cooperative_leader",
            "phone": " 0912 345 678 ",
            "employee_code": "HTX-002",
        },
    )

    assert response.status_code == 302
    commune.refresh_from_db()
    assert (commune.full_name, commune.unit, commune.position) == (
        "Phạm Thị Xã",
        new_unit,
        "Giám đốc HTX",
    )
    assert (commune.phone, commune.employee_code) == ("0912 345 678", "HTX-002")
    entry = ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(commune.pk)).get()
    assert entry.user == site_admin


def test_an_employee_code_already_used_is_a_form_error(people, site_admin, admin_login):
    district = people["district"]

    response = admin_login(site_admin).post(
        edit_url(district),
        {
            "full_name": district.full_name,
            "unit": district.unit.pk,
            "position": "",
            "category": district.category,
            "phone": "",
            "employee_code": "HTX-001",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "employee_code": ["Another learner already has this employee code."]
    }
    district.refresh_from_db()
    assert district.employee_code == ""


def test_there_is_no_add_screen(site_admin, admin_login):
    response = admin_login(site_admin).get(INDEX)

    assert "/admin/learners/new/" not in response.content.decode()
    assert admin_login(site_admin).get("/admin/learners/new/").status_code == 404


# --- query budget -------------------------------------------------------------------------


def _learners(rows: int) -> None:
    """`rows` learners spread over a small tree, for the manager of the root."""
    root = UnitFactory(code="TINH", name="Tỉnh", kind="province")
    units = [root, *(UnitFactory(parent=root) for _ in range(3))]
    for n in range(rows):
        LearnerProfileFactory(unit=units[n % len(units)], category="civil_servant")
    return root


# The learners index costs a unit manager 13 queries, for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the roots the user manages, for the learners' scope (visible_to)
#   1  the same roots, for the choices of the unit filter (managed_by)
#   1  the count for the paginator
#   1  the units offered by the unit filter
#   1  the learners of the page, their user and unit joined in (select_related)
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the user's page
#      and collection permissions for the sidebar menu
#   1  the personal data access log insert (lms.privacy: viewing the list is logged)
LEARNERS_INDEX_QUERIES = 13


@pytest.mark.parametrize("rows", [3, 30])
def test_learners_index_query_count_does_not_grow_with_rows(
    role_groups, admin_login, django_assert_num_queries, rows
):
    from lms import services

    root = _learners(rows)
    manager = LearnerProfileFactory(unit=root).user
    services.assign_unit_manager(user=manager, unit=root)
    client = admin_login(manager)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(LEARNERS_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows + 1  # and the manager


def test_learners_profiles_are_not_reference_indexed(people):
    # The admin keeps profile saves free of reference-index writes (imports save thousands).
    from wagtail.models import ReferenceIndex

    assert not ReferenceIndex.is_indexed(LearnerProfile)
