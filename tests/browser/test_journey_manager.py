"""Journey: `manager` (Vũ Thư district) opens the training dashboard, sees the chart of their
units against the targets and the certificates issued per week, drills into a unit, then
downloads the learner progress report of that unit as XLSX; the workbook opens with openpyxl and
holds the rows the report shows."""

import datetime
import io
import re
from io import StringIO

import openpyxl
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from lms.models import Enrollment, OrganisationUnit, scope_paths, under
from lms.targets.charts import week_starts

ADMIN_PASSWORD = "Demo@2026"


def test_manager_sees_the_chart_drills_down_and_downloads_the_rows(
    transactional_db, page, screenshot
):
    call_command("seed_demo", stdout=StringIO())
    # The demo's manager leads Vũ Thư district, where the seeded completions have certificates
    district = OrganisationUnit.objects.get(code="TB-VUTHU")

    page.goto("/admin/login/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/")

    # The dashboard: a chart of the manager's units against each target, with its table
    page.goto("/admin/training-dashboard/")
    chart = page.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    assert chart.get_attribute("aria-label")
    expect(page.locator("table.listing").first).to_be_visible()
    # Certificates issued per week: a chart with its label, and the table of its twelve weeks,
    # whose numbers add up to the valid certificates of the manager's people in those weeks
    certificates = page.locator("section.cds-weekly-series").first
    expect(certificates.locator("svg[role=img]")).to_have_attribute("aria-label", re.compile("."))
    weeks = certificates.locator("table.listing tbody tr")
    expect(weeks).to_have_count(12)
    shown = sum(int(weeks.nth(n).locator("td").inner_text()) for n in range(12))
    manager = get_user_model().objects.get(username="manager")
    first_week = week_starts(timezone.localdate(), 12)[0]
    assert shown >= 1
    assert shown == (
        Certificate.objects.valid()
        .filter(
            under("user__learner_profile__unit__path", scope_paths(manager)),
            issued_at__gte=timezone.make_aware(
                datetime.datetime.combine(first_week, datetime.time.min)
            ),
        )
        .count()
    )
    screenshot("manager-01-dashboard")

    # Drill into the first unit of the first table
    first_row_link = page.locator("table.listing th[scope=row] a").first
    unit_name = first_row_link.inner_text()
    first_row_link.click()
    expect(page.locator("main")).to_contain_text(unit_name)
    screenshot("manager-02-unit")
    unit = OrganisationUnit.objects.get(name=unit_name)
    assert unit.path.startswith(district.path)

    # The learner progress report of that unit, shown, then downloaded as XLSX
    report = f"/admin/cds-lms/reports/learner-progress/?unit={unit.pk}"
    page.goto(report)
    screenshot("manager-03-report")
    response = page.request.get(report + "&export=xlsx")
    assert response.ok
    sheet = openpyxl.load_workbook(io.BytesIO(response.body())).active
    rows = list(sheet.iter_rows(values_only=True))
    data = rows[1:]  # under the header row
    expected = Enrollment.objects.for_units([unit]).count()
    assert len(data) == expected > 0
    # Every learner (the first column) and course of the file is shown on the report page
    shown = page.locator("main").inner_text()
    for row in data:
        assert str(row[0]) in shown
