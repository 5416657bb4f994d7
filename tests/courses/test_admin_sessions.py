"""The training sessions screens of the Wagtail admin: listing, filters, the create and edit
forms (capacity, waitlist, trainers), cancelling, deleting, trainers' scope, query budget."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses import services
from courses.admin import sessions as session_admin
from courses.models import (
    AttendanceStatus,
    RegistrationStatus,
    SessionKind,
    TrainingSession,
)
from lms import roles
from lms.services import enroll
from tests.factories import LearnerProfileFactory, UserFactory, make_course, make_session

INDEX = reverse("cds_courses_sessions:index")
ADD = reverse("cds_courses_sessions:add")


def edit_url(session) -> str:
    return reverse("cds_courses_sessions:edit", args=[session.pk])


def cancel_url(session) -> str:
    return reverse("cds_courses_sessions:cancel", args=[session.pk])


def delete_url(session) -> str:
    return reverse("cds_courses_sessions:delete", args=[session.pk])


@pytest.fixture
def course(db):
    return make_course(lessons=0, delivery_mode="blended", title="Nông nghiệp số")


@pytest.fixture
def trainer(role_groups):
    profile = LearnerProfileFactory(full_name="Trần Minh Đức")
    profile.user.groups.add(role_groups[roles.TRAINER])
    return profile.user


@pytest.fixture
def other_trainer(role_groups):
    profile = LearnerProfileFactory(full_name="Hoàng Thị Giảng")
    profile.user.groups.add(role_groups[roles.TRAINER])
    return profile.user


def learners(course, n: int) -> list:
    """`n` learners enrolled in `course`, named in the order they are made."""
    people = []
    for i in range(n):
        profile = LearnerProfileFactory(full_name=f"Học viên {i + 1:02d}")
        enroll(user=profile.user, course=course)
        people.append(profile.user)
    return people


def moment(days: float) -> datetime.datetime:
    """Now plus `days`, on a whole minute (the form's inputs have no seconds)."""
    value = timezone.localtime() + datetime.timedelta(days=days)
    return value.replace(second=0, microsecond=0)


def field(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def form_data(session: TrainingSession | None = None, **changes) -> dict:
    """What the form posts: the session's values (or a new session's), with `changes`."""
    if session is not None:
        values = {
            "course": session.course_id,
            "title": session.title,
            "kind": session.kind,
            "starts_at": field(session.starts_at),
            "ends_at": field(session.ends_at),
            "venue_name": session.venue_name,
            "venue_address": session.venue_address,
            "meeting_url": session.meeting_url,
            "capacity": session.capacity,
            "trainers": [trainer.pk for trainer in session.trainers.all()],
            "registration_opens_at": field(session.registration_opens_at),
            "registration_closes_at": field(session.registration_closes_at),
            "cancellation_deadline": field(session.cancellation_deadline),
        }
    else:
        values = {
            "title": "Buổi 1: Mã truy xuất nguồn gốc",
            "kind": SessionKind.IN_PERSON,
            "starts_at": field(moment(3)),
            "ends_at": field(moment(3) + datetime.timedelta(hours=3)),
            "venue_name": "Hội trường UBND huyện Vũ Thư",
            "venue_address": "",
            "meeting_url": "",
            "capacity": 30,
            "trainers": [],
            "registration_opens_at": "",
            "registration_closes_at": "",
            "cancellation_deadline": "",
        }
    values.update(changes)
    return values


def listed(response) -> list[int]:
    return sorted(session.pk for session in response.context["object_list"])


def pks(*sessions) -> list[int]:
    return sorted(session.pk for session in sessions)


# --- listing --------------------------------------------------------------------------------


def test_administrator_lists_sessions_with_places_waitlist_trainers_and_status(
    course, trainer, site_admin, admin_login
):
    # Given a full session with one learner waiting, and a cancelled online session
    hall = make_session(course, title="Buổi tại hội trường", capacity=1, trainers=[trainer])
    first, second = learners(course, 2)
    services.register(session=hall, user=first)
    services.register(session=hall, user=second)
    online = make_session(
        course,
        title="Buổi trực tuyến",
        kind=SessionKind.ONLINE,
        venue_name="",
        meeting_url="https://meet.example.vn/abc",
        starts_in_hours=72,
    )
    services.cancel_session(session=online, by=site_admin)

    response = admin_login(site_admin).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(hall, online)
    rows = {session.pk: session for session in response.context["object_list"]}
    assert (rows[hall.pk].waitlist_count, rows[online.pk].waitlist_count) == (1, 0)
    html = response.content.decode()
    for text in [
        "Buổi tại hội trường",
        "Nông nghiệp số",
        "Hội trường UBND huyện",
        "1 / 1",
        "Trần Minh Đức",
        "Scheduled",
        "Cancelled",
        "Live online",
        timezone.localtime(hall.starts_at).strftime("%d/%m/%Y %H:%M"),
    ]:
        assert text in html, text
    # Each row leads to the trainer's sheets on the front end
    assert reverse("courses:attendance_sheet", args=[hall.pk]) in html
    assert reverse("courses:checkin_screen", args=[hall.pk]) in html
    assert reverse("courses:signin_sheet", args=[hall.pk]) in html
    assert reverse("courses:attendance_export", args=[hall.pk, "xlsx"]) in html
    assert cancel_url(hall) in html and cancel_url(online) not in html


def test_filters_and_search_narrow_the_list(course, site_admin, admin_login):
    other_course = make_course(lessons=0, title="Chính quyền số")
    upcoming = make_session(course, title="Sắp tới", venue_name="Nhà văn hóa xã Tân Hòa")
    past = make_session(course, title="Đã qua", starts_in_hours=-72)
    online = make_session(
        other_course,
        title="Trực tuyến",
        kind=SessionKind.ONLINE,
        venue_name="",
        meeting_url="https://meet.example.vn/x",
    )
    services.cancel_session(session=online, by=site_admin)
    client = admin_login(site_admin)

    def filtered(**params):
        return listed(client.get(INDEX, params))

    assert filtered(course=course.pk) == pks(upcoming, past)
    assert filtered(when="upcoming") == pks(upcoming, online)
    assert filtered(when="past") == pks(past)
    assert filtered(kind="online") == pks(online)
    assert filtered(status="cancelled") == pks(online)
    assert filtered(status="scheduled", when="upcoming") == pks(upcoming)
    assert filtered(q="Tân Hòa") == pks(upcoming)
    assert filtered(q="Đã qua") == pks(past)


# --- create ---------------------------------------------------------------------------------


def test_the_form_offers_courses_blended_first_and_only_trainers(
    course, trainer, learner, site_admin, admin_login
):
    online_course = make_course(lessons=0, title="An toàn thông tin")

    response = admin_login(site_admin).get(ADD)

    assert response.status_code == 200
    form = response.context["form"]
    groups = [label for label, options in form.fields["course"].choices if label]
    assert groups == ["Blended courses", "Online courses"]
    blended, online = (options for label, options in form.fields["course"].choices if label)
    assert [label for _value, label in blended] == [course.title]
    assert [label for _value, label in online] == [online_course.title]
    assert list(form.fields["trainers"].queryset) == [trainer]
    html = response.content.decode()
    assert 'type="checkbox"' in html and "Trần Minh Đức" in html
    assert learner.learner_profile.full_name not in html


def test_administrator_creates_a_session_with_its_trainers(
    course, trainer, site_admin, admin_login
):
    response = admin_login(site_admin).post(ADD, form_data(course=course.pk, trainers=[trainer.pk]))

    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert session.course_id == course.pk
    assert session.title == "Buổi 1: Mã truy xuất nguồn gốc"
    assert list(session.trainers.all()) == [trainer]
    assert session.capacity == 30 and session.seats_taken == 0
    assert ModelLogEntry.objects.filter(object_id=str(session.pk), action="wagtail.create").exists()


def test_the_models_rules_show_on_the_form(course, site_admin, admin_login):
    response = admin_login(site_admin).post(
        ADD,
        form_data(
            course=course.pk,
            kind=SessionKind.ONLINE,
            ends_at=form_data()["starts_at"],
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["ends_at"] == ["A session must end after it starts."]
    assert errors["meeting_url"] == ["A live online session needs its meeting link."]
    assert not TrainingSession.objects.exists()


# --- edit: capacity and the waitlist --------------------------------------------------------


def test_raising_the_capacity_gives_the_new_places_to_the_waitlist(
    course, site_admin, admin_login, django_capture_on_commit_callbacks
):
    # Given a session of 2 places and 3 learners waiting
    session = make_session(course, capacity=2)
    people = learners(course, 5)
    for person in people:
        services.register(session=session, user=person)
    mail.outbox.clear()

    # When the administrator raises the capacity to 4
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_login(site_admin).post(
            edit_url(session), form_data(session, capacity=4), follow=True
        )

    # Then the first two waiting learners get the places, and are emailed
    session.refresh_from_db()
    assert session.capacity == 4 and session.seats_taken == 4
    states = dict(session.registrations.values_list("user_id", "status"))
    assert [states[person.pk] for person in people] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people[2].email, people[3].email]
    )
    assert "2 learners moved from the waitlist into places and are emailed." in (
        response.content.decode()
    )
    assert ModelLogEntry.objects.filter(object_id=str(session.pk), action="wagtail.edit").exists()


def test_a_capacity_below_the_places_taken_is_refused_with_the_models_message(
    course, site_admin, admin_login
):
    session = make_session(course, capacity=5)
    for person in learners(course, 3):
        services.register(session=session, user=person)

    response = admin_login(site_admin).post(edit_url(session), form_data(session, capacity=2))

    assert response.status_code == 200
    message = "3 learners are already registered: the session needs at least as many places."
    assert response.context["form"].errors["capacity"] == [message]
    assert message in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 5


def test_registrations_made_while_the_form_was_sent_are_counted_and_kept(
    course, site_admin, admin_login, monkeypatch
):
    # Given the edit form validated against a copy of the session read before 3 learners
    # registered (the instant between reading the row and saving it)
    session = make_session(course, capacity=5)
    stale = TrainingSession.objects.get(pk=session.pk)
    for person in learners(course, 3):
        services.register(session=session, user=person)
    monkeypatch.setattr(session_admin.SessionEditView, "get_object", lambda self, qs=None: stale)
    client = admin_login(site_admin)

    # When the capacity is lowered below the places now taken, the save is refused
    response = client.post(edit_url(session), form_data(session, capacity=2))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "3 learners are already registered: the session needs at least as many places."
    ]
    session.refresh_from_db()
    assert (session.capacity, session.seats_taken) == (5, 3)

    # and a save that is fine keeps the places taken as they are, not as the copy had them
    stale.seats_taken = 0
    response = client.post(edit_url(session), form_data(session, title="Buổi học mới"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.seats_taken) == ("Buổi học mới", 3)


# --- edit: what the page shows --------------------------------------------------------------


def test_the_edit_view_shows_registrations_waitlist_in_order_and_cancelled(
    course, trainer, site_admin, admin_login
):
    session = make_session(course, capacity=2, trainers=[trainer])
    a, b, c, d, e = learners(course, 5)
    for person in (a, b, c, d, e):
        services.register(session=session, user=person)
    services.cancel_registration(session=session, user=b)  # c gets b's place
    services.mark_attendance(
        session=session, learner_id=a.pk, status=AttendanceStatus.LATE, by=trainer
    )

    response = admin_login(site_admin).get(edit_url(session))

    assert response.status_code == 200
    html = response.content.decode()
    registered = html.split('data-registrations="registered"')[1].split("</table>")[0]
    waitlist = html.split('data-registrations="waitlist"')[1].split("</table>")[0]
    cancelled = html.split('data-registrations="cancelled"')[1].split("</table>")[0]
    assert "Học viên 01" in registered and "Học viên 03" in registered
    assert "Late" in registered
    assert waitlist.index("Học viên 04") < waitlist.index("Học viên 05")
    assert "Học viên 02" in cancelled and "Học viên 02" not in registered
    assert "2 of 2 places taken; 2 on the waitlist." in html
    for name in ("attendance_sheet", "checkin_screen", "signin_sheet"):
        assert reverse(f"courses:{name}", args=[session.pk]) in html
    for fmt in ("csv", "xlsx"):
        assert reverse("courses:attendance_export", args=[session.pk, fmt]) in html
    # Nothing about registrations is editable: no inputs for them in the form
    assert "seats_taken" not in response.context["form"].fields
    assert cancel_url(session) in html


def test_the_history_shows_what_happened_to_the_session(course, site_admin, admin_login):
    session = make_session(course)
    (person,) = learners(course, 1)
    services.register(session=session, user=person)
    services.cancel_session(session=session, by=site_admin)

    response = admin_login(site_admin).get(
        reverse("cds_courses_sessions:history", args=[session.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Registered" in html and "Session cancelled" in html


# --- cancelling and deleting ----------------------------------------------------------------


def test_cancelling_asks_first_then_cancels_and_emails_every_learner(
    course, site_admin, admin_login, django_capture_on_commit_callbacks
):
    session = make_session(course, capacity=1, title="Buổi 2: Bán hàng trên sàn")
    registered, waiting = learners(course, 2)
    services.register(session=session, user=registered)
    services.register(session=session, user=waiting)
    mail.outbox.clear()
    client = admin_login(site_admin)

    # The link asks first: nothing is cancelled by opening it
    response = client.get(cancel_url(session))
    assert response.status_code == 200
    assert "2 registered or waitlisted learners will be emailed" in response.content.decode()
    session.refresh_from_db()
    assert not session.is_cancelled

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(session), follow=True)

    session.refresh_from_db()
    assert session.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == sorted([registered.email, waiting.email])
    assert "“Buổi 2: Bán hàng trên sàn” cancelled. 2 learners are being emailed." in (
        response.content.decode()
    )
    # Cancelling again changes nothing and says so
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(session), follow=True)
    assert len(mail.outbox) == 2
    assert "This session is already cancelled." in response.content.decode()


def test_a_session_with_registrations_cannot_be_deleted_only_cancelled(
    course, site_admin, admin_login
):
    session = make_session(course)
    (person,) = learners(course, 1)
    services.register(session=session, user=person)
    empty = make_session(course, title="Buổi chưa ai đăng ký")
    client = admin_login(site_admin)

    for method in (client.get, client.post):
        response = method(delete_url(session), follow=True)
        assert "cancel it instead" in response.content.decode()
    assert TrainingSession.objects.filter(pk=session.pk).exists()

    assert client.post(delete_url(empty)).status_code == 302
    assert not TrainingSession.objects.filter(pk=empty.pk).exists()


# --- trainers -------------------------------------------------------------------------------


def test_a_trainer_lists_only_their_own_sessions_and_cannot_change_them(
    course, trainer, other_trainer, admin_login
):
    own = make_session(course, title="Buổi của tôi", trainers=[trainer])
    other = make_session(course, title="Buổi của người khác", trainers=[other_trainer])
    client = admin_login(trainer)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert listed(response) == pks(own)
    html = response.content.decode()
    assert "Buổi của người khác" not in html
    assert ADD not in html and edit_url(own) not in html and cancel_url(own) not in html
    # The title leads to the attendance sheet instead
    assert reverse("courses:attendance_sheet", args=[own.pk]) in html
    for url in (ADD, edit_url(own), edit_url(other), cancel_url(own), delete_url(own)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home"), url
    assert client.post(cancel_url(own)).status_code == 302
    own.refresh_from_db()
    assert not own.is_cancelled


def test_a_trainer_who_may_take_any_attendance_lists_every_session(
    course, trainer, other_trainer, admin_login
):
    own = make_session(course, trainers=[trainer])
    other = make_session(course, trainers=[other_trainer])
    trainer.user_permissions.add(Permission.objects.get(codename="take_any_attendance"))

    response = admin_login(trainer).get(INDEX)

    assert listed(response) == pks(own, other)


def test_learners_have_no_sessions_listing(course, learner, client):
    client.force_login(learner)

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# --- query budget ---------------------------------------------------------------------------


# The sessions index costs a site administrator 12 queries, for 2 rows as for 10:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the count for the paginator
#   1  the courses offered by the course filter
#   1  the sessions of the page, course title and waitlist count annotated in (one query)
#   1  the trainers of those sessions, with their learner profiles (one prefetch)
#   4  Wagtail's own furniture: the locales for the admin's JS config, the user's page and
#      collection permissions for the sidebar menu, and the root page of the page explorer
SESSIONS_INDEX_QUERIES = 12


@pytest.mark.parametrize("rows", [2, 10])
def test_sessions_index_query_count_does_not_grow_with_rows(
    course, trainer, other_trainer, site_admin, admin_login, django_assert_num_queries, rows
):
    for n in range(rows):
        session = make_session(course, title=f"Buổi {n + 1}", trainers=[trainer, other_trainer])
        if n % 2:
            for person in learners(course, 2):
                services.register(session=session, user=person)
    client = admin_login(site_admin)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(SESSIONS_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows


def test_an_unknown_user_is_not_a_trainer(course, admin_login):
    # A staff account outside every role has no sessions screen at all
    user = UserFactory(username="staff@example.gov.vn", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = admin_login(user).get(INDEX)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
