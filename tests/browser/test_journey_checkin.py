"""Journey: `trainer` opens the check-in screen of a session from the dashboard; `coopleader`,
in a second browser (another phone), opens the code from that screen, logs in, confirms, and is
marked present; the trainer's attendance sheet shows it."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import AttendanceRecord, AttendanceSource, TrainingSession
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import log_in

COURSE = "chuyen-doi-so-hop-tac-xa-nong-nghiep"


def test_trainer_shows_the_code_and_the_learner_checks_in(
    transactional_db, page, screenshot, chromium_browser, live_server
):
    call_command("seed_demo", stdout=StringIO())
    session = TrainingSession.objects.filter(course__slug=COURSE).order_by("starts_at").first()
    # The demo's first session starts later in the day: for the journey, it began 5 minutes ago.
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=3)
    )

    # The trainer finds the session on the dashboard and opens its check-in screen
    log_in(page, "trainer", "Trần Minh Đức")
    page.goto("/dashboard/")
    panel = page.locator("section", has_text="Buổi học tôi phụ trách").last
    panel.locator(f"a[href$='/learning/sessions/{session.pk}/check-in-screen/']").click()
    code = page.locator("[data-checkin-url]")
    expect(code).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    expect(page.locator("[data-checked-in]")).to_have_text("0")
    screenshot("checkin-01-screen")
    checkin_url = code.get_attribute("data-checkin-url")
    assert checkin_url.startswith(live_server.url) and "?code=" in checkin_url

    # The cooperative leader's phone opens that address: logged out, it asks to log in first
    phone = chromium_browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    learner = phone.new_page()
    learner.set_default_timeout(15_000)
    learner.goto(checkin_url)
    learner.get_by_role("link", name="Đăng nhập để điểm danh").click()
    learner.fill("#id_username", "coopleader")
    learner.fill("#id_password", "Demo@2026")
    learner.locator("main form button[type=submit]").click()

    # Back on the confirmation, with the code exchanged for a grant: confirm
    learner.get_by_role("button", name="Điểm danh cho tôi").click()
    expect(learner.get_by_role("status")).to_contain_text("Có mặt")
    learner.screenshot(path=str(SCREENSHOTS / "checkin-02-phone.png"), full_page=True)
    phone.close()

    record = AttendanceRecord.objects.get(session=session, user__username="coopleader")
    assert (record.status, record.source, record.walk_in) == ("present", "check_in", False)
    assert record.source == AttendanceSource.CHECK_IN

    # The screen counts the learner at its next refresh; the sheet shows them present
    expect(page.locator("[data-checked-in]")).to_have_text("1", timeout=40_000)
    page.goto(f"/learning/sessions/{session.pk}/attendance/")
    row = page.locator(f"#learner-{record.user_id}")
    expect(row).to_contain_text("Phạm Văn Hùng")
    expect(row.locator("input[type=radio][value=present]")).to_be_checked()
    screenshot("checkin-03-sheet")
