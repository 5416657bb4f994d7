"""Certificates issued per week on the managers' training dashboard: counted by the week of
issue in Vietnam's time, for the people of the units shown, revoked certificates left out."""

import datetime
import itertools
import re
import zoneinfo
from collections import Counter

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateStatus
from lms.models import Enrollment, EnrollmentStatus
from lms.targets.charts import week_starts
from tests.factories import LearnerProfileFactory

DASHBOARD = reverse("cds_lms_training_dashboard")
VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_serials = itertools.count(1)


@pytest.fixture(autouse=True)
def vietnam_time(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture
def manager(unit_manager):
    """The district's manager, allowed to open the dashboard."""
    unit_manager.user_permissions.add(Permission.objects.get(codename="view_trainingtarget"))
    return unit_manager


@pytest.fixture
def issue(course, template):
    """Issue a certificate of `course` to a new learner of `unit` at `issued_at`."""

    def issue(unit, issued_at):
        profile = LearnerProfileFactory(unit=unit)
        Enrollment.objects.create(
            user=profile.user,
            course=course,
            enrolled_at=issued_at - datetime.timedelta(days=1),
            completed_at=issued_at,
            status=EnrollmentStatus.COMPLETED,
            progress_percent=100,
        )
        return Certificate.objects.create(
            user=profile.user,
            course=course,
            template=template,
            serial=f"TEST-{next(_serials):06d}",
            holder_name=profile.full_name,
            course_title=course.title,
            issued_at=issued_at,
        )

    return issue


def monday(weeks_ago: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday(), weeks=weeks_ago)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VIETNAM)


def expected_weeks(certificates) -> list[tuple[datetime.date, int]]:
    """What the chart should show for `certificates`: their count by the Monday of their
    issue date in Vietnam, over the dashboard's 12 weeks."""
    counts = Counter(
        c.issued_at.astimezone(VIETNAM).date()
        - datetime.timedelta(days=c.issued_at.astimezone(VIETNAM).weekday())
        for c in certificates
    )
    return [(week, counts[week]) for week in week_starts(timezone.localdate(), 12)]


def certificates_chart(response):
    """The (week, count) pairs of the "Certificates issued per week" series."""
    [chart] = [
        c
        for c in response.context["series_charts"]
        if str(c.series.label) == "Certificates issued per week"
    ]
    return chart.weekly


def test_counts_per_week_are_those_of_the_certificates_issued(
    superuser, admin_login, province, issue
):
    # Given certificates issued this week, three weeks ago (two) and long before the chart
    shown = [
        issue(province["commune"], timezone.now() - datetime.timedelta(minutes=5)),
        issue(province["department"], local(monday(3) + datetime.timedelta(days=2), 9)),
        issue(province["district"], local(monday(3) + datetime.timedelta(days=6), 20)),
        issue(province["district"], local(monday(11), 8)),
    ]
    issue(province["district"], local(monday(20), 10))  # before the 12 weeks shown

    # When the administrator opens the dashboard
    response = admin_login(superuser).get(DASHBOARD)

    # Then each week counts the certificates issued in it
    weekly = certificates_chart(response)
    assert weekly == expected_weeks(shown)
    assert sum(count for _week, count in weekly) == 4
    assert dict(weekly)[monday(3)] == 2


def test_a_manager_does_not_count_the_neighbour_units_certificates(
    manager, admin_login, province, issue
):
    # Given a certificate in the district's commune and two in the department next door
    ours = issue(province["commune"], timezone.now() - datetime.timedelta(hours=1))
    issue(province["department"], timezone.now() - datetime.timedelta(hours=1))
    issue(province["department"], local(monday(1), 10))
    client = admin_login(manager)

    # When the district's manager opens the dashboard, then only the commune's certificate counts
    assert certificates_chart(client.get(DASHBOARD)) == expected_weeks([ours])
    assert certificates_chart(client.get(DASHBOARD, {"unit": province["district"].pk})) == (
        expected_weeks([ours])
    )
    # and the department's ids lead nowhere
    assert client.get(DASHBOARD, {"unit": province["department"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"unit": province["root"].pk}).status_code == 404


def test_a_drill_down_counts_only_that_units_subtree(superuser, admin_login, province, issue):
    ours = issue(province["commune"], local(monday(2), 10))
    issue(province["department"], local(monday(2), 11))

    response = admin_login(superuser).get(DASHBOARD, {"unit": province["district"].pk})

    assert certificates_chart(response) == expected_weeks([ours])


def test_revoked_and_replaced_certificates_are_not_counted(superuser, admin_login, province, issue):
    # Given one certificate that stands, one revoked, and one corrected by a reissue
    stands = issue(province["district"], local(monday(2), 10))
    revoked = issue(province["district"], local(monday(2), 11))
    services.revoke(certificate=revoked, by=superuser, reason="Cấp nhầm người")
    corrected = issue(province["district"], local(monday(4), 10))
    replacement = services.reissue(certificate=corrected, by=superuser, reason="Sai tên")
    revoked.refresh_from_db()
    corrected.refresh_from_db()
    assert (revoked.status, corrected.status) == (
        CertificateStatus.REVOKED,
        CertificateStatus.REPLACED,
    )

    response = admin_login(superuser).get(DASHBOARD)

    # Then the week of issue counts the one that stands, and the reissue counts once, in the
    # week of the replacement
    weekly = certificates_chart(response)
    assert weekly == expected_weeks([stands, replacement])
    assert dict(weekly)[monday(2)] == 1
    assert dict(weekly)[monday(4)] == 0


def test_weeks_start_on_monday_at_midnight_in_vietnam(superuser, admin_login, province, issue):
    # Given one certificate on Sunday 23:30 and one on Monday 00:30, Vietnam time: in UTC
    # (7 hours behind) both fall on the Sunday
    sunday_night = issue(
        province["district"], local(monday(1) - datetime.timedelta(days=1), 23, 30)
    )
    monday_morning = issue(province["district"], local(monday(1), 0, 30))
    utc = datetime.UTC
    assert sunday_night.issued_at.astimezone(utc).date() == (
        monday_morning.issued_at.astimezone(utc).date()
    )

    response = admin_login(superuser).get(DASHBOARD)

    # Then they fall in two weeks
    weekly = dict(certificates_chart(response))
    assert weekly[monday(2)] == 1
    assert weekly[monday(1)] == 1


def test_the_chart_and_its_table_are_on_the_dashboard(manager, admin_login, province, issue):
    issue(province["commune"], local(monday(1), 10))
    issue(province["commune"], local(monday(1) + datetime.timedelta(days=1), 10))

    response = admin_login(manager).get(DASHBOARD)

    html = re.sub(r"\s+", " ", response.content.decode())
    # The chart, announced by its label, with a description in words
    assert 'role="img" aria-label="Certificates issued per week"' in html
    assert "<title>Certificates issued per week</title>" in html
    assert "Revoked certificates are not counted." in html
    # and beside it a table of the same numbers: the twelve weeks, last week with two
    table = re.search(r"<caption>Certificates issued per week</caption>(.*?)</table>", html).group(
        1
    )
    assert '<th scope="col">Certificates issued</th>' in table
    assert table.count('<th scope="row">') == 12
    assert f'<th scope="row">{monday(1):%d/%m/%Y}</th><td>2</td>' in table
    assert "People of Huyện Vũ Thư and its sub-units" in html
