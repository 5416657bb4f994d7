"""The quiz attempts listing of the Wagtail admin: scope, columns, filters, export, query budget."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from lms import services
from quizzes.models import Attempt, AttemptStatus
from tests.factories import (
    LearnerProfileFactory,
    UnitFactory,
    UserFactory,
    make_course,
    make_question,
    make_quiz,
)

INDEX = reverse("cds_quizzes_attempts:index")
HEADERS = [
    "Learner",
    "Email",
    "Unit code",
    "Unit",
    "Quiz",
    "Attempt number",
    "Status",
    "Started at",
    "Submitted at",
    "Score",
    "Maximum score",
    "Score (%)",
    "Passed",
    "Late",
]


def attempt(user, quiz, *, number=1, percent=None, late=False, when=None) -> Attempt:
    """A submitted attempt graded `percent` (of 10 points), or one in progress without it."""
    started = when or timezone.now() - datetime.timedelta(minutes=30)
    if percent is None:
        return Attempt.objects.create(
            quiz=quiz, user=user, number=number, started_at=started, max_score=10
        )
    return Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=started,
        submitted_at=started + datetime.timedelta(minutes=20),
        score=Decimal(percent) / 10,
        max_score=10,
        percent=percent,
        passed=percent >= quiz.pass_mark,
        late=late,
    )


@pytest.fixture
def quizzes(db):
    course = make_course(lessons=0, title="Chính quyền số")
    question = make_question()
    found = {}
    for key, title, pass_mark in (
        ("basic", "Kiểm tra cơ bản", 70),
        ("final", "Kiểm tra cuối khóa", 80),
    ):
        quiz = make_quiz(course, [question], pass_mark=pass_mark)
        quiz.title = title
        quiz.save(update_fields=["title"])
        found[key] = quiz
    return found


@pytest.fixture
def attempts(province, learner, unit_manager, quizzes):
    """One attempt per kind of row:

    - the department's learner (outside the district manager's units), passed;
    - a district learner, failed, late;
    - a commune learner, passed the final quiz;
    - the same commune learner, a second attempt still in progress.
    """
    district = LearnerProfileFactory(unit=province["district"], full_name="Nguyễn Văn Huyện")
    commune = LearnerProfileFactory(unit=province["commune"], full_name="Phạm Thị Xã")
    return {
        "department": attempt(learner, quizzes["basic"], percent=90),
        "failed": attempt(district.user, quizzes["basic"], percent=40, late=True),
        "passed": attempt(commune.user, quizzes["final"], percent=85),
        "open": attempt(commune.user, quizzes["final"], number=2),
    }


def listed(response) -> set[int]:
    return {row.pk for row in response.context["object_list"]}


def test_a_unit_manager_sees_only_attempts_of_learners_in_their_subtrees(
    admin_login, unit_manager, attempts
):
    response = admin_login(unit_manager).get(INDEX)

    assert response.status_code == 200
    assert listed(response) == {attempts[k].pk for k in ("failed", "passed", "open")}
    html = response.content.decode()
    assert "Trần Thị Học" not in html  # the department's learner
    for text in ("Nguyễn Văn Huyện", "Xã Tân Hòa", "Kiểm tra cuối khóa", "85%", "Yes"):
        assert text in html
    for text in ("Passed", "Not passed", "In progress"):
        assert text in html


def test_a_manager_of_no_unit_sees_nothing_and_administrators_see_everything(
    admin_login, attempts, site_admin, superuser, role_groups
):
    from lms import roles

    nobody = UserFactory(username="manager-of-nothing@example.gov.vn")
    nobody.groups.add(role_groups[roles.UNIT_MANAGER])
    assert listed(admin_login(nobody).get(INDEX)) == set()
    everything = {a.pk for a in attempts.values()}
    assert listed(admin_login(site_admin).get(INDEX)) == everything
    assert listed(admin_login(superuser).get(INDEX)) == everything


def test_learners_and_editors_may_not_list_attempts(admin_login, learner, role_groups, client):
    from lms import roles

    client.force_login(learner)
    assert client.get(INDEX).status_code == 302  # no admin access: to the login page
    editor = UserFactory(username="editor@example.gov.vn")
    editor.groups.add(role_groups[roles.EDITOR])
    response = admin_login(editor).get(INDEX)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_listing_filters_by_quiz_and_result_and_searches_names(
    admin_login, superuser, attempts, quizzes
):
    client = admin_login(superuser)

    assert listed(client.get(INDEX, {"quiz": quizzes["final"].pk})) == {
        attempts["passed"].pk,
        attempts["open"].pk,
    }
    assert listed(client.get(INDEX, {"passed": "yes"})) == {
        attempts["department"].pk,
        attempts["passed"].pk,
    }
    assert listed(client.get(INDEX, {"passed": "no"})) == {attempts["failed"].pk}
    assert listed(client.get(INDEX, {"q": "huyện"})) == {attempts["failed"].pk}


def test_the_export_keeps_to_the_scope_in_csv_and_xlsx(admin_login, unit_manager, attempts):
    client = admin_login(unit_manager)

    response = client.get(INDEX, {"export": "csv", "ordering": "learner_name"})
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == HEADERS
    by_name = {(r[0], r[5]): r for r in rows[1:]}
    assert set(by_name) == {("Nguyễn Văn Huyện", "1"), ("Phạm Thị Xã", "1"), ("Phạm Thị Xã", "2")}
    failed = by_name[("Nguyễn Văn Huyện", "1")]
    assert failed[2:7] == ["H-VT", "Huyện Vũ Thư", "Kiểm tra cơ bản", "1", "Submitted"]
    assert failed[9:] == ["4.00", "10.00", "40.00", "", "Yes"]
    local = timezone.localtime(attempts["failed"].submitted_at).strftime("%d/%m/%Y %H:%M")
    assert failed[8] == local  # the time people here read, not UTC
    in_progress = by_name[("Phạm Thị Xã", "2")]
    assert (in_progress[6], in_progress[8], in_progress[9], in_progress[12]) == (
        "In progress",
        "",
        "",
        "",
    )

    response = client.get(INDEX, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = list(workbook.active.values)
    assert list(values[0]) == HEADERS and len(values) == 4


# --- query budget -------------------------------------------------------------------------


def _attempts(rows: int):
    """`rows` attempts of learners spread over a small tree, and the manager of its root."""
    root = UnitFactory(code="TINH", name="Tỉnh", kind="province")
    units = [root, *(UnitFactory(parent=root) for _ in range(3))]
    course = make_course(lessons=0)
    quiz_list = [make_quiz(course, [make_question(f"Câu {n}?")]) for n in range(2)]
    for n in range(rows):
        profile = LearnerProfileFactory(unit=units[n % len(units)])
        attempt(profile.user, quiz_list[n % 2], percent=None if n % 5 == 0 else 50 + n)
    manager = LearnerProfileFactory(unit=root).user
    services.assign_unit_manager(user=manager, unit=root)
    return manager


# The attempts index costs a unit manager 11 queries, for 3 rows as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the roots the user manages, for the attempts' scope (LearnerProfile.visible_to)
#   1  the count for the paginator
#   1  the quizzes offered by the quiz filter
#   1  the attempts of the page, learner, unit and quiz annotated in (one query; the
#      snapshots and answers are not read)
#   3  Wagtail's own furniture: the locales for the admin's JS config, and the user's page
#      and collection permissions for the sidebar menu
ATTEMPTS_INDEX_QUERIES = 11


@pytest.mark.parametrize("rows", [3, 30])
def test_attempts_index_query_count_does_not_grow_with_rows(
    role_groups, admin_login, django_assert_num_queries, rows
):
    manager = _attempts(rows)
    client = admin_login(manager)
    client.get(INDEX)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(ATTEMPTS_INDEX_QUERIES):
        response = client.get(INDEX)

    assert len(response.context["object_list"]) == rows
