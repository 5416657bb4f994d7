"""Bad input is answered in the user's language: Vietnamese by default, and nothing changes."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from lms import services
from lms.exceptions import UnitMoveError
from lms.learner_import import validate_file
from lms.models import OrganisationUnit


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_duplicate_email_at_registration_is_refused_in_vietnamese(client, province, learner):
    users_before = get_user_model().objects.count()
    response = client.post(
        "/accounts/register/",
        {
            "full_name": "Người Trùng Email",
            "email": learner.email.upper(),
            "password1": "Mat-khau-2026!",
            "password2": "Mat-khau-2026!",
            "unit": province["commune"].pk,
            "category": "citizen",
            "consent": "on",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert "Đã có tài khoản dùng địa chỉ email này" in response.content.decode()
    assert get_user_model().objects.count() == users_before


def test_a_unit_cycle_is_refused_in_vietnamese(province):
    district, commune = province["district"], province["commune"]
    paths = list(OrganisationUnit.objects.values_list("path", flat=True))
    with pytest.raises(UnitMoveError, match="Không thể chuyển “Huyện Vũ Thư”"):
        services.update_unit(
            unit=district, code="H-VT", name=district.name, kind="district", parent=commune
        )
    assert list(OrganisationUnit.objects.values_list("path", flat=True)) == paths


def test_import_errors_are_in_vietnamese(province):
    # Excel's legacy "CSV" on Vietnamese Windows is cp1258, not UTF-8.
    wrong_encoding = "Ho va tên,Email,Mã đơn vị,Chức vụ,Đối tượng\n".encode("cp1258", "replace")
    result = validate_file(io.BytesIO(wrong_encoding), filename="hoc-vien.csv")
    assert "Tệp không dùng bảng mã UTF-8" in result.errors[0].message

    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ và tên", "Email"])
    workbook.active.append(["Nguyễn Văn An", "an@example.gov.vn"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = validate_file(io.BytesIO(buffer.getvalue()), filename="hoc-vien.xlsx")
    assert "Còn thiếu các cột" in result.errors[0].message

    csv = "Họ và tên,Email,Mã đơn vị,Chức vụ,Đối tượng\nAn,an@example.gov.vn,KHONG-CO,,Công chức\n"
    result = validate_file(io.BytesIO(csv.encode()), filename="hoc-vien.csv")
    assert [(e.row, e.message) for e in result.errors] == [
        (2, "Không có đơn vị nào có mã “KHONG-CO”.")
    ]
    assert get_user_model().objects.filter(email="an@example.gov.vn").count() == 0
