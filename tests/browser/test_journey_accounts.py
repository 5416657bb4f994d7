"""Journey: a visitor opens the home page, registers, logs out, and logs in as the demo learner."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from lms.models import LearnerProfile


def test_register_logout_and_log_in_as_demo_learner(transactional_db, page, screenshot):
    # Given the demo site
    call_command("seed_demo", stdout=StringIO())

    # When a visitor opens the home page, in Vietnamese by default
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chuyển đổi số")
    screenshot("accounts-01-home")

    # ... follows "Đăng ký" (register) in the header and fills the form
    page.get_by_role("banner").get_by_role("link", name="Đăng ký").click()
    expect(page).to_have_url(f"{page.url.split('/accounts')[0]}/accounts/register/")
    page.fill("#id_full_name", "Hoàng Thị Mai")
    page.fill("#id_email", "mai.ht@thaibinh.gov.vn")
    page.fill("#id_password1", "Mat-khau-2026!")
    page.fill("#id_password2", "Mat-khau-2026!")
    page.select_option(
        "#id_unit", label=page.locator("#id_unit option", has_text="Xã Tân Hòa").inner_text()
    )
    page.select_option("#id_category", "public_employee")
    page.fill("#id_position", "Công chức Văn hóa - Xã hội")
    # Submitting without consent keeps the visitor on the form with a clear message
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("body")).to_contain_text("Bạn phải đồng ý với thông báo")
    assert not get_user_model().objects.filter(email="mai.ht@thaibinh.gov.vn").exists()
    page.fill("#id_password1", "Mat-khau-2026!")
    page.fill("#id_password2", "Mat-khau-2026!")
    page.check("#id_consent")
    screenshot("accounts-02-register")
    page.get_by_role("button", name="Tạo tài khoản").click()

    # Then the new learner lands on their profile, logged in
    expect(page).to_have_url(f"{page.url.split('/accounts')[0]}/accounts/profile/")
    expect(page.get_by_role("banner")).to_contain_text("Hoàng Thị Mai")
    profile = LearnerProfile.objects.get(user__email="mai.ht@thaibinh.gov.vn")
    assert profile.unit.code == "TB-VUTHU-TANHOA"
    assert profile.consent_version
    screenshot("accounts-03-profile")

    # When they log out
    page.get_by_role("banner").get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Đăng nhập")).to_be_visible()

    # And the demo learner logs in
    page.get_by_role("banner").get_by_role("link", name="Đăng nhập").click()
    page.fill("#id_username", "learner")
    page.fill("#id_password", "Demo@2026")
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("banner")).to_contain_text("Nguyễn Thị Lan")
    screenshot("accounts-04-logged-in")
