"""Journey: `learner` completes a course, downloads the certificate from the dashboard, the
PDF's text holds her Vietnamese name exactly, and its verification URL says it is valid."""

import re
import subprocess
import urllib.parse
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from certificates.models import RenderState
from certificates.pdf import verification_url
from tests.browser.steps import complete_course, log_in

COURSE = "xa-hoi-so-cho-nguoi-dan"
NAME = "Nguyễn Thị Lan"


def test_complete_a_course_download_the_certificate_and_verify_it(
    transactional_db, page, screenshot, live_server, django_user_model, tmp_path
):
    # Given the demo, whose courses use the default template, and a learner who completes one
    call_command("seed_demo", stdout=StringIO())
    learner = django_user_model.objects.get(username="learner")
    course, certificate = complete_course(learner, COURSE)
    assert certificate.render_state == RenderState.READY

    # When she opens her dashboard and downloads the certificate
    log_in(page, "learner", NAME)
    page.goto("/dashboard/")
    row = page.locator(f".cds-certificate[data-serial='{certificate.serial}']")
    expect(row).to_be_visible()
    screenshot("certificate-01-dashboard")
    with page.expect_download() as download_info:
        row.locator("a[href*='/download/']").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.serial}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # Then the PDF's text holds her name exactly, and its verification URL
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert NAME in text
    url = verification_url(certificate)
    printed = re.sub(r"\s+", "", text)
    if certificate.verification_code in printed:  # printed by the template: take it from there
        url = re.search(r"https?://\S+?/certificates/verify/[\w-]+/", printed).group(0)
    assert url == verification_url(certificate)

    # And the verification page, on this server, says the certificate is valid
    parts = urllib.parse.urlsplit(url)
    page.goto(live_server.url + parts.path)
    verdict = page.locator(".cds-verify")
    expect(verdict).to_have_attribute("data-status", "valid")
    expect(page.locator("main")).to_contain_text(NAME)
    expect(page.locator("main")).to_contain_text(certificate.serial)
    screenshot("certificate-02-verified")
