"""The trainer's attendance sheet: who may open it, what it shows, what a save does (only the
changed rows, never over another trainer's change), "mark all present", and its query budget."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from courses import checkin, services
from courses.attendance_sheet import name_sort_key
from courses.models import (
    AttendanceChange,
    AttendanceRecord,
    Registration,
)
from lms import roles
from lms.services import enroll
from tests.factories import LearnerProfileFactory, UnitFactory, make_course, make_session

pytestmark = pytest.mark.usefixtures("english")


# --- setting the scene ------------------------------------------------------------------------


@pytest.fixture
def blended(catalogue):
    return make_course(catalogue, lessons=0, delivery_mode="blended", title="Kỹ năng số")


def person(role_groups, full_name: str, role: str = roles.LEARNER, unit=None):
    profile = LearnerProfileFactory(full_name=full_name, **({"unit": unit} if unit else {}))
    profile.user.groups.add(role_groups[role])
    return profile.user


@pytest.fixture
def trainer(role_groups):
    return person(role_groups, "Giảng Viên Một", roles.TRAINER)


@pytest.fixture
def second_trainer(role_groups):
    return person(role_groups, "Giảng Viên Hai", roles.TRAINER)


@pytest.fixture
def session(blended, trainer, second_trainer):
    """A session starting in a quarter of an hour, led by both trainers: registration is still
    open, and so is self check-in."""
    return make_session(blended, starts_in_hours=0.25, trainers=[trainer, second_trainer])


def registered(role_groups, session, names: list[str], unit=None) -> list:
    """Learners enrolled in the session's course and holding a place, in `names` order."""
    people = []
    for name in names:
        learner = person(role_groups, name, unit=unit)
        enroll(user=learner, course=session.course)
        services.register(session=session, user=learner)
        people.append(learner)
    return people


def sheet_url(session) -> str:
    return reverse("courses:attendance_sheet", args=[session.pk])


def all_present_url(session) -> str:
    return reverse("courses:attendance_all_present", args=[session.pk])


def logged_in(user, **kwargs) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class _FormReader(HTMLParser):
    """The values the sheet's form would post as it stands: hidden and text inputs, and the
    checked radio buttons (what a browser sends when the trainer presses Save)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_sheet = False
        self.data: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("class") == "lms-attendance":
            self.in_sheet = True
        elif tag == "input" and self.in_sheet and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("hidden", "text") or (kind == "radio" and "checked" in attrs):
                self.data.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_sheet = False


def sheet_form(response) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(response.content.decode())
    form: dict[str, list[str]] = {}
    for name, value in reader.data:
        form.setdefault(name, []).append(value)
    return form


def choose(form: dict, learner, status: str | None = None, remark: str | None = None) -> dict:
    """The form with one row changed, as the trainer would change it on the page."""
    if status is not None:
        form[f"status-{learner.pk}"] = [status]
    if remark is not None:
        form[f"remark-{learner.pk}"] = [remark]
    return form


def hhmm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


# --- who may open it ----------------------------------------------------------------------------


def trainer_urls(session) -> list[tuple[str, str]]:
    return [
        ("get", sheet_url(session)),
        ("post", all_present_url(session)),
        ("get", reverse("courses:checkin_screen", args=[session.pk])),
        ("get", reverse("courses:checkin_code", args=[session.pk])),
        ("get", reverse("courses:signin_sheet", args=[session.pk])),
        ("get", reverse("courses:attendance_export", args=[session.pk, "csv"])),
        ("get", reverse("courses:attendance_export", args=[session.pk, "xlsx"])),
    ]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in_first(client, session):
    for method, url in trainer_urls(session):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('lms:login')}?next={url}", url


@pytest.mark.django_db
def test_a_trainer_of_another_session_is_refused_but_administrators_are_let_in(
    role_groups, blended, session, superuser, site_admin
):
    other = person(role_groups, "Giảng Viên Khác", roles.TRAINER)
    make_session(blended, starts_in_hours=24, trainers=[other])  # leads another session
    registered(role_groups, session, ["Nguyễn Văn An"])
    outsider = logged_in(other)
    for method, url in trainer_urls(session):
        assert getattr(outsider, method)(url).status_code == 403, url
    assert not AttendanceRecord.objects.exists()  # "mark all present" did nothing

    for admin in (site_admin, superuser):
        client = logged_in(admin)
        for method, url in trainer_urls(session):
            if method == "get":
                assert client.get(url).status_code == 200, (admin, url)
    assert logged_in(site_admin).post(all_present_url(session)).status_code == 302
    assert AttendanceRecord.objects.get().recorded_by == site_admin


@pytest.mark.django_db
def test_a_learner_of_the_session_cannot_open_the_sheet(role_groups, session):
    (learner,) = registered(role_groups, session, ["Nguyễn Văn An"])
    assert logged_in(learner).get(sheet_url(session)).status_code == 403


@pytest.mark.django_db
def test_an_unknown_session_is_not_found(trainer, session):
    client = logged_in(trainer)
    unknown = reverse("courses:attendance_sheet", args=[session.pk + 99])
    assert client.get(unknown).status_code == 404
    assert (
        client.get(reverse("courses:attendance_export", args=[session.pk, "pdf"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(role_groups, trainer, session):
    (learner,) = registered(role_groups, session, ["Nguyễn Văn An"])
    client = logged_in(trainer, enforce_csrf_checks=True)
    data = {
        "learner": [learner.pk],
        f"version-{learner.pk}": "0",
        f"status-{learner.pk}": "present",
    }
    assert client.post(sheet_url(session), data).status_code == 403
    assert client.post(all_present_url(session)).status_code == 403
    assert not AttendanceRecord.objects.exists()


@pytest.mark.django_db
def test_opening_the_pages_changes_nothing(role_groups, trainer, session):
    people = registered(role_groups, session, ["Nguyễn Văn An", "Trần Thị Bình"])
    services.mark_attendance(session=session, learner_id=people[0].pk, status="late", by=trainer)

    def state():
        return (
            list(AttendanceRecord.objects.values_list("pk", "status", "remark", "version")),
            AttendanceChange.objects.count(),
            list(Registration.objects.values_list("pk", "status")),
            PageLogEntry.objects.count(),
        )

    before = state()
    client = logged_in(trainer)
    for method, url in trainer_urls(session):
        if method == "get":
            assert client.get(url).status_code == 200, url
    assert client.get(all_present_url(session)).status_code == 405
    assert state() == before


# --- what it shows ------------------------------------------------------------------------------


def test_people_are_sorted_by_given_name_in_vietnamese_alphabetical_order():
    names = ["Đỗ Văn Ánh", "Lê Đức", "Vũ Thị Anh", "Nguyễn Thị Hoà", "Phạm Dung", "Trần Văn An"]
    assert sorted(names, key=name_sort_key) == [
        "Trần Văn An",
        "Vũ Thị Anh",
        "Đỗ Văn Ánh",
        "Phạm Dung",
        "Lê Đức",
        "Nguyễn Thị Hoà",
    ]


@pytest.mark.django_db
def test_the_sheet_lists_each_learner_with_unit_status_and_badges(
    role_groups, trainer, session, province
):
    commune = province["commune"]
    hoa, an, walk_in = registered(
        role_groups, session, ["Nguyễn Thị Hoà", "Trần Văn An"], unit=commune
    ) + [person(role_groups, "Lê Văn Cường")]
    # A learner enrolled but not registered checks in with the screen's code: a walk-in.
    enroll(user=walk_in, course=session.course)
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    record = services.check_in(session=session, user=walk_in, code=code)
    services.mark_attendance(
        session=session, learner_id=an.pk, status="excused", remark="Ốm", by=trainer
    )

    response = logged_in(trainer).get(sheet_url(session))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.full_name for row in rows] == ["Trần Văn An", "Lê Văn Cường", "Nguyễn Thị Hoà"]
    page = response.content.decode()
    assert page.count('<li class="lms-attendance-row') == 3
    assert "Xã Tân Hòa" in page  # the unit
    assert page.count('type="radio"') == 3 * 4
    assert f'name="status-{an.pk}" value="excused" checked' in page
    assert f'name="version-{hoa.pk}" value="0"' in page  # no record yet
    assert f'name="version-{an.pk}" value="1"' in page
    assert "Walk-in" in page
    assert f"Checked in by QR at {hhmm(record.recorded_at)}" in page
    assert "Last changed by Giảng Viên Một on" in page
    assert "History (1 change)" in page


@pytest.mark.django_db
def test_a_learner_name_or_remark_with_markup_is_shown_as_text(role_groups, trainer, session):
    (learner,) = registered(role_groups, session, ["<script>alert(1)</script>"])
    services.mark_attendance(
        session=session, learner_id=learner.pk, status="late", remark='"><b>x</b>', by=trainer
    )
    page = logged_in(trainer).get(sheet_url(session)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page
    assert 'value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;"' in page


# --- saving -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_writes_only_the_rows_that_changed(role_groups, trainer, second_trainer, session):
    an, binh, cuong = registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình", "Vũ Cường"])
    services.mark_attendance(session=session, learner_id=binh.pk, status="late", by=trainer)
    client = logged_in(trainer)
    form = sheet_form(client.get(sheet_url(session)))
    # Meanwhile the second trainer changes Bình, a row the first trainer does not touch.
    services.mark_attendance(
        session=session, learner_id=binh.pk, status="excused", by=second_trainer
    )

    choose(form, an, status="present", remark="  Ngồi   hàng đầu ")
    response = client.post(sheet_url(session), form)

    assert response.status_code == 302 and response.url == sheet_url(session)
    assert messages_of(response) == ["1 row saved."]
    records = {r.user_id: r for r in AttendanceRecord.objects.all()}
    assert (records[an.pk].status, records[an.pk].remark) == ("present", "Ngồi hàng đầu")
    assert records[an.pk].recorded_by == trainer
    assert records[binh.pk].status == "excused"  # untouched: not a conflict, not overwritten
    assert cuong.pk not in records


@pytest.mark.django_db
def test_a_stale_save_keeps_the_other_trainers_value_and_says_so(
    role_groups, trainer, second_trainer, session
):
    an, binh = registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình"])
    first, second = logged_in(trainer), logged_in(second_trainer)
    # Both trainers open the sheet before anyone has saved.
    first_form = sheet_form(first.get(sheet_url(session)))
    second_form = sheet_form(second.get(sheet_url(session)))

    first.post(sheet_url(session), choose(first_form, an, status="present"))
    kept = AttendanceRecord.objects.get(user=an)
    choose(second_form, an, status="absent")
    choose(second_form, binh, status="late")
    response = second.post(sheet_url(session), second_form)

    assert messages_of(response) == [
        f"Trần Văn An: changed by Giảng Viên Một at {hhmm(kept.recorded_at)} while you were "
        "editing — their value is kept (Present); check it and save again.",
        "1 row saved.",
    ]
    assert AttendanceRecord.objects.get(user=an).status == "present"
    assert AttendanceRecord.objects.get(user=binh).status == "late"
    # Back on the sheet, the row shows the value that was kept, with its new version.
    page = second.get(sheet_url(session)).content.decode()
    assert f'name="status-{an.pk}" value="present" checked' in page
    assert f'name="version-{an.pk}" value="1"' in page
    # Saving again from the refreshed sheet now changes it.
    response = second.post(
        sheet_url(session),
        choose(sheet_form(second.get(sheet_url(session))), an, status="absent"),
    )
    assert messages_of(response) == ["1 row saved."]
    assert AttendanceRecord.objects.get(user=an).status == "absent"


@pytest.mark.django_db
def test_a_learner_checking_in_while_the_trainer_edits_is_not_overwritten(
    role_groups, trainer, session
):
    (an,) = registered(role_groups, session, ["Trần Văn An"])
    client = logged_in(trainer)
    form = sheet_form(client.get(sheet_url(session)))
    code = checkin.make_code(session.pk, checkin.current_step(timezone.now()))
    services.check_in(session=session, user=an, code=code)

    response = client.post(sheet_url(session), choose(form, an, status="absent"))

    (message,) = messages_of(response)
    assert message.startswith("Trần Văn An: changed by Trần Văn An at ")
    assert AttendanceRecord.objects.get(user=an).status == "present"


@pytest.mark.django_db
def test_an_invalid_status_saves_nothing_for_that_row_only(role_groups, trainer, session):
    an, binh = registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình"])
    client = logged_in(trainer)
    form = sheet_form(client.get(sheet_url(session)))
    choose(form, an, status="teleported", remark="?")
    choose(form, binh, status="late")

    response = client.post(sheet_url(session), form)

    assert messages_of(response) == [
        "Trần Văn An: “teleported” is not an attendance status; nothing was saved for them.",
        "1 row saved.",
    ]
    assert list(AttendanceRecord.objects.values_list("user_id", "status")) == [(binh.pk, "late")]


@pytest.mark.django_db
def test_a_remark_without_a_status_is_refused_and_an_unchanged_sheet_saves_nothing(
    role_groups, trainer, session
):
    (an,) = registered(role_groups, session, ["Trần Văn An"])
    client = logged_in(trainer)
    form = sheet_form(client.get(sheet_url(session)))
    assert messages_of(client.post(sheet_url(session), form)) == [
        "Nothing to save: no row was changed."
    ]
    form = sheet_form(client.get(sheet_url(session)))  # shows (and so clears) the message
    response = client.post(sheet_url(session), choose(form, an, remark="Đến muộn"))
    assert messages_of(response) == [
        "Trần Văn An: choose a status to save the remark; nothing was saved for them."
    ]
    assert not AttendanceRecord.objects.exists()


@pytest.mark.django_db
def test_a_learner_who_cancelled_meanwhile_is_not_recorded(role_groups, trainer, session):
    an, binh = registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình"])
    client = logged_in(trainer)
    form = sheet_form(client.get(sheet_url(session)))
    services.cancel_registration(session=session, user=an)

    response = client.post(sheet_url(session), choose(form, an, status="present"))

    assert messages_of(response) == [
        "Trần Văn An is no longer on this session's sheet; nothing was saved for them."
    ]
    assert not AttendanceRecord.objects.exists()


@pytest.mark.django_db
def test_history_lists_every_change_newest_first(role_groups, trainer, second_trainer, session):
    (an,) = registered(role_groups, session, ["Trần Văn An"])
    services.mark_attendance(session=session, learner_id=an.pk, status="present", by=trainer)
    services.mark_attendance(
        session=session, learner_id=an.pk, status="late", remark="Kẹt xe", by=second_trainer
    )
    response = logged_in(trainer).get(sheet_url(session))
    (row,) = response.context["rows"]
    assert [(e.status_label, e.remark, e.by) for e in row.history] == [
        ("Late", "Kẹt xe", "Giảng Viên Hai"),
        ("Present", "", "Giảng Viên Một"),
    ]
    page = response.content.decode()
    assert "<details" in page and "History (2 changes)" in page


# --- mark all present -------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_all_present_fills_the_gaps_and_keeps_recorded_statuses(role_groups, trainer, session):
    an, binh, cuong = registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình", "Vũ Cường"])
    services.mark_attendance(
        session=session, learner_id=binh.pk, status="excused", remark="Đi công tác", by=trainer
    )

    response = logged_in(trainer).post(all_present_url(session))

    assert response.status_code == 302 and response.url == sheet_url(session)
    assert messages_of(response) == [
        "2 learners marked present; statuses already recorded were kept."
    ]
    statuses = dict(AttendanceRecord.objects.values_list("user_id", "status"))
    assert statuses == {an.pk: "present", binh.pk: "excused", cuong.pk: "present"}
    assert AttendanceRecord.objects.get(user=binh).remark == "Đi công tác"


# --- query budget -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("learners", [2, 10])
def test_the_sheet_costs_the_same_queries_for_few_or_many_learners(
    role_groups, trainer, second_trainer, session, learners, django_assert_num_queries
):
    unit = UnitFactory(name="Sở Nội vụ")
    people = registered(role_groups, session, [f"Học Viên {i}" for i in range(learners)], unit=unit)
    for learner in people[::2]:  # half have a record, with two changes by two trainers
        services.mark_attendance(session=session, learner_id=learner.pk, status="late", by=trainer)
        services.mark_attendance(
            session=session, learner_id=learner.pk, status="present", by=second_trainer
        )
    client = logged_in(trainer)
    client.get(sheet_url(session))  # warm-up: Wagtail's site root paths, content types

    expected = (
        1  # the user, with their learner profile (the session is in the cache)
        + 1  # the training session with its course (select_related)
        + 2  # can_take_attendance: the user's own permissions, then their groups' (has_perm)
        + 1  # can_take_attendance: is the user one of the session's trainers (EXISTS)
        + 2  # services.sheet_learner_ids: registered learners, then learners with a record
        + 1  # those learners, with their profiles and units
        + 1  # the session's records, with who recorded them and their profiles
        + 1  # the records' history, with who made each change and their profiles
    )
    assert expected == 10
    with django_assert_num_queries(expected):
        response = client.get(sheet_url(session))
    assert response.status_code == 200
    assert len(response.context["rows"]) == learners


@pytest.mark.django_db
def test_a_superuser_skips_the_permission_queries(
    role_groups, superuser, session, django_assert_num_queries
):
    registered(role_groups, session, ["Trần Văn An", "Lê Thị Bình"])
    client = logged_in(superuser)
    client.get(sheet_url(session))
    # As for a trainer, without the three permission queries: a superuser has every permission.
    with django_assert_num_queries(7):
        assert client.get(sheet_url(session)).status_code == 200
