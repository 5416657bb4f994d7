"""After the holder's data is erased, their certificates still verify, showing the name printed
on them and nothing else personal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from certificates import services
from certificates.models import Certificate, RenderState
from lms.privacy import services as privacy_services
from tests.certificates.conftest import HOLDER_NAME


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks) -> Certificate:
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(enrollment_id=completed.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.READY
    return certificate


def test_the_verification_shows_only_the_name_after_erasure(
    client, issued, holder, superuser, province
):
    pdf = issued.pdf.read()
    email = holder.email
    assert issued.holder_unit and issued.holder_position  # copied at issue
    erasure = privacy_services.request_erasure(user=holder)

    assert privacy_services.approve_erasure(request=erasure, by=superuser)

    issued.refresh_from_db()
    assert issued.holder_name == HOLDER_NAME and issued.status == "valid"
    assert (issued.holder_unit, issued.holder_position) == ("", "")
    response = client.get(reverse("certificates:verify", args=[issued.verification_code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid." in html
    assert HOLDER_NAME in html and "Chính quyền số cơ bản" in html and issued.serial in html
    for personal in (email, "Chuyên viên chính", province["department"].name, "Erased learner"):
        assert personal not in html
    # The holder's own copy of the PDF still proves the certificate.
    upload = SimpleUploadedFile("cert.pdf", pdf, content_type="application/pdf")
    checked = client.post(reverse("certificates:verify_upload"), {"pdf": upload})
    assert issued.serial in checked.content.decode()
