"""A PDF render that fails for real (a template body the renderer refuses, a media storage that
cannot be written) keeps the certificate, "being prepared" for its holder, logs the error,
and is rendered by the retry command once the cause is fixed: one PDF, one email."""

import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from certificates import services
from certificates.models import Certificate, CertificateStatus, RenderState


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def broken_template_body(template, media_root):
    """A body saved past the admin form (a script, an old import) with a placeholder the
    renderer refuses; fixed by putting the editor's body back."""
    body = template.body
    type(template).objects.filter(pk=template.pk).update(body=body + "{{ learner.password }}")

    def fix():
        type(template).objects.filter(pk=template.pk).update(body=body)

    return fix


def unwritable_media(template, media_root):
    """The media root is not a directory (a missing mount leaves a file in its place): the
    rendered PDF cannot be stored; fixed when the mount is back."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    media_root.write_bytes(b"")

    def fix():
        media_root.unlink()
        media_root.mkdir()

    return fix


@pytest.mark.parametrize("cause", [broken_template_body, unwritable_media])
def test_a_failed_render_keeps_the_certificate_being_prepared_until_a_retry_renders_it(
    cause,
    client,
    holder,
    completed,
    template,
    media_root,
    caplog,
    django_capture_on_commit_callbacks,
):
    # Given a cause that makes every render of the certificate fail
    fix = cause(template, media_root)
    mail.outbox.clear()

    # When the certificate is issued (its render queued after the commit) and the render fails
    with (
        caplog.at_level(logging.ERROR, logger="certificates.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate = services.issue_certificate(enrollment_id=completed.pk)

    # Then the certificate is kept, valid, with its serial, its render recorded as failed
    failed = Certificate.objects.get(pk=certificate.pk)
    assert (failed.status, failed.serial) == (CertificateStatus.VALID, certificate.serial)
    assert (failed.render_state, failed.render_attempts) == (RenderState.FAILED, 1)
    assert not failed.pdf and failed.pdf_sha256 == "" and failed.render_error
    # and the failure is logged with its certificate
    logged = [r for r in caplog.records if r.name == "certificates.services"]
    assert [r.getMessage() for r in logged] == [
        f"Rendering certificate {certificate.serial} failed"
    ]
    assert logged[0].exc_info is not None
    # and the holder's download page says it is being prepared, no email was sent
    client.force_login(holder)
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response.status_code == 200
    assert "Your certificate is being prepared" in response.content.decode()
    assert mail.outbox == []

    # When the cause is fixed and the retry command runs (cron, every 10 minutes)
    fix()
    out = StringIO()
    call_command("retry_certificate_renders", stdout=out)

    # Then the PDF is rendered once, the holder emailed once, and the download gives it
    assert "1 certificate PDF(s) queued" in out.getvalue()
    ready = Certificate.objects.get(pk=certificate.pk)
    assert (ready.render_state, ready.render_attempts) == (RenderState.READY, 2)
    assert ready.pdf_sha256 and ready.render_error == ""
    assert [message.to for message in mail.outbox] == [[holder.email]]
    response = client.get(reverse("certificates:download", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # and running the command again renders nothing more
    call_command("retry_certificate_renders", stdout=StringIO())
    assert Certificate.objects.get(pk=certificate.pk).render_attempts == 2
    assert len(mail.outbox) == 1
