"""The printable sign-in sheet: a PDF whose Vietnamese text comes out right (read back with
poppler's pdftotext), listing the registered learners by name, then empty rows for walk-ins."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import RegistrationStatus
from courses.signin_sheet import BLANK_ROWS
from lms import roles
from lms.services import enroll
from tests.factories import LearnerProfileFactory, UnitFactory, make_course, make_session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"),
]


@pytest.fixture
def blended(catalogue):
    return make_course(catalogue, lessons=0, delivery_mode="blended", title="Chuyển đổi số cơ sở")


@pytest.fixture
def trainer(role_groups):
    profile = LearnerProfileFactory(full_name="Trần Minh Đức")
    profile.user.groups.add(role_groups[roles.TRAINER])
    return profile.user


@pytest.fixture
def session(blended, trainer):
    return make_session(
        blended,
        starts_in_hours=24,
        trainers=[trainer],
        title="Buổi 2: Thực hành dịch vụ công",
        venue_name="Hội trường UBND huyện Vũ Thư",
        venue_address="Số 1 đường Trần Hưng Đạo",
        capacity=2,
    )


def learner(course, full_name: str, unit=None, position: str = "Chuyên viên"):
    profile = LearnerProfileFactory(
        full_name=full_name, position=position, **({"unit": unit} if unit else {})
    )
    enroll(user=profile.user, course=course)
    return profile.user


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, timeout=60
    )
    return out.stdout.decode("utf-8")


def download(client: Client, session):
    return client.get(reverse("courses:signin_sheet", args=[session.pk]))


def test_the_sheet_lists_registered_learners_in_vietnamese_by_name(trainer, session, tmp_path):
    unit = UnitFactory(name="Xã Tân Hòa")
    hoa = learner(session.course, "Nguyễn Thị Hoà", unit=unit, position="Phó Chủ tịch")
    an = learner(session.course, "Trần Văn An")
    waiting = learner(session.course, "Lê Văn Chờ")
    for person in (hoa, an, waiting):  # two places: Lê Văn Chờ waits
        services.register(session=session, user=person)
    assert session.registrations.get(user=waiting).status == RegistrationStatus.WAITLISTED
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(trainer)

    response = download(client, session)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="sign-in-{session.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert unicodedata.is_normalized("NFC", text)
    for expected in (
        "CHUYỂN ĐỔI SỐ CƠ SỞ",  # the course, upper-cased by the stylesheet
        "SIGN-IN SHEET",
        "Buổi 2: Thực hành dịch vụ công",
        "Hội trường UBND huyện Vũ Thư, Số 1 đường Trần Hưng Đạo",
        "Trần Minh Đức",  # the trainer
        "Nguyễn Thị Hoà",
        "Xã Tân Hòa",
        "Phó Chủ tịch",
        "Full name",
        "Signature",
        "2 learners registered.",
    ):
        assert expected in text, expected
    assert "Lê Văn Chờ" not in text  # the waitlist does not sign in
    assert text.index("Trần Văn An") < text.index("Nguyễn Thị Hoà")  # An before Hoà
    # Then the empty rows for walk-ins: a number and nothing else.
    empty_rows = [line.strip() for line in text.splitlines() if line.strip().isdigit()]
    assert empty_rows == [str(n) for n in range(3, 3 + BLANK_ROWS)]


def test_markup_in_a_name_is_printed_as_text(trainer, session, tmp_path):
    services.register(session=session, user=learner(session.course, "<script>alert(1)</script>"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(trainer)
    text = pdf_text(download(client, session).content, tmp_path)
    assert "<script>alert(1)</script>" in text


def test_the_font_is_the_bundled_vietnamese_font_embedded(trainer, session, tmp_path):
    if not shutil.which("pdffonts"):
        pytest.skip("needs poppler-utils (pdffonts)")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(trainer)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(download(client, session).content)
    fonts = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, timeout=60
    ).stdout.decode()
    # ReportLab lists the Helvetica every canvas starts with, but no text is set in it.
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    faces = [line for line in lines if not line.startswith("Helvetica ")]
    assert faces and all("+BeVietnamPro-" in line for line in faces), fonts
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in faces), fonts  # embedded


def test_other_trainers_and_learners_cannot_download_it(role_groups, session):
    someone = learner(session.course, "Trần Văn An")
    services.register(session=session, user=someone)
    client = Client()
    client.force_login(someone)
    assert download(client, session).status_code == 403
