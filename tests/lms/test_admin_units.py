"""The Wagtail admin for organisation units and unit managers, as an administrator and a
unit manager use it."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lms import services
from lms.models import OrganisationUnit, UnitManagerAssignment
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory

INDEX = reverse("cds_lms_units:index")
ADD = reverse("cds_lms_units:add")
MANAGERS = reverse("cds_lms_unit_managers:index")
ASSIGN = reverse("cds_lms_unit_managers:add")
NBSP = "\u00a0"


def edit_url(unit):
    return reverse("cds_lms_units:edit", args=[unit.pk])


def delete_url(unit):
    return reverse("cds_lms_units:delete", args=[unit.pk])


def paths():
    return dict(OrganisationUnit.objects.values_list("code", "path"))


def title_cells(response):
    """The text of each row's title cell, in page order (no-break spaces kept: they indent)."""
    cells = re.findall(
        r'<td class="title">\s*<div class="title-wrapper">(.*?)</div>',
        response.content.decode(),
        flags=re.DOTALL,
    )
    return [re.sub(r"<[^>]+>", "", cell).strip(" \n") for cell in cells]


def messages_of(response):
    return [str(m).strip() for m in get_messages(response.wsgi_request)]


def assert_refused(response):
    """Wagtail answers a missing permission with a redirect to the dashboard (and a message)."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def form_data(unit, **changes):
    parent = unit.get_parent()
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind, "parent": parent.pk}
    return {**data, **changes}


# --- index --------------------------------------------------------------------------------


def test_index_lists_units_in_tree_order_with_names_indented_by_depth(
    province, learner, superuser, admin_login
):
    # Given the province: root → (district → commune), department; a learner in the department
    client = admin_login(superuser)

    # When the administrator opens the units index
    response = client.get(INDEX)

    # Then each unit comes right under its parent (siblings by name), indented by its depth
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [u.code for u in rows] == ["TINH", "H-VT", "X-VT-01", "SO-TTTT"]
    assert title_cells(response) == [
        "Tỉnh Thái Bình",
        f"{NBSP * 4}↳ Huyện Vũ Thư",
        f"{NBSP * 8}↳ Xã Tân Hòa",
        f"{NBSP * 4}↳ Sở Thông tin và Truyền thông",
    ]
    # and the learner counts: directly in the unit, and in its whole subtree
    counts = {u.code: (u.learners_direct, u.learners_total) for u in rows}
    assert counts == {"TINH": (0, 1), "H-VT": (0, 0), "X-VT-01": (0, 0), "SO-TTTT": (1, 1)}


def test_index_counts_learners_of_the_whole_subtree(province, superuser, admin_login):
    LearnerProfileFactory(unit=province["district"])
    LearnerProfileFactory.create_batch(2, unit=province["commune"])

    response = admin_login(superuser).get(INDEX)

    counts = {
        u.code: (u.learners_direct, u.learners_total) for u in response.context["object_list"]
    }
    assert counts["TINH"] == (0, 3)
    assert counts["H-VT"] == (1, 3)
    assert counts["X-VT-01"] == (2, 2)


@pytest.mark.parametrize("query", ["tân hòa", "X-VT", "x-vt-01"])
def test_index_search_by_name_or_code(province, superuser, admin_login, query):
    response = admin_login(superuser).get(INDEX, {"q": query})

    assert [u.code for u in response.context["object_list"]] == ["X-VT-01"]


def test_index_shows_the_managers_of_each_unit(province, unit_manager, superuser, admin_login):
    response = admin_login(superuser).get(INDEX)

    assert "Lê Văn Quản &lt;" in response.content.decode()


# --- create and edit ----------------------------------------------------------------------


def test_administrator_creates_a_child_unit_through_the_admin_form(
    province, superuser, admin_login
):
    client = admin_login(superuser)
    district = province["district"]

    # The "Add sub-unit" link of the district opens the form with the district as parent
    form = client.get(ADD, {"parent": district.pk}).context["form"]
    assert str(form["parent"].value()) == str(district.pk)

    response = client.post(
        ADD,
        {"parent": district.pk, "code": "X-VT-00", "name": "Xã An Bình", "kind": "commune"},
    )

    assert response.status_code == 302
    created = OrganisationUnit.objects.get(code="X-VT-00")
    district.refresh_from_db()
    assert created.get_parent() == district
    # siblings stay sorted by name: "Xã An Bình" before "Xã Tân Hòa"
    assert [u.code for u in district.get_children()] == ["X-VT-00", "X-VT-01"]
    assert created.depth == 3


def test_parent_choices_are_indented_in_tree_order(province, superuser, admin_login):
    form = admin_login(superuser).get(ADD).context["form"]

    labels = [label for value, label in form.fields["parent"].choices if value]
    assert labels == [
        "Tỉnh Thái Bình",
        f"{NBSP * 4}↳ Huyện Vũ Thư",
        f"{NBSP * 8}↳ Xã Tân Hòa",
        f"{NBSP * 4}↳ Sở Thông tin và Truyền thông",
    ]


def test_duplicate_code_is_a_form_error(province, superuser, admin_login):
    response = admin_login(superuser).post(
        ADD, {"parent": "", "code": "H-VT", "name": "Khác", "kind": "district"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert OrganisationUnit.objects.filter(code="H-VT").count() == 1


def test_editing_the_parent_moves_the_unit_with_its_subtree(province, superuser, admin_login):
    district, department = province["district"], province["department"]

    response = admin_login(superuser).post(
        edit_url(district), form_data(district, parent=department.pk, name="Huyện Vũ Thư mới")
    )

    assert response.status_code == 302
    commune = OrganisationUnit.objects.get(code="X-VT-01")
    department.refresh_from_db()
    assert commune.is_descendant_of(department)
    assert OrganisationUnit.objects.get(code="H-VT").name == "Huyện Vũ Thư mới"


@pytest.mark.parametrize("new_parent", ["commune", "district"])
def test_moving_a_unit_under_itself_or_a_descendant_is_refused_with_a_form_error(
    province, superuser, admin_login, new_parent
):
    district = province["district"]
    before = paths()

    response = admin_login(superuser).post(
        edit_url(district), form_data(district, parent=province[new_parent].pk, name="Đổi tên")
    )

    # The form comes back with the reason on the parent field, and nothing changed
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "“Huyện Vũ Thư” cannot be moved under itself or one of its own sub-units."
    ]
    assert "cannot be moved under itself" in response.content.decode()
    assert paths() == before
    assert OrganisationUnit.objects.get(code="H-VT").name == "Huyện Vũ Thư"


# --- delete -------------------------------------------------------------------------------


def test_deleting_a_unit_with_learners_is_refused(province, learner, superuser, admin_login):
    client = admin_login(superuser)
    department = province["department"]

    # Opening the confirmation says why instead of asking
    response = client.get(delete_url(department))
    assert response.status_code == 302
    assert messages_of(response) == [
        "“Sở Thông tin và Truyền thông” has learners. "
        "Move them to another unit before deleting this unit."
    ]

    # and posting anyway deletes nothing
    response = client.post(delete_url(department))
    assert response.status_code == 302
    assert "has learners" in messages_of(response)[0]
    assert OrganisationUnit.objects.filter(pk=department.pk).exists()


def test_deleting_a_unit_with_sub_units_is_refused(province, superuser, admin_login):
    before = paths()

    response = admin_login(superuser).post(delete_url(province["district"]))

    assert "has sub-units" in messages_of(response)[0]
    assert paths() == before


def test_deleting_an_empty_unit(province, superuser, admin_login):
    response = admin_login(superuser).post(delete_url(province["commune"]))

    assert response.status_code == 302
    assert not OrganisationUnit.objects.filter(code="X-VT-01").exists()
    district = OrganisationUnit.objects.get(code="H-VT")
    assert district.numchild == 0 and district.is_leaf()


# --- unit managers' view ------------------------------------------------------------------


def test_unit_manager_sees_only_their_subtree_read_only(province, unit_manager, admin_login):
    client = admin_login(unit_manager)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert [u.code for u in response.context["object_list"]] == ["H-VT", "X-VT-01"]
    html = response.content.decode()
    assert "Sở Thông tin" not in html
    assert ADD not in html
    assert edit_url(province["district"]) not in html
    assert delete_url(province["commune"]) not in html


def test_unit_manager_cannot_add_edit_delete_or_assign(province, unit_manager, admin_login):
    client = admin_login(unit_manager)
    commune = province["commune"]

    assert_refused(client.get(ADD))
    assert_refused(client.post(edit_url(commune), form_data(commune, name="X")))
    assert_refused(client.post(delete_url(commune)))
    assert_refused(client.get(MANAGERS))
    assert OrganisationUnit.objects.get(code="X-VT-01").name == "Xã Tân Hòa"


def test_site_administrator_manages_every_unit(province, site_admin, admin_login):
    client = admin_login(site_admin)

    assert len(client.get(INDEX).context["object_list"]) == 4
    assert client.get(edit_url(province["department"])).status_code == 200


# --- assigning and removing managers -------------------------------------------------------


def test_assigning_a_manager_twice_changes_nothing(province, superuser, admin_login):
    client = admin_login(superuser)
    person = UserFactory(username="can-bo@example.gov.vn")
    department = province["department"]

    first = client.post(ASSIGN, {"user": "CAN-BO@example.gov.vn", "unit": department.pk})
    second = client.post(ASSIGN, {"user": "can-bo@example.gov.vn", "unit": department.pk})

    assert first.status_code == second.status_code == 302
    assert messages_of(first)[-1] == (
        "can-bo@example.gov.vn now manages “Sở Thông tin và Truyền thông” and every unit below it."
    )
    assert messages_of(second)[-1] == (
        "can-bo@example.gov.vn already manages “Sở Thông tin và Truyền thông”; nothing changed."
    )
    assert list(UnitManagerAssignment.objects.values_list("user", "unit")) == [
        (person.pk, department.pk)
    ]
    assert person.groups.filter(name="Unit manager").count() == 1


def test_assigning_an_unknown_account_is_a_form_error(province, superuser, admin_login):
    response = admin_login(superuser).post(
        ASSIGN, {"user": "nobody@example.gov.vn", "unit": province["department"].pk}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["user"] == [
        "No account has this email address or username."
    ]
    assert not UnitManagerAssignment.objects.exists()


def test_managers_listing_filtered_by_unit(province, unit_manager, superuser, admin_login):
    other = UserFactory()
    services.assign_unit_manager(user=other, unit=province["department"])

    response = admin_login(superuser).get(MANAGERS, {"unit": province["district"].pk})

    assert [a.user for a in response.context["object_list"]] == [unit_manager]


def test_removing_a_manager_ends_their_access(province, unit_manager, superuser, admin_login):
    assignment = unit_manager.unit_manager_assignments.get()
    client = admin_login(superuser)

    response = client.post(reverse("cds_lms_unit_managers:delete", args=[assignment.pk]))

    assert response.status_code == 302
    assert "no longer manages" in messages_of(response)[0]
    assert not unit_manager.unit_manager_assignments.exists()
    assert not unit_manager.groups.filter(name="Unit manager").exists()
    # without the role they no longer get into the admin at all
    client.force_login(unit_manager)
    response = client.get(INDEX)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


# --- query budget -------------------------------------------------------------------------


def _tree(rows: int) -> None:
    """A province root and `rows - 1` units under it; every other unit has a learner and
    every unit a manager, so each row has something to count and someone to list."""
    root = UnitFactory(code="TINH", name="Tỉnh", kind="province")
    services.assign_unit_manager(user=UserFactory(), unit=root)
    for n in range(rows - 1):
        unit = UnitFactory(parent=root, kind="commune")
        if n % 2:
            LearnerProfileFactory(unit=unit)
        services.assign_unit_manager(user=UserFactory(), unit=unit)


# The units index costs 9 queries (as a superuser) for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the count for the paginator
#   1  the units of the page, with both learner counts as correlated subqueries
#   1  their managers (prefetch), each manager's user and learner profile joined in
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the page
#      explorer's start page (two) for the sidebar menu
UNITS_INDEX_QUERIES = 8


@pytest.mark.parametrize("rows", [3, 30])
def test_units_index_query_count_does_not_grow_with_rows(
    db, superuser, admin_login, django_assert_num_queries, rows
):
    _tree(rows)
    client = admin_login(superuser)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(UNITS_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows
