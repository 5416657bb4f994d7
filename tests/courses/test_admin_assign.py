"""The "Assign a course" admin screen, as an administrator and a unit manager use it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from lms import roles, services
from lms.models import Enrollment, EnrollmentSource, EnrollmentStatus
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory, make_course

ASSIGN = reverse("cds_courses_assign:assign")
ENROLLMENTS = reverse("cds_courses_enrollments:index")


@pytest.fixture
def people(province, learner, unit_manager):
    """The department's learner (Trần Thị Học), the district's manager (Lê Văn Quản, a learner
    of the district too), one more learner in the district and one in its commune."""
    return {
        "department": learner.learner_profile,
        "manager": unit_manager.learner_profile,
        "district": LearnerProfileFactory(
            unit=province["district"], full_name="Nguyễn Văn Huyện", category="public_employee"
        ),
        "commune": LearnerProfileFactory(
            unit=province["commune"], full_name="Phạm Thị Xã", category="cooperative_leader"
        ),
    }


@pytest.fixture
def course(db):
    return make_course(title="Chính quyền số", due_date=in_days(60))


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def ddmmyyyy(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def post(client, course, *, confirm=True, learners=(), **fields):
    data = {"course": course.pk, **fields}
    if learners:
        data["learners"] = [profile.pk for profile in learners]
    if confirm:
        data["confirm"] = "1"
    return client.post(ASSIGN, data)


def enrolled_names(course):
    return sorted(
        Enrollment.objects.filter(course=course).values_list(
            "user__learner_profile__full_name", flat=True
        )
    )


def messages_of(response):
    """The messages waiting for the next page (each request's are read, so only its own)."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def page_errors(response):
    form = response.context["form"]
    return [str(error) for error in form.non_field_errors()]


# --- administrators -----------------------------------------------------------------------


def test_administrator_assigns_a_course_to_everyone_in_a_unit_subtree(
    people, province, course, site_admin, admin_login
):
    # Given the district (with its commune) and a due date
    due = in_days(30)

    # When a site administrator assigns the course to the district
    response = post(
        admin_login(site_admin), course, unit=province["district"].pk, due_date=ddmmyyyy(due)
    )

    # Then everyone below the district is enrolled as assigned, with that due date, and nobody
    # else; the administrator lands on the course's enrollments with a summary
    assert response.status_code == 302
    assert response.url == f"{ENROLLMENTS}?course={course.pk}"
    assert enrolled_names(course) == ["Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã"]
    for enrollment in Enrollment.objects.filter(course=course):
        assert enrollment.source == EnrollmentSource.ASSIGNED
        assert enrollment.status == EnrollmentStatus.ACTIVE
        assert enrollment.due_date == due
        assert enrollment.assigned_by == site_admin
    assert messages_of(response) == [
        "“Chính quyền số” assigned: 3 newly enrolled, 0 re-opened, 0 already enrolled."
    ]
    assert PageLogEntry.objects.filter(action="cds_lms.enrollment.assign").count() == 1


def test_without_a_due_date_the_course_due_date_applies(
    people, province, course, superuser, admin_login
):
    post(admin_login(superuser), course, unit=province["commune"].pk)

    assert list(Enrollment.objects.filter(course=course).values_list("due_date", flat=True)) == [
        course.due_date
    ]


def test_a_category_narrows_the_unit_to_its_learners_of_that_category(
    people, province, course, superuser, admin_login
):
    post(admin_login(superuser), course, unit=province["root"].pk, category="cooperative_leader")

    assert enrolled_names(course) == ["Phạm Thị Xã"]


def test_learners_ticked_one_by_one_are_added_to_the_unit(
    people, province, course, superuser, admin_login
):
    post(
        admin_login(superuser),
        course,
        unit=province["commune"].pk,
        learners=[people["department"], people["commune"]],
    )

    assert enrolled_names(course) == ["Phạm Thị Xã", "Trần Thị Học"]


def test_preview_counts_who_will_be_enrolled_and_writes_nothing(
    people, province, course, superuser, admin_login
):
    # Given one person of the district already enrolled, and one who withdrew
    services.enroll(user=people["district"].user, course=course)
    withdrawn = services.enroll(user=people["commune"].user, course=course)
    services.withdraw(enrollment=withdrawn, user=people["commune"].user)

    # When the administrator asks for the district without confirming
    response = post(admin_login(superuser), course, confirm=False, unit=province["district"].pk)

    # Then the preview counts one new, one re-opened, one left as is, and names them
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.created, preview.reopened, preview.unchanged) == (1, 1, 1)
    html = response.content.decode()
    assert 'data-count="created">1<' in html
    assert 'data-count="reopened">1<' in html
    assert 'data-count="unchanged">1<' in html
    for name in ["Lê Văn Quản", "Nguyễn Văn Huyện", "Phạm Thị Xã"]:
        assert name in html
    assert 'name="confirm"' in html
    # ...and nothing changed yet
    assert Enrollment.objects.filter(course=course).count() == 2
    assert Enrollment.objects.get(pk=withdrawn.pk).status == EnrollmentStatus.WITHDRAWN


def test_changing_the_choices_goes_back_to_the_filled_in_form(
    people, province, course, superuser, admin_login
):
    response = post(
        admin_login(superuser), course, confirm=False, unit=province["commune"].pk, back="1"
    )

    assert response.status_code == 200
    assert "preview" not in response.context
    assert response.context["form"]["unit"].value() == str(province["commune"].pk)
    assert not Enrollment.objects.exists()


def test_assigning_the_same_people_again_changes_nothing(
    people, province, course, superuser, admin_login
):
    client = admin_login(superuser)
    client.get(post(client, course, unit=province["district"].pk).url)  # shows the message
    before = list(Enrollment.objects.filter(course=course).order_by("pk").values())

    # When the same assignment is made again, with a due date this time
    response = post(client, course, unit=province["district"].pk, due_date=ddmmyyyy(in_days(90)))

    # Then no enrollment is added or changed, and the summary says so
    assert list(Enrollment.objects.filter(course=course).order_by("pk").values()) == before
    assert messages_of(response) == [
        "“Chính quyền số” assigned: 0 newly enrolled, 0 re-opened, 3 already enrolled."
    ]


def test_a_learner_who_withdrew_is_reopened_as_assigned(
    people, province, course, superuser, admin_login
):
    profile = people["commune"]
    enrollment = services.enroll(user=profile.user, course=course)
    services.withdraw(enrollment=enrollment, user=profile.user)

    response = post(admin_login(superuser), course, learners=[profile])

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert enrollment.source == EnrollmentSource.ASSIGNED
    assert enrollment.withdrawn_at is None
    assert messages_of(response) == [
        "“Chính quyền số” assigned: 0 newly enrolled, 1 re-opened, 0 already enrolled."
    ]


# --- unit managers ------------------------------------------------------------------------


def test_unit_manager_is_offered_only_their_units_and_learners(
    people, unit_manager, course, admin_login
):
    response = admin_login(unit_manager).get(ASSIGN)

    assert response.status_code == 200
    form = response.context["form"]
    assert [unit.code for unit in form.fields["unit"].queryset] == ["H-VT", "X-VT-01"]
    offered = [label for _value, label in form.fields["learners"].choices]
    assert [label.split(" <")[0] for label in offered] == [
        "Lê Văn Quản",
        "Nguyễn Văn Huyện",
        "Phạm Thị Xã",
    ]
    assert "Trần Thị Học" not in response.content.decode()


def test_unit_manager_assigns_within_their_subtree(
    people, province, unit_manager, course, admin_login
):
    response = post(
        admin_login(unit_manager),
        course,
        unit=province["commune"].pk,
        learners=[people["district"]],
        due_date=ddmmyyyy(in_days(10)),
    )

    assert response.status_code == 302
    assert enrolled_names(course) == ["Nguyễn Văn Huyện", "Phạm Thị Xã"]
    assert set(Enrollment.objects.values_list("assigned_by", flat=True)) == {unit_manager.pk}


def test_unit_manager_including_a_learner_outside_their_subtree_is_refused_and_nothing_is_written(
    people, province, unit_manager, course, admin_login
):
    # Given a manager of the district who posts, with the district, the id of a learner of the
    # department (which the screen never offered them)
    response = post(
        admin_login(unit_manager),
        course,
        unit=province["district"].pk,
        learners=[people["department"]],
    )

    # Then the assignment is refused as a whole, with the reason, and nobody is enrolled
    assert response.status_code == 200
    assert page_errors(response) == [
        "1 of the chosen people is outside your units; nothing was assigned."
    ]
    assert "outside your units" in response.content.decode()
    assert not Enrollment.objects.exists()
    assert not PageLogEntry.objects.filter(action="cds_lms.enrollment.assign").exists()


def test_the_preview_names_nobody_outside_the_unit_managers_subtree(
    people, province, unit_manager, course, admin_login
):
    response = post(
        admin_login(unit_manager),
        course,
        confirm=False,
        unit=province["commune"].pk,
        learners=[people["department"]],
    )

    assert response.status_code == 200
    assert "preview" not in response.context
    assert page_errors(response) == [
        "1 of the chosen people is outside your units; nothing can be assigned to them."
    ]
    html = response.content.decode()
    assert "Trần Thị Học" not in html
    assert "Sở Thông tin" not in html
    assert not Enrollment.objects.exists()


def test_unit_manager_cannot_choose_a_unit_outside_their_subtree(
    people, province, unit_manager, course, admin_login
):
    response = post(admin_login(unit_manager), course, unit=province["department"].pk)

    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Enrollment.objects.exists()


# --- the form's own checks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, None, "Choose a unit, some learners, or both."),
        (
            {"category": "citizen"},
            "category",
            "Choose a unit: the category narrows down its learners.",
        ),
        (
            {"due_date": "01/01/2020", "unit": "district"},
            "due_date",
            "The due date is in the past.",
        ),
        (
            {"unit": "district", "category": "citizen"},
            None,
            "Nobody matches: the unit has no learners of this category.",
        ),
        ({"unit": "empty"}, None, "Nobody matches: the unit has no learners."),
        ({"unit": "district", "due_date": "31/02/2030"}, "due_date", "Enter a valid date."),
    ],
)
def test_incomplete_or_wrong_choices_are_explained_and_nothing_is_written(
    people, province, course, superuser, admin_login, fields, field, message
):
    units = {**province, "empty": UnitFactory(code="X-MOI", parent=province["district"])}
    if "unit" in fields:
        fields = {**fields, "unit": units[fields["unit"]].pk}

    response = post(admin_login(superuser), course, **fields)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors["__all__" if field is None else field]
    assert not Enrollment.objects.exists()


def test_only_published_courses_can_be_assigned(people, province, superuser, admin_login):
    draft = make_course(title="Bản nháp", live=False)

    response = post(admin_login(superuser), draft, unit=province["district"].pk)

    assert response.context["form"].errors["course"]
    assert not Enrollment.objects.exists()


# --- who may use the screen ---------------------------------------------------------------


def test_a_learner_has_no_access_and_writes_nothing(people, province, learner, course, client):
    client.force_login(learner)

    assert client.get(ASSIGN).status_code == 302
    response = post(client, course, unit=province["root"].pk)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    assert not Enrollment.objects.exists()


def test_admin_users_without_the_permission_are_sent_back_to_the_dashboard(
    people, province, course, role_groups, admin_login
):
    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(role_groups[roles.EDITOR])
    client = admin_login(editor)

    for response in (client.get(ASSIGN), post(client, course, unit=province["root"].pk)):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not Enrollment.objects.exists()


def test_unit_managers_and_site_administrators_hold_the_assignment_permissions(role_groups):
    for role in (roles.UNIT_MANAGER, roles.SITE_ADMINISTRATOR):
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"assign_courses", "view_enrollment"} <= codenames
    learner_codenames = set(
        Group.objects.get(name=roles.LEARNER).permissions.values_list("codename", flat=True)
    )
    assert not {"assign_courses", "view_enrollment"} & learner_codenames


def test_the_screen_is_in_the_organisation_menu_of_those_who_may_assign(
    people, unit_manager, learner, role_groups, admin_login
):
    menu = admin_login(unit_manager).get(reverse("wagtailadmin_home")).content.decode()
    assert ASSIGN in menu

    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(role_groups[roles.EDITOR])
    assert ASSIGN not in admin_login(editor).get(reverse("wagtailadmin_home")).content.decode()


def test_course_pages_offer_assign_to_learners_in_the_explorer(course, superuser, admin_login):
    response = admin_login(superuser).get(
        reverse("wagtailadmin_explore", args=[course.get_parent().pk])
    )

    assert f"{ASSIGN}?course={course.pk}" in response.content.decode()
