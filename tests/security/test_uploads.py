"""Uploads are limited by size and by type, the type checked on the content and not only the
name: spreadsheet imports (learners, questions), images (certificate seals, signatures and
backgrounds are Wagtail images) and documents. A refused file gets a message and nothing is
stored."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from lms.models import LearnerImport, LearnerProfile
from quizzes.models import Question
from quizzes.question_import import template_rows
from tests.factories import UnitFactory

LEARNER_IMPORT_URL = reverse("cds_lms_imports:upload")
QUESTION_IMPORT_URL = reverse("cds_quizzes_import:upload")
HEADER = ["Full name", "Email", "Unit code", "Position", "Category", "Employee code"]
ROWS = [
    ["Nguyễn Văn An", "an@example.gov.vn", "SO-UP", "Chuyên viên", "Công chức", "UP1"],
    ["Trần Thị Bình", "binh@example.gov.vn", "SO-UP", "Chuyên viên", "Công chức", "UP2"],
    ["Lê Hữu Cường", "cuong@example.gov.vn", "SO-UP", "Chuyên viên", "Công chức", "UP3"],
]
#: The first bytes of a Windows program (the DOS header), and of a Linux one.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(admin_login, superuser):
    return admin_login(superuser)


@pytest.fixture
def unit(db):
    return UnitFactory(code="SO-UP", name="Sở Thử Tải Lên")


def csv_bytes(rows=ROWS) -> bytes:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def xlsx_bytes(rows=ROWS, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_extra_member(workbook: bytes, name: str, data: bytes) -> bytes:
    """`workbook` with one more (well compressed) member: the shape of a zip bomb."""
    buffer = io.BytesIO(workbook)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def post(client, url: str, name: str, content: bytes):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def nothing_imported() -> bool:
    return not LearnerImport.objects.exists() and not LearnerProfile.objects.exists()


# --- learner import -----------------------------------------------------------------------


def test_a_clean_learner_file_is_accepted(admin, unit):
    """The control: the files below are refused for what they hold, not for their shape."""
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.xlsx", xlsx_bytes())
    assert response.status_code == 302
    assert LearnerImport.objects.count() == 1


def test_a_learner_file_over_the_size_limit_is_refused(admin, unit, settings):
    settings.LMS_IMPORT_MAX_BYTES = 200
    content = csv_bytes()
    assert len(content) > 200
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.csv", content)
    assert response.status_code == 200
    assert "The file is larger than 200\xa0bytes" in response.content.decode()
    assert nothing_imported()


@pytest.mark.parametrize("program", [EXE, ELF], ids=["windows", "linux"])
def test_a_program_renamed_csv_is_refused(admin, unit, program):
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.csv", program)
    assert response.status_code == 200
    assert "This file is a program, not a spreadsheet." in response.content.decode()
    assert nothing_imported()


def test_a_file_that_is_not_a_spreadsheet_by_name_is_refused(admin, unit):
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.exe", csv_bytes())
    assert "Only .csv and .xlsx files can be imported." in response.content.decode()
    assert nothing_imported()


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes(),  # text renamed .xlsx
        b"PK\x03\x04" + b"\x00" * 100,  # a broken zip
        with_extra_member(b"", "readme.txt", b"a zip, but not a workbook"),
    ],
    ids=["text", "broken-zip", "zip-without-workbook"],
)
def test_an_xlsx_must_be_a_workbook_by_its_content(admin, unit, content):
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.xlsx", content)
    assert "This file is not a valid Excel workbook (.xlsx)." in response.content.decode()
    assert nothing_imported()


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_it_is_read(admin, unit, settings):
    settings.LMS_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    bomb = with_extra_member(xlsx_bytes(), "xl/media/padding.bin", b"\x00" * (4 * 1024 * 1024))
    assert len(bomb) < 50_000  # small on the wire: it is the unpacked size that counts
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.xlsx", bomb)
    assert "This workbook unpacks to more than 2.0\xa0MB." in response.content.decode()
    assert nothing_imported()


def test_a_learner_file_over_the_row_limit_is_refused(admin, unit, settings):
    settings.LMS_IMPORT_MAX_ROWS = 2
    response = post(admin, LEARNER_IMPORT_URL, "hoc-vien.xlsx", xlsx_bytes())
    assert "more than 2 learner rows" in response.content.decode()
    assert nothing_imported()


# --- question import ----------------------------------------------------------------------


def question_xlsx() -> bytes:
    rows = template_rows()
    return xlsx_bytes(rows[1:], header=rows[0])


def test_a_clean_question_file_is_accepted(admin):
    response = post(admin, QUESTION_IMPORT_URL, "cau-hoi.xlsx", question_xlsx())
    assert response.status_code == 302
    assert Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cau-hoi.csv", EXE, "This file is a program, not a spreadsheet."),
        ("cau-hoi.xlsx", csv_bytes(), "This file is not a valid Excel workbook (.xlsx)."),
        ("cau-hoi.pdf", b"%PDF-1.4", "Only .csv and .xlsx files can be imported."),
    ],
    ids=["program", "not-a-workbook", "pdf"],
)
def test_a_question_file_of_the_wrong_type_is_refused(admin, name, content, message):
    response = post(admin, QUESTION_IMPORT_URL, name, content)
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_file_over_the_limits_is_refused(admin, settings):
    settings.LMS_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = with_extra_member(question_xlsx(), "xl/padding.bin", b"\x00" * (2 * 1024 * 1024))
    response = post(admin, QUESTION_IMPORT_URL, "cau-hoi.xlsx", bomb)
    assert "This workbook unpacks to more than 1.0\xa0MB." in response.content.decode()
    settings.LMS_IMPORT_MAX_BYTES = 300
    response = post(admin, QUESTION_IMPORT_URL, "cau-hoi.xlsx", question_xlsx())
    assert "The file is larger than 300\xa0bytes" in response.content.decode()
    assert not Question.objects.exists()


# --- images (certificate seals, signatures and backgrounds included) -----------------------

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 100).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def add_image(client, name: str, content: bytes, url: str = "/admin/images/add/"):
    return client.post(url, {"title": "Con dấu", "file": SimpleUploadedFile(name, content)})


def test_certificate_images_are_wagtail_images_under_the_same_rules():
    from certificates.models import CertificateTemplate

    for name in ("signature_image", "seal_image", "background_image"):
        field = CertificateTemplate._meta.get_field(name)
        assert field.related_model is get_image_model()


def test_the_reference_site_allows_raster_images_only(settings):
    from django.conf import settings as django_settings

    assert sorted(django_settings.WAGTAILIMAGES_EXTENSIONS) == [
        "gif",
        "jpeg",
        "jpg",
        "png",
        "webp",
    ]


def test_an_svg_image_is_refused(admin, settings):
    settings.WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
    response = add_image(admin, "con-dau.svg", SVG)
    assert response.status_code == 200
    assert "Not a supported image format" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_page_renamed_png_is_refused_and_a_real_png_is_kept(admin):
    response = add_image(admin, "chu-ky.png", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
    response = add_image(admin, "chu-ky.png", png((20, 20)))
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


def test_an_oversized_image_is_refused_through_the_chooser_upload_too(admin, settings):
    """The upload inside the image chooser (how a certificate template picks its seal)."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000
    big = png((200, 200))
    assert len(big) > 10_000
    response = admin.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Hình nền",
            "image-chooser-upload-file": SimpleUploadedFile("nen.png", big),
        },
    )
    assert "This file is too big" in response.content.decode()
    assert not get_image_model().objects.exists()


# --- documents ----------------------------------------------------------------------------


def add_document(client, name: str, content: bytes):
    return client.post(
        "/admin/documents/add/", {"title": "Tài liệu", "file": SimpleUploadedFile(name, content)}
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_pdf_document_is_kept(admin):
    response = add_document(admin, "tai-lieu.pdf", PDF)
    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tai-lieu.pdf", EXE, "This file is a program."),
        ("tai-lieu.txt", ELF, "This file is a program."),
        ("tai-lieu.pdf", b"<html>not a pdf</html>", "This file is not a PDF document"),
        ("tai-lieu.docx", PDF, "This file is not a .docx file"),
        ("tai-lieu.exe", PDF, "File extension “exe” is not allowed"),
    ],
    ids=["exe-as-pdf", "elf-as-txt", "html-as-pdf", "pdf-as-docx", "exe-extension"],
)
def test_a_document_whose_content_does_not_fit_its_name_is_refused(admin, name, content, message):
    response = add_document(admin, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_document_over_the_size_limit_is_refused(admin, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = add_document(admin, "tai-lieu.pdf", PDF + b"%" * 200)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_the_reference_site_limits_documents_to_20_mb():
    from django.conf import settings

    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILDOCS_DOCUMENT_FORM_BASE == "lms.documents.DocumentForm"
