"""The managers' training dashboard, as an administrator and a district manager use it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from lms.models import Enrollment, EnrollmentStatus, TrainingTarget
from lms.targets.charts import Bar, bar_chart, line_chart, week_starts
from lms.targets.dashboard import status_badge
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory, make_course

DASHBOARD = reverse("cds_lms_training_dashboard")


def complete(profile, course, when=None):
    when = when or timezone.now() - datetime.timedelta(days=1)
    Enrollment.objects.create(
        user=profile.user,
        course=course,
        enrolled_at=when - datetime.timedelta(days=1),
        completed_at=when,
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
    )


@pytest.fixture
def course(home):
    return make_course(lessons=1)


@pytest.fixture
def target(province, course):
    today = timezone.localdate()
    target = TrainingTarget.objects.create(
        unit=province["root"],
        title="Kỹ năng số 2026",
        required_percent=50,
        starts_on=today - datetime.timedelta(days=100),
        deadline=today + datetime.timedelta(days=100),
    )
    target.courses.set([course])
    return target


@pytest.fixture
def manager(unit_manager):
    # The Unit manager role is to be granted view_trainingtarget; until then, give it here.
    unit_manager.user_permissions.add(Permission.objects.get(codename="view_trainingtarget"))
    return unit_manager


def row_statuses(response):
    """(unit name, status text) of each row of the dashboard's unit tables."""
    html = response.content.decode()
    rows = re.findall(
        r'<th scope="row"><a href="\?unit=\d+">(.*?)</a></th>'
        r'.*?cds-target-status--\w+"[^>]*>(.*?)</span>',
        html,
        flags=re.DOTALL,
    )
    return [(name.strip(), status.strip()) for name, status in rows]


def test_the_administrator_sees_the_province_by_child_unit_with_coloured_statuses(
    superuser, admin_login, province, target, course
):
    # Given the department has completed (1 of 1), the district has not (0 of 2)
    complete(LearnerProfileFactory(unit=province["department"]), course)
    LearnerProfileFactory(unit=province["district"])
    LearnerProfileFactory(unit=province["commune"])

    # When the administrator opens the dashboard
    response = admin_login(superuser).get(DASHBOARD)

    # Then the province's target lists both units with a status in words and in colour
    assert response.status_code == 200
    assert row_statuses(response) == [
        ("Huyện Vũ Thư", "Behind"),
        ("Sở Thông tin và Truyền thông", "Met"),
    ]
    html = response.content.decode()
    assert "cds-target-status--behind" in html
    assert "background:#fbdcd9" in html  # red for behind
    assert "background:#d3ebff" in html  # blue for met


def test_charts_are_inline_svg_with_a_label_and_a_data_table(
    superuser, admin_login, province, target
):
    response = admin_login(superuser).get(DASHBOARD)

    html = response.content.decode()
    # The target's two charts, and the certificates series `certificates` registers
    assert html.count('role="img"') == 3
    assert 'aria-label="Completion of “Kỹ năng số 2026” by unit"' in html
    assert "<title>Completions of “Kỹ năng số 2026” per week</title>" in html
    assert "<caption>Completions per week</caption>" in html
    assert "<caption>Certificates issued per week</caption>" in html


def test_a_district_manager_sees_only_the_district_and_its_communes(
    manager, admin_login, province, target
):
    response = admin_login(manager).get(DASHBOARD)

    assert response.status_code == 200
    assert [name for name, _status in row_statuses(response)] == ["Xã Tân Hòa"]
    assert "Sở Thông tin và Truyền thông" not in response.content.decode()


def test_a_district_manager_cannot_drill_into_the_department(
    manager, admin_login, province, target
):
    client = admin_login(manager)

    assert client.get(DASHBOARD, {"unit": province["department"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"unit": province["root"].pk}).status_code == 404
    assert client.get(DASHBOARD, {"unit": province["commune"].pk}).status_code == 200


def test_without_the_permission_the_dashboard_is_refused(
    role_groups, admin_login, province, target
):
    # An editor reaches the admin but has no business with training targets
    from django.contrib.auth.models import Group

    from lms import roles

    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=roles.EDITOR))

    response = admin_login(editor).get(DASHBOARD)

    assert response.status_code in (302, 403)
    assert (
        b"Training dashboard" not in admin_login(editor).get(reverse("wagtailadmin_home")).content
    )


def test_a_unit_without_sub_units_lists_its_people_done_or_not(
    superuser, admin_login, province, target, course
):
    done = LearnerProfileFactory(unit=province["commune"], full_name="An Đã Học")
    LearnerProfileFactory(unit=province["commune"], full_name="Bình Chưa Học")
    complete(done, course)

    response = admin_login(superuser).get(DASHBOARD, {"unit": province["commune"].pk})

    html = re.sub(r"\s+", " ", response.content.decode())
    assert '<th scope="row">An Đã Học</th> <td>Xã Tân Hòa</td> <td>Done</td>' in html
    assert '<th scope="row">Bình Chưa Học</th> <td>Xã Tân Hòa</td> <td>Not done</td>' in html


def test_the_people_view_is_paginated(superuser, admin_login, province, target):
    LearnerProfileFactory.create_batch(51, unit=province["district"])

    client = admin_login(superuser)
    first = client.get(DASHBOARD, {"unit": province["district"].pk, "view": "people"})
    second = client.get(DASHBOARD, {"unit": province["district"].pk, "view": "people", "p": 2})

    assert len(first.context["people"]) == 50
    assert len(second.context["people"]) == 1


# Queries of a drill-down page with one target: 1. the user, 2. their Wagtail profile, 3. the
# unit, 4. its ancestors (breadcrumbs), 5. its children, 6. the targets, 7. their courses;
# 8-9. the course ids and grouped counts of the unit's total, 10-11. the same for the child
# rows, 12. the weekly completions; 13. the certificates issued per week (the one series of
# `lms.targets.series` registered, by `certificates`); 14-16. the admin menu (locales,
# explorable pages).
DRILL_DOWN_QUERIES = 16


@pytest.mark.parametrize("children", [2, 6])
def test_the_query_count_does_not_grow_with_the_number_of_units(
    superuser, admin_login, province, target, course, django_assert_num_queries, children
):
    for _n in range(children):
        unit = UnitFactory(parent=province["district"])
        complete(LearnerProfileFactory(unit=unit), course)
    client = admin_login(superuser)
    client.get(DASHBOARD)  # warm the per-process caches

    with django_assert_num_queries(DRILL_DOWN_QUERIES):
        response = client.get(DASHBOARD, {"unit": province["district"].pk})

    assert len(response.context["sections"][0]["panels"][0].rows) == children + 1  # + commune


@pytest.fixture
def unit_summary_report(monkeypatch):
    """Make the unit summary report's URL resolve (`True`) or not (`False`) for the dashboard,
    whether or not the report is installed."""
    from django.urls import NoReverseMatch

    from lms.targets import dashboard

    def install(present: bool) -> None:
        def fake_reverse(name, *args, **kwargs):
            if name != "cds_lms_reports:unit_summary":
                return reverse(name, *args, **kwargs)
            if not present:
                raise NoReverseMatch(name)
            return "/admin/reports/unit-summary/"

        monkeypatch.setattr(dashboard, "reverse", fake_reverse)

    return install


def test_each_unit_opens_as_a_report(superuser, admin_login, province, target, unit_summary_report):
    unit_summary_report(True)
    client = admin_login(superuser)

    landing = client.get(DASHBOARD).content.decode()
    drilled = client.get(DASHBOARD, {"unit": province["district"].pk}).content.decode()

    link = '<a href="/admin/reports/unit-summary/?unit={}">Open as a report</a>'
    assert link.format(province["root"].pk) in landing
    assert link.format(province["district"].pk) in drilled


def test_without_the_report_there_is_no_link(
    superuser, admin_login, province, target, unit_summary_report
):
    unit_summary_report(False)

    response = admin_login(superuser).get(DASHBOARD, {"unit": province["district"].pk})

    assert response.status_code == 200
    assert "Open as a report" not in response.content.decode()


def test_bar_chart_draws_one_bar_per_row_and_the_required_line():
    svg = bar_chart([Bar("A", 40), Bar("B", 100)], required=80, title="Chart")

    assert svg.count("<rect") == 2
    assert 'stroke-dasharray="6 4"' in svg
    assert 'role="img" aria-label="Chart"' in svg
    assert "<desc>" in svg


def test_line_chart_has_a_point_per_week():
    weeks = week_starts(datetime.date(2026, 11, 26))
    with translation.override("en"):
        svg = line_chart([(week, n) for n, week in enumerate(weeks)])

    assert len(weeks) == 12 and weeks[-1] == datetime.date(2026, 11, 23)
    assert svg.count("<circle") == 12
    assert 'aria-label="Completions per week"' in svg


def test_weekly_completions_count_this_week(superuser, admin_login, province, target, course):
    complete(LearnerProfileFactory(unit=province["district"]), course, when=timezone.now())

    response = admin_login(superuser).get(DASHBOARD)

    weekly = response.context["sections"][0]["panels"][0].weekly
    assert weekly[-1][1] == 1
    assert sum(count for _week, count in weekly) == 1


def test_an_unrelated_user_sees_no_menu_item(admin_login, db):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = admin_login(user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert DASHBOARD.encode() not in response.content


@pytest.mark.parametrize(
    "status, label",
    [("met", "Met"), ("on_track", "On track"), ("at_risk", "At risk"), ("behind", "Behind")],
)
def test_each_status_badge_has_its_words_and_its_own_colour(english, status, label):
    badge = status_badge(status)

    assert badge["label"] == label
    others = {status_badge(s)["style"] for s in ("met", "on_track", "at_risk", "behind")} - {
        badge["style"]
    }
    assert badge["style"] not in others and len(others) == 3


def test_a_manager_of_nested_units_gets_one_section_for_the_top_one(
    manager, admin_login, province, target
):
    from lms import services

    services.assign_unit_manager(user=manager, unit=province["commune"])

    response = admin_login(manager).get(DASHBOARD)

    assert [s["unit"] for s in response.context["sections"]] == [province["district"]]


def test_the_menu_offers_the_dashboard_to_those_who_may_see_it(manager, admin_login):
    response = admin_login(manager).get(reverse("wagtailadmin_home"))

    assert DASHBOARD.encode() in response.content
