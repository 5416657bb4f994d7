"""The learner's dashboard: the panel mechanism of `lms` and the "My courses" panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks

from lms import services
from lms.dashboard import DASHBOARD_PANELS_HOOK, DashboardPanel
from lms.models import Enrollment
from tests.factories import make_course

pytestmark = pytest.mark.usefixtures("english")

DASHBOARD_URL = reverse("lms:dashboard")


def section(html: str, start: str, end: str | None = None) -> str:
    """The part of the page between two headings (the whole rest if `end` is None)."""
    tail = html.split(start, 1)[1]
    return tail.split(end, 1)[0] if end else tail


def test_the_dashboard_needs_a_login(client, db):
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('lms:login')}?next={DASHBOARD_URL}"


def test_the_main_navigation_links_to_the_catalogue_and_the_dashboard(client, learner, settings):
    anonymous = client.get(reverse("lms:privacy")).content.decode()
    assert '<a href="/courses/">Courses</a>' in anonymous
    assert DASHBOARD_URL not in anonymous

    settings.LMS_CATALOGUE_URL = "/khoa-hoc/"
    client.force_login(learner)
    html = client.get(DASHBOARD_URL).content.decode()
    assert '<a href="/khoa-hoc/">Courses</a>' in html
    assert f'<a href="{DASHBOARD_URL}" aria-current="page">Dashboard</a>' in html


def test_my_courses_shows_progress_due_dates_and_completions(
    learner_client, learner, catalogue, superuser
):
    # Given a learner with an overdue course, a course due later, a completed one and a
    # withdrawn one
    today = timezone.localdate()
    overdue = make_course(catalogue, lessons=2, title="Khóa quá hạn")
    services.enroll(user=learner, course=overdue, due_date=today - datetime.timedelta(days=3))
    services.record_lesson_completed(user=learner, course=overdue, lesson=overdue.lessons()[0])
    later = make_course(catalogue, lessons=1, title="Khóa còn hạn")
    services.enroll(user=learner, course=later, due_date=today + datetime.timedelta(days=30))
    done = make_course(catalogue, lessons=1, title="Khóa đã xong")
    services.enroll(user=learner, course=done, due_date=today - datetime.timedelta(days=1))
    services.record_lesson_completed(user=learner, course=done, lesson=done.lessons()[0])
    left = make_course(catalogue, lessons=1, title="Khóa đã rút")
    services.withdraw(enrollment=services.enroll(user=learner, course=left), user=learner)

    # When the learner opens the dashboard
    html = learner_client.get(DASHBOARD_URL).content.decode()

    # Then the current courses come first, nearest due date first, with progress and Continue
    current = section(html, "<h3>In progress</h3>", "<h3>Completed</h3>")
    assert current.index("Khóa quá hạn") < current.index("Khóa còn hạn")
    assert "50% complete" in current
    assert reverse("courses:continue", args=[overdue.pk]) in current
    # the overdue one says so in words (and only that one)
    assert current.count("Overdue") == 1
    overdue_item = section(current, "Khóa quá hạn", "Khóa còn hạn")
    assert "Overdue" in overdue_item
    assert f"Due by {(today - datetime.timedelta(days=3)).strftime('%d/%m/%Y')}" in overdue_item
    # the completed course is listed apart with its date, and is not overdue
    completed = section(html, "<h3>Completed</h3>")
    assert "Khóa đã xong" in completed and "Khóa quá hạn" not in completed
    assert f"Completed on {today.strftime('%d/%m/%Y')}" in completed
    assert "Overdue" not in completed
    # a withdrawn course is not shown
    assert "Khóa đã rút" not in html


def test_a_learner_without_courses_is_pointed_to_the_catalogue(learner_client):
    html = learner_client.get(DASHBOARD_URL).content.decode()
    assert "You have no course in progress." in html
    assert '<a href="/courses/">Browse the courses</a>' in html


class GreetingPanel:
    """A panel that is not a DashboardPanel: any object with `order` and `render()`."""

    order = 50

    def render(self, request) -> str:
        return format_html("<p>Xin chào {}</p>", request.user.get_username())


class NotesPanel(DashboardPanel):
    order = 300
    template_name = "lms/includes/field_errors.html"  # any template: only the hook is tested

    def get_context(self, request):
        return {"field": {"auto_id": "notes", "errors": ["Ghi chú"]}}


def test_apps_add_panels_in_their_order(learner_client, learner):
    # Given two apps' hooks: one returns a list of panels, another nothing for this person
    def panels(request):
        return [NotesPanel(), GreetingPanel()]

    def nothing(request):
        return None

    with hooks.register_temporarily(DASHBOARD_PANELS_HOOK, panels):
        with hooks.register_temporarily(DASHBOARD_PANELS_HOOK, nothing):
            html = learner_client.get(DASHBOARD_URL).content.decode()

    # Then the panels appear ordered by `order`, around "My courses" (order 100)
    greeting = html.index(f"Xin chào {learner.get_username()}")
    my_courses = html.index("My courses")
    notes = html.index("Ghi chú")
    assert greeting < my_courses < notes
    assert Enrollment.objects.count() == 0
