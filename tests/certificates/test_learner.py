"""The learner's side: the "My certificates" dashboard panel, downloads and the ready email."""

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from certificates import services
from certificates.dashboard import MyCertificatesPanel
from certificates.models import Certificate, RenderState
from tests.certificates.conftest import complete
from tests.factories import LearnerProfileFactory

DASHBOARD_URL = reverse("lms:dashboard")


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


def add_certificates(holder, model: Certificate, count: int) -> None:
    """`count` more certificates for `holder`, like `model`, stored without rendering."""
    for number in range(count):
        Certificate.objects.create(
            user=holder,
            course_id=model.course_id,
            template_id=model.template_id,
            serial=f"TB-2026-9{number:05d}",
            status="replaced",  # one valid certificate per course: the others were replaced
            holder_name=model.holder_name,
            course_title=f"Khoá {number}",
            render_state=RenderState.PENDING if number % 2 else RenderState.READY,
            pdf=model.pdf.name if number % 2 == 0 else None,
        )


def test_the_dashboard_lists_my_certificates(client, holder, issued):
    pending = Certificate.objects.create(
        user=holder,
        course_id=issued.course_id,
        template_id=issued.template_id,
        serial="TB-2026-999999",
        status="replaced",
        holder_name=issued.holder_name,
        course_title="Khoá đang in",
    )
    client.force_login(holder)

    html = client.get(DASHBOARD_URL).content.decode()

    assert "My certificates" in html
    assert issued.serial in html and "Chính quyền số cơ bản" in html
    assert f'href="{reverse("certificates:download", args=[issued.pk])}"' in html
    assert "Valid" in html
    assert pending.serial in html and "Being prepared" in html
    assert reverse("certificates:download", args=[pending.pk]) not in html


def test_a_learner_without_certificates_is_told_how_to_get_one(client, holder):
    client.force_login(holder)

    html = client.get(DASHBOARD_URL).content.decode()

    assert "You have no certificate yet" in html


@pytest.mark.parametrize("more", [0, 9])
def test_the_panel_costs_one_query_for_any_number_of_certificates(
    holder, issued, more, django_assert_num_queries
):
    add_certificates(holder, issued, more)
    request = RequestFactory().get(DASHBOARD_URL)
    request.user = holder

    # 1. the holder's certificates (only the columns the panel shows).
    with django_assert_num_queries(1):
        html = MyCertificatesPanel().render(request)

    assert html.count('class="cds-certificate"') == 1 + more


def test_the_whole_dashboard_does_not_grow_with_certificates(
    client, holder, issued, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(holder)
    client.get(DASHBOARD_URL)  # warm Wagtail's site caches
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD_URL)
    add_certificates(holder, issued, 9)
    with django_assert_num_queries(len(one)):
        html = client.get(DASHBOARD_URL).content.decode()
    assert html.count('class="cds-certificate"') == 10


def test_downloading_my_certificate_gives_the_pdf(client, holder, issued):
    client.force_login(holder)

    response = client.get(reverse("certificates:download", args=[issued.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{issued.serial}.pdf"'
    content = b"".join(response.streaming_content)
    with issued.pdf.open("rb") as stored:
        assert content == stored.read()
    assert content.startswith(b"%PDF-")


def test_another_persons_certificate_is_not_found(client, issued, province):
    other = LearnerProfileFactory(unit=province["department"], full_name="Lê Văn Khác").user
    client.force_login(other)

    response = client.get(reverse("certificates:download", args=[issued.pk]))

    assert response.status_code == 404


def test_downloading_needs_a_login(client, issued):
    url = reverse("certificates:download", args=[issued.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert url in response.url and "login" in response.url


def test_a_certificate_not_rendered_yet_is_being_prepared(client, holder, issued):
    Certificate.objects.filter(pk=issued.pk).update(render_state=RenderState.PENDING, pdf=None)
    client.force_login(holder)

    response = client.get(reverse("certificates:download", args=[issued.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Your certificate is being prepared" in response.content.decode()


def test_the_holder_is_emailed_when_the_pdf_is_ready(
    holder, course, settings, django_capture_on_commit_callbacks
):
    settings.CERTIFICATES_BASE_URL = "https://daotao.example.gov.vn"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        complete(holder, course)  # the course_completed signal issues and renders

    certificate = Certificate.objects.get(user=holder)
    assert certificate.render_state == RenderState.READY
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [holder.email]
    assert message.subject == "Your certificate for “Chính quyền số cơ bản” is ready"
    assert f"Your certificate {certificate.serial}" in message.body
    download = reverse("certificates:download", args=[certificate.pk])
    assert f"https://daotao.example.gov.vn{download}" in message.body
    assert (
        f"https://daotao.example.gov.vn/certificates/verify/{certificate.verification_code}/"
        in message.body
    )
    assert "&" not in message.subject and "&#" not in message.body


def test_no_second_email_when_the_render_runs_again(issued):
    from certificates.tasks import render_certificate_pdf

    mail.outbox.clear()

    render_certificate_pdf.enqueue(issued.pk)

    assert mail.outbox == []


def test_a_failing_mail_server_does_not_fail_the_render(
    holder, course, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.send_mail", broken)

    with django_capture_on_commit_callbacks(execute=True):
        complete(holder, course)

    assert Certificate.objects.get(user=holder).render_state == RenderState.READY
