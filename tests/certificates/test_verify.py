"""The public verification pages: by code, by uploaded PDF, and their rate limits."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from certificates import services
from certificates.models import Certificate, RenderState
from tests.certificates.conftest import HOLDER_NAME
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english_and_fresh_limits(client):
    """Assertions read the English interface (the pages follow the browser's language); each
    test starts with no request counted."""
    cache.clear()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks) -> Certificate:
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(enrollment_id=completed.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.READY
    return certificate


def verify_url(certificate: Certificate) -> str:
    return reverse("certificates:verify", args=[certificate.verification_code])


def test_the_verification_page_shows_the_certificate_and_nothing_else_personal(
    client, issued, holder
):
    holder.learner_profile.phone = "0912 345 678"
    holder.learner_profile.save()

    response = client.get(verify_url(issued))

    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid." in html
    assert HOLDER_NAME in html
    assert "Chính quyền số cơ bản" in html
    assert issued.serial in html
    assert date_format(timezone.localtime(issued.issued_at), "SHORT_DATE_FORMAT") in html
    assert "Does not expire" in html
    assert "Digital transformation training programme" in html  # the issuer
    assert holder.email not in html
    assert "0912 345 678" not in html
    assert "Chuyên viên chính" not in html  # position: not on the verification page


def test_the_verification_page_costs_one_query(client, issued, django_assert_num_queries):
    # 1. the certificate by its verification code, joined with the certificate replacing it.
    # (An anonymous visitor: no session, no user row. The budget is 3.)
    with django_assert_num_queries(1):
        response = client.get(verify_url(issued))
    assert response.status_code == 200


def test_a_replaced_certificate_links_to_the_new_one(
    client, issued, superuser, django_assert_max_num_queries
):
    new = services.reissue(certificate=issued, by=superuser, reason="Sai tên")

    with django_assert_max_num_queries(3):
        response = client.get(verify_url(issued))

    html = response.content.decode()
    assert "This certificate was replaced by a new one." in html
    assert f'href="{verify_url(new)}"' in html
    assert new.serial in html
    assert "This certificate is valid." in client.get(verify_url(new)).content.decode()


def test_a_revoked_certificate_shows_the_date_and_the_reason(client, issued, superuser):
    services.revoke(certificate=issued, by=superuser, reason="Gian lận trong bài kiểm tra")

    html = client.get(verify_url(issued)).content.decode()

    assert "This certificate was revoked on" in html
    assert "Gian lận trong bài kiểm tra" in html
    assert "This certificate is valid." not in html


def test_an_expired_certificate_says_so(client, issued):
    Certificate.objects.filter(pk=issued.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    html = client.get(verify_url(issued)).content.decode()

    assert "This certificate expired on" in html
    assert "This certificate is valid." not in html


@pytest.mark.parametrize("code", ["forged-code", "A" * 32, "x"])
def test_an_unknown_code_is_not_found(client, issued, code):
    response = client.get(reverse("certificates:verify", args=[code]))

    assert response.status_code == 404
    assert "Certificate not found" in response.content.decode()
    assert HOLDER_NAME not in response.content.decode()


def test_a_serial_is_not_a_verification_code(client, issued):
    response = client.get(reverse("certificates:verify", args=[issued.serial]))

    assert response.status_code == 404


def upload(client, content: bytes, name: str = "certificate.pdf"):
    return client.post(
        reverse("certificates:verify_upload"),
        {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_the_upload_form_is_shown(client, db):
    response = client.get(reverse("certificates:verify_upload"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_uploading_the_exact_pdf_finds_the_certificate(client, issued):
    with issued.pdf.open("rb") as stored:
        content = stored.read()

    html = upload(client, content).content.decode()

    assert f"This file is exactly certificate {issued.serial}" in html
    assert f'href="{verify_url(issued)}"' in html


def test_uploading_a_modified_pdf_finds_nothing(client, issued):
    with issued.pdf.open("rb") as stored:
        content = stored.read()
    modified = content.replace(b"/Producer", b"/Producex", 1)
    assert modified != content

    html = upload(client, modified).content.decode()

    assert "This file is not a certificate issued here" in html
    assert issued.serial not in html


def test_uploading_a_text_file_gets_a_clear_message(client, issued):
    html = upload(client, b"hello, I am a certificate", name="fake.pdf").content.decode()

    assert "This file is not a PDF." in html
    assert "This file is exactly" not in html


def test_an_upload_over_the_size_limit_is_refused(client, db, settings):
    settings.CERTIFICATES_UPLOAD_MAX_BYTES = 100

    html = upload(client, b"%PDF-1.4\n" + b"0" * 200).content.decode()

    assert "The file is too large" in html


def test_verification_is_rate_limited_per_client(client, issued, settings):
    settings.CERTIFICATES_VERIFY_RATE = "3/h"  # an hour's window: no rollover mid-test
    url = verify_url(issued)

    statuses = [client.get(url).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("certificates:verify", args=["unknown"]))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    # Another client is not limited by the first one's requests.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_uploads_are_rate_limited_per_client(client, issued, settings):
    settings.CERTIFICATES_UPLOAD_RATE = "2/h"

    statuses = [upload(client, b"%PDF-1.4 nothing").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "Too many requests" in upload(client, b"%PDF-").content.decode()


def test_the_rate_limit_page_speaks_the_visitors_language(client, issued, settings):
    settings.CERTIFICATES_VERIFY_RATE = "1/h"
    client.get(verify_url(issued))

    response = client.get(verify_url(issued), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 429
    assert '<html lang="vi">' in response.content.decode()
    assert "Quá nhiều yêu cầu" in response.content.decode()


def test_logged_in_visitors_see_the_same_page(client, issued, django_assert_num_queries):
    client.force_login(UserFactory())

    # 1. the certificate; 2. the user with its learner profile (one join, lms.auth_backends)
    # for the header of lms/base.html. The session comes from the cache (cached_db).
    with django_assert_num_queries(2):
        response = client.get(verify_url(issued))

    assert response.status_code == 200
    assert HOLDER_NAME in response.content.decode()
