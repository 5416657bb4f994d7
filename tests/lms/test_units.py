import pytest

from lms import services
from lms.exceptions import UnitMoveError
from lms.models import OrganisationUnit


def test_create_unit_keeps_siblings_sorted_and_name_nfc(db):
    root = services.create_unit(code="TINH", name="Tỉnh", kind="province")
    services.create_unit(code="B", name="Sở Y tế", kind="department", parent=root)
    # "Sở Công Thương" typed with decomposed diacritics (NFD) is stored precomposed (NFC).
    decomposed = "So\u031b\u0309 Co\u0302ng Thu\u031bo\u031bng"
    services.create_unit(code="A", name=decomposed, kind="department", parent=root)
    root.refresh_from_db()
    names = [u.name for u in root.get_children()]
    assert names == ["Sở Công Thương", "Sở Y tế"]


def test_moving_a_unit_under_its_own_descendant_is_refused_and_nothing_changes(province):
    district, commune = province["district"], province["commune"]
    paths_before = dict(OrganisationUnit.objects.values_list("code", "path"))
    with pytest.raises(UnitMoveError):
        services.update_unit(
            unit=district, code=district.code, name="Tên mới", kind=district.kind, parent=commune
        )
    with pytest.raises(UnitMoveError):
        services.update_unit(
            unit=district,
            code=district.code,
            name=district.name,
            kind=district.kind,
            parent=district,
        )
    assert dict(OrganisationUnit.objects.values_list("code", "path")) == paths_before
    district.refresh_from_db()
    assert district.name == "Huyện Vũ Thư"


def test_moving_a_unit_takes_its_subtree_along(province):
    district, commune, department = (
        province["district"],
        province["commune"],
        province["department"],
    )
    services.update_unit(
        unit=district, code=district.code, name=district.name, kind=district.kind, parent=department
    )
    commune.refresh_from_db()
    department.refresh_from_db()
    assert commune.is_descendant_of(department)
    assert set(OrganisationUnit.objects.subtrees([department]).values_list("code", flat=True)) == {
        "SO-TTTT",
        "H-VT",
        "X-VT-01",
    }


def test_manager_scope_is_the_assigned_subtree(province, unit_manager):
    codes = set(OrganisationUnit.objects.managed_by(unit_manager).values_list("code", flat=True))
    assert codes == {"H-VT", "X-VT-01"}


def test_assigning_a_manager_twice_changes_nothing(province, unit_manager):
    services.assign_unit_manager(user=unit_manager, unit=province["district"])
    assert unit_manager.unit_manager_assignments.count() == 1
    assert unit_manager.groups.filter(name="Unit manager").count() == 1
