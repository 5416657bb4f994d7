"""The Wagtail admin for training targets: who may set them, on which units and courses."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Page

from lms.models import Enrollment, EnrollmentStatus, TrainingTarget
from lms.targets.admin import TrainingTargetForm, with_own_unit_progress
from lms.targets.progress import progress_by_unit
from tests.factories import LearnerProfileFactory, make_course

INDEX = reverse("cds_lms_training_targets:index")
ADD = reverse("cds_lms_training_targets:add")


@pytest.fixture
def courses(home):
    return [make_course(lessons=1), make_course(lessons=1)]


@pytest.fixture
def target_admin(site_admin):
    # The Site administrator role is to be granted every target permission; until then here.
    site_admin.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_trainingtarget")
    )
    return site_admin


def make_target(unit, courses, **fields):
    values = {
        "title": "Chỉ tiêu 2026",
        "required_percent": 80,
        "starts_on": datetime.date(2026, 1, 1),
        "deadline": datetime.date(2026, 12, 31),
        **fields,
    }
    target = TrainingTarget.objects.create(unit=unit, **values)
    target.courses.set(courses)
    return target


def complete(profile, course):
    moment = datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC)
    Enrollment.objects.create(
        user=profile.user,
        course=course,
        enrolled_at=moment,
        completed_at=moment,
        status=EnrollmentStatus.COMPLETED,
        progress_percent=100,
    )


def form_data(unit, courses, **changes):
    data = {
        "unit": unit.pk,
        "title": "Chỉ tiêu chuyển đổi số 2026",
        "courses": [course.pk for course in courses],
        "learner_category": "",
        "required_percent": 80,
        "starts_on": "2026-01-01",
        "deadline": "2026-12-31",
    }
    return {**data, **changes}


def test_an_administrator_creates_a_target(target_admin, admin_login, province, courses):
    client = admin_login(target_admin)

    response = client.post(ADD, form_data(province["district"], courses))

    assert response.status_code == 302
    target = TrainingTarget.objects.get()
    assert target.unit == province["district"]
    assert set(target.courses.all()) == {Page.objects.get(pk=c.pk) for c in courses}
    assert target.created_by == target_admin
    assert target.deadline == datetime.date(2026, 12, 31)


def test_a_deadline_before_the_start_is_refused_with_a_message(
    target_admin, admin_login, province, courses
):
    client = admin_login(target_admin)

    response = client.post(
        ADD, form_data(province["root"], courses, starts_on="2026-06-01", deadline="2026-05-01")
    )

    assert response.status_code == 200
    assert not TrainingTarget.objects.exists()
    assert "The deadline must come after the start." in response.content.decode()


def test_the_unit_choice_is_limited_to_the_managed_subtree(unit_manager, province, courses):
    form = TrainingTargetForm(for_user=unit_manager)

    codes = set(form.fields["unit"].queryset.values_list("code", flat=True))
    assert codes == {"H-VT", "X-VT-01"}


def test_the_course_choice_offers_live_course_pages_only(superuser, home, courses):
    draft = make_course(lessons=1)
    draft.unpublish()

    form = TrainingTargetForm(for_user=superuser)

    offered = set(form.fields["courses"].queryset.values_list("pk", flat=True))
    assert offered == {course.pk for course in courses}  # no draft, no lesson, no home page


def test_the_listing_shows_each_target_with_its_status_now(
    target_admin, admin_login, province, courses
):
    target = TrainingTarget.objects.create(
        unit=province["root"],
        title="Chỉ tiêu tỉnh",
        required_percent=80,
        starts_on=datetime.date(2020, 1, 1),
        deadline=datetime.date(2021, 1, 1),
    )
    target.courses.set(courses)

    response = admin_login(target_admin).get(INDEX)

    html = re.sub(r"\s+", " ", response.content.decode())
    assert "Chỉ tiêu tỉnh" in html
    assert "Tỉnh Thái Bình" in html
    assert "Everyone" in html
    assert "80%" in html
    assert "cds-target-status--behind" in html and ">Behind</span>" in html  # past its deadline


def test_a_unit_manager_lists_only_targets_of_their_subtree(
    unit_manager, admin_login, province, courses
):
    unit_manager.user_permissions.add(Permission.objects.get(codename="view_trainingtarget"))
    for unit, title in [
        (province["commune"], "Chỉ tiêu xã"),
        (province["department"], "Chỉ tiêu sở"),
    ]:
        TrainingTarget.objects.create(
            unit=unit,
            title=title,
            required_percent=50,
            starts_on=datetime.date(2026, 1, 1),
            deadline=datetime.date(2026, 12, 31),
        )

    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ tiêu xã" in html
    assert "Chỉ tiêu sở" not in html


def test_the_listing_counts_as_the_dashboard_does(province, courses):
    # Given a province target for cooperative leaders, one leader with both courses done, one
    # with a single course, and a civil servant (not covered) with both
    target = make_target(province["root"], courses, learner_category="cooperative_leader")
    both = LearnerProfileFactory(unit=province["commune"], category="cooperative_leader")
    one = LearnerProfileFactory(unit=province["department"], category="cooperative_leader")
    other = LearnerProfileFactory(unit=province["district"])
    for course in courses:
        complete(both, course)
        complete(other, course)
    complete(one, courses[0])

    # When the listing's annotations are read
    annotated = with_own_unit_progress(TrainingTarget.objects.all()).get()

    # Then they agree with progress_by_unit on the target's own unit
    (row,) = progress_by_unit(target, [province["root"]])
    assert (annotated.own_people, annotated.own_completed) == (row.people, row.completed) == (2, 1)


# Queries of the listing: 1. the user, 2. their Wagtail profile, 3. the count for the
# paginator, 4-6. the admin menu (locales, explorable pages), 7. the page of targets with
# their units and own-unit counts (correlated subqueries), 8. their courses.
TARGET_INDEX_QUERIES = 8


@pytest.mark.parametrize("targets", [2, 6])
def test_the_listing_query_count_does_not_grow_with_targets(
    superuser, admin_login, province, courses, django_assert_num_queries, targets
):
    for n in range(targets):
        make_target(province["district"], courses, title=f"Chỉ tiêu {n}")
    client = admin_login(superuser)
    client.get(INDEX)  # warm the per-process caches

    with django_assert_num_queries(TARGET_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == targets


def test_a_target_outside_the_scope_cannot_be_opened(unit_manager, admin_login, province):
    # Given a district manager who may change targets, and a target of the department
    unit_manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_trainingtarget", "change_trainingtarget"])
    )
    theirs = make_target(province["commune"], [])
    other = make_target(province["department"], [])
    client = admin_login(unit_manager)

    edit = "cds_lms_training_targets:edit"
    assert client.get(reverse(edit, args=[theirs.pk])).status_code == 200
    assert client.get(reverse(edit, args=[other.pk])).status_code == 404
    history = "cds_lms_training_targets:history"
    assert client.get(reverse(history, args=[other.pk])).status_code == 404
