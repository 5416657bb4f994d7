"""Journey (Law 91/2025/QH15): the privacy notice changes, the demo learner agrees again at
their next login, downloads everything held about them, asks for erasure; the administrator
approves it; the learner's certificate still verifies, under the name printed on it only."""

import json
import zipfile
from io import BytesIO, StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from lms.conf import lms_settings
from lms.models import Consent, LearnerProfile

from .steps import SCREENSHOTS, admin_log_in, complete_course, log_in


def test_consent_again_download_my_data_and_erasure_approved(
    transactional_db, page, chromium_browser, live_server, screenshot
):
    # Given the demo site, where the demo learner agreed to an older privacy notice
    call_command("seed_demo", stdout=StringIO())
    profile = LearnerProfile.objects.select_related("user").get(user__username="learner")
    profile.consent_version = "2025-06"
    profile.save(update_fields=["consent_version"])
    _course, certificate = complete_course(profile.user, "xa-hoi-so-cho-nguoi-dan")
    unit_name = profile.unit.name

    # When they log in, they are asked to agree to the new notice before anything else
    log_in(page, "learner", "Nguyễn Thị Lan")
    expect(page).to_have_url(f"{live_server.url}/privacy/consent/?next=%2Fdashboard%2F")
    expect(page.get_by_role("main")).to_contain_text("Thông báo về quyền riêng tư đã thay đổi")
    screenshot("privacy-01-consent")
    version = lms_settings.PRIVACY_NOTICE_VERSION
    agree = f"Tôi đồng ý với thông báo về quyền riêng tư (phiên bản {version})"
    page.get_by_role("button", name=agree).click()

    # Then they reach the page they asked for, and the consent is in the history
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    latest = Consent.objects.filter(user=profile.user).order_by("given_at", "pk").last()
    assert latest.notice_version == version

    # When they download their data from the profile
    page.goto("/accounts/profile/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải dữ liệu của tôi").first.click()
    archive = zipfile.ZipFile(BytesIO(download_info.value.path().read_bytes()))

    # Then the zip holds their data as JSON and their certificates as PDFs
    data = json.loads(archive.read("data.json"))
    assert "Nguyễn Thị Lan" in json.dumps(data, ensure_ascii=False)
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert pdfs and all(archive.read(name).startswith(b"%PDF") for name in pdfs)

    # When they ask for their data to be erased, confirming it
    page.get_by_role("link", name="Yêu cầu xóa dữ liệu của tôi").click()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.locator(".errorlist, [role=alert]").first).to_be_visible()  # not confirmed yet
    page.get_by_label("Tôi hiểu rằng tài khoản của tôi sẽ bị đóng").check()
    screenshot("privacy-02-erasure-request")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.get_by_role("main")).to_contain_text("Yêu cầu xóa dữ liệu của bạn đã được gửi")

    # And the site administrator approves it in the admin
    admin = chromium_browser.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    admin_log_in(admin, "admin")
    admin.goto("/admin/personal-data/erasure-requests/")
    row = admin.get_by_role("row").filter(has_text="Nguyễn Thị Lan")
    expect(row).to_have_count(1)  # beside the demo's own request from another learner
    admin.screenshot(path=str(SCREENSHOTS / "privacy-03-admin-requests.png"), full_page=True)
    row.get_by_role("button", name="Chấp thuận và xóa").click()
    expect(admin.get_by_role("main")).to_contain_text("Yêu cầu đã được chấp thuận")

    # Then the account is closed and the name is gone from the profile
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert not profile.user.is_active
    assert "Nguyễn Thị Lan" not in profile.full_name

    # And the public verification still confirms the certificate, with the printed name only
    page.goto(f"/certificates/verify/{certificate.verification_code}/")
    holder = page.locator(".cds-verify__holder")
    expect(holder).to_have_text(certificate.holder_name)
    expect(page.locator(".cds-verify")).to_have_attribute("data-status", "valid")
    expect(page.get_by_role("main")).not_to_contain_text(unit_name)
    screenshot("privacy-04-verify-after-erasure")
