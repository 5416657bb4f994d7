"""The certificate PDF: Vietnamese text in an embedded font, metadata, and a renderer that
reads nothing but the font, static and media files."""

import hashlib
import logging
import shutil
import subprocess

import pytest

from certificates import pdf, services
from certificates.models import Certificate, RenderState
from lms import pdf as lms_pdf
from tests.certificates.conftest import HOLDER_NAME

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdffonts") and shutil.which("pdftotext")), reason="needs poppler-utils"
)


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def rendered(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.issue_certificate(enrollment_id=completed.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.READY
    return certificate


@needs_poppler
def test_the_pdf_embeds_the_vietnamese_font_and_extracts_exactly(rendered):
    path = rendered.pdf.path
    rows = [line.split() for line in run("pdffonts", path).splitlines()[2:]]
    # ReportLab lists Helvetica, unembedded, as the initial font of every PDF it writes (an
    # empty canvas has it too); every font that draws text is an embedded Be Vietnam Pro.
    drawn = [row for row in rows if row[0] != "Helvetica"]
    assert drawn and all("BeVietnamPro" in row[0] and row[-5] == "yes" for row in drawn)
    text = run("pdftotext", "-layout", path, "-")
    assert HOLDER_NAME in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Chính quyền số cơ bản" in text
    assert rendered.serial in text


@needs_poppler
def test_the_pdf_has_its_metadata_and_its_sha256(rendered):
    info = run("pdfinfo", rendered.pdf.path)
    assert rendered.serial in info  # title
    assert "Chính quyền số cơ bản" in info  # subject
    with rendered.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == rendered.pdf_sha256
    assert rendered.pdf.name.startswith("certificates/")
    assert rendered.verification_code not in rendered.pdf.name


def test_a_decomposed_name_is_stored_and_printed_in_nfc(holder, completed):
    import unicodedata

    profile = holder.learner_profile
    type(profile).objects.filter(pk=profile.pk).update(
        full_name=unicodedata.normalize("NFD", HOLDER_NAME)
    )
    certificate = services.issue_certificate(enrollment_id=completed.pk)
    assert certificate.holder_name == HOLDER_NAME  # NFC


def test_the_qr_code_encodes_the_absolute_verification_url(rendered, settings):
    settings.CERTIFICATES_BASE_URL = "https://hoc.thaibinh.gov.vn"
    url = pdf.verification_url(rendered)
    assert url == f"https://hoc.thaibinh.gov.vn/certificates/verify/{rendered.verification_code}/"
    values = pdf.certificate_values(rendered)
    assert 'src="data:image/png;base64,' in values["qr_code"]


@needs_poppler
def test_learner_text_cannot_inject_markup(holder, completed):
    profile = holder.learner_profile
    profile.full_name = 'Lê <script>alert(1)</script><img src="/etc/passwd"> Văn'
    profile.save()
    certificate = services.issue_certificate(enrollment_id=completed.pk)
    values = pdf.certificate_values(certificate)
    html = pdf.render_html(certificate.template, values, meta={"title": "t"})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<img src="/etc/passwd">' not in html
    services.render_pdf(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    text = run("pdftotext", certificate.pdf.path, "-")
    assert "<script>alert(1)</script>" in text  # printed as text, not run


def test_foreign_resources_are_never_read_and_the_pdf_still_renders(
    completed, template, monkeypatch, caplog
):
    template.body = (
        '<p>{{ learner_name }}</p><img src="file:///etc/passwd">'
        '<img src="http://169.254.169.254/x"><img src="https://example.com/logo.png">'
        '<img src="/etc/passwd"><img src="/static/../../../../etc/passwd">'
        '<img src="/media/../../../../etc/passwd">'
    )
    template.full_clean()
    template.save()
    asked = {}
    resolve = lms_pdf.resolve_resource

    def spy(uri):
        asked[str(uri)] = resolve(uri)
        return asked[str(uri)]

    def no_network(*args, **kwargs):
        raise AssertionError("the renderer tried the network")

    monkeypatch.setattr(lms_pdf, "resolve_resource", spy)
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    monkeypatch.setattr("http.client.HTTPConnection.connect", no_network)
    monkeypatch.setattr("socket.getaddrinfo", no_network)
    certificate = services.issue_certificate(enrollment_id=completed.pk)
    with caplog.at_level(logging.WARNING):
        services.render_pdf(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.render_state == RenderState.READY
    assert certificate.pdf.read().startswith(b"%PDF")
    for uri in (
        "file:///etc/passwd",
        "http://169.254.169.254/x",
        "https://example.com/logo.png",
        "/etc/passwd",
        "/static/../../../../etc/passwd",
        "/media/../../../../etc/passwd",
    ):
        assert asked[uri] is None, uri
    # The fonts are registered once per process (pdf.register_fonts), not fetched per render:
    # nothing at all was opened through the callback.
    assert [path for path in asked.values() if path] == []
    # The fetcher's own policy refused what the callback left alone.
    assert "Blocked by the resource policy" in caplog.text


def test_static_and_media_files_may_be_used(settings, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "seal.png").write_bytes(b"png")
    assert pdf.resolve_resource("/media/seal.png") == str((media_root / "seal.png").resolve())
    assert pdf.resolve_resource("/media/missing.png") is None
    assert pdf.resolve_resource(str(pdf.FONT_FILES[("bold", "normal")])) is not None
    assert pdf.resolve_resource("file:///etc/hostname") is None


def test_a_failed_render_keeps_the_certificate_and_can_be_retried(completed, monkeypatch):
    certificate = services.issue_certificate(enrollment_id=completed.pk)

    def broken(certificate):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf, "render_certificate", broken)
    with pytest.raises(RuntimeError):
        services.render_pdf(certificate_id=certificate.pk)
    failed = Certificate.objects.get(pk=certificate.pk)
    assert failed.render_state == RenderState.FAILED and failed.render_attempts == 1
    assert "disk full" in failed.render_error
    assert (failed.serial, failed.status) == (certificate.serial, certificate.status)
    monkeypatch.undo()
    assert services.retry_failed_renders() == 1  # the immediate backend renders it now
    ready = Certificate.objects.get(pk=certificate.pk)
    assert ready.render_state == RenderState.READY and ready.render_attempts == 2
    assert ready.pdf_sha256 and ready.render_error == ""


def test_the_retry_command_renders_what_failed(completed, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    certificate = services.issue_certificate(enrollment_id=completed.pk)
    monkeypatch.setattr(pdf, "render_certificate", lambda certificate: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        services.render_pdf(certificate_id=certificate.pk)
    monkeypatch.undo()
    out = StringIO()
    call_command("retry_certificate_renders", stdout=out)
    assert "1 certificate PDF(s) queued" in out.getvalue()
    assert Certificate.objects.get(pk=certificate.pk).render_state == RenderState.READY
