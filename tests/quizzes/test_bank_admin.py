"""The question bank in the Wagtail admin: the rules per kind in the question form, the listing
(columns, filters, search, download in the import format), categories and who may do what."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms import roles
from quizzes.models import Question, QuestionCategory
from quizzes.question_import import validate_file
from tests.factories import UserFactory, make_question

QUESTIONS = reverse("cds_quizzes_questions:list")
ADD = reverse("cds_quizzes_questions:add")
CATEGORIES = reverse("cds_quizzes_categories:list")


@pytest.fixture
def editor(role_groups):
    user = UserFactory(username="editor@example.gov.vn")
    user.groups.add(role_groups[roles.EDITOR])
    return user


@pytest.fixture
def category(db):
    return QuestionCategory.objects.create(name="Chính quyền số")


def question_data(category, kind, choices=(), accepted="", **fields):
    """The snippet form's POST data: the question's fields and its choices' inline formset."""
    return nested_form_data(
        {
            "category": category.pk,
            "kind": kind,
            "text": fields.pop("text", "Câu hỏi mới?"),
            "points": "1",
            "scoring": "all_or_nothing",
            "accepted_answers": accepted,
            "feedback": "",
            "tags": "",
            "choices": inline_formset(
                [{"text": text, "is_correct": correct, "feedback": ""} for text, correct in choices]
            ),
            **fields,
        }
    )


# --- the rules of each kind in the form ---------------------------------------------------

ONE_RIGHT = [("Đúng", True), ("Sai", False)]


@pytest.mark.parametrize(
    ("kind", "choices", "accepted", "message"),
    [
        ("single", [("A", True), ("B", True)], "", "needs exactly one correct choice; this one "
         "has 2."),
        ("single", [("A", False), ("B", False)], "", "needs exactly one correct choice; this "
         "one has 0."),
        ("single", [("A", True)], "", "needs at least two choices; this one has 1."),
        ("true_false", [("Đúng", True), ("Sai", True)], "", "needs exactly one correct choice"),
        ("true_false", [], "", "needs at least two choices; this one has 0."),
        ("multiple", [("A", False), ("B", False)], "", "needs at least one correct choice."),
        ("multiple", [("A", True)], "", "needs at least two choices; this one has 1."),
        ("short_answer", [], "", "needs at least one accepted answer."),
        ("short_answer", ONE_RIGHT, "đúng", "has no choices (learners type their answer): "
         "remove them."),
    ],
)  # fmt: skip
def test_the_form_refuses_a_question_that_breaks_the_rules_of_its_kind(
    admin_login, editor, category, kind, choices, accepted, message
):
    response = admin_login(editor).post(ADD, question_data(category, kind, choices, accepted))

    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("kind", "choices", "accepted"),
    [
        ("single", [("A", True), ("B", False), ("C", False)], ""),
        ("true_false", ONE_RIGHT, ""),
        ("multiple", [("A", True), ("B", False), ("C", True)], ""),
        ("multiple", [("A", True), ("B", False)], ""),
        ("short_answer", [], "CĐS\r\nchuyển đổi số"),
    ],
)
def test_the_form_saves_a_question_that_fits_its_kind(
    admin_login, editor, category, kind, choices, accepted
):
    response = admin_login(editor).post(ADD, question_data(category, kind, choices, accepted))

    assert response.status_code == 302
    question = Question.objects.get()
    assert question.kind == kind
    assert [(c.text, c.is_correct) for c in question.choices.all()] == choices


def test_choices_marked_for_deletion_do_not_count(admin_login, editor, category):
    # Given a single-choice question with a second correct choice the editor deletes
    data = question_data(category, "single", [("A", True), ("B", False), ("C", True)])
    data["choices-2-DELETE"] = "1"

    response = admin_login(editor).post(ADD, data)

    assert response.status_code == 302
    assert Question.objects.get().choices.count() == 2


def test_editing_a_question_checks_its_kind_again(admin_login, editor, category):
    question = make_question("Câu?", category=category.name)
    edit = reverse("cds_quizzes_questions:edit", args=[question.pk])
    choices = [(c.text, c.is_correct) for c in question.choices.all()]
    data = question_data(category, "true_false", choices, text="Câu?")
    data.update(
        {f"choices-{i}-id": c.pk for i, c in enumerate(question.choices.all())},
        **{"choices-INITIAL_FORMS": str(len(choices)), "choices-1-is_correct": "on"},
    )

    response = admin_login(editor).post(edit, data)

    assert "needs exactly one correct choice; this one has 2." in response.content.decode()
    question.refresh_from_db()
    assert question.kind == "single"


# --- the listing --------------------------------------------------------------------------


@pytest.fixture
def bank(db):
    """Three questions of two categories and three kinds, two of them tagged."""
    single = make_question("Thủ đô của Việt Nam?", category="Địa lý")
    single.tags.add("cơ bản", "địa lý")
    single.save()  # a cluster's tags are written when it is saved
    multiple = make_question(
        "Trụ cột nào?",
        kind="multiple",
        choices=[("A", True), ("B", True), ("C", False), ("D", False)],
        category="Chuyển đổi số",
    )
    multiple.tags.add("cơ bản")
    multiple.save()
    short = make_question(
        "Viết tắt?", kind="short_answer", accepted_answers="CĐS", category="Chuyển đổi số"
    )
    return {"single": single, "multiple": multiple, "short": short}


def listed(response) -> list[str]:
    return [question.text for question in response.context["object_list"]]


def test_the_listing_shows_category_kind_points_tags_and_choices(admin_login, editor, bank):
    response = admin_login(editor).get(QUESTIONS)

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Thủ đô của Việt Nam?", "Địa lý", "Multiple choice", "cơ bản, địa lý"):
        assert text in html
    counts = {q.text: q.choice_count for q in response.context["object_list"]}
    assert counts == {"Thủ đô của Việt Nam?": 3, "Trụ cột nào?": 4, "Viết tắt?": 0}
    # The "more" menu offers the import and the downloads
    assert reverse("cds_quizzes_import:upload") in html
    assert f"{QUESTIONS}?export=xlsx" in html and f"{QUESTIONS}?export=csv" in html


def test_the_listing_filters_by_category_kind_and_tag_and_searches_the_text(
    admin_login, editor, bank
):
    client = admin_login(editor)
    category = QuestionCategory.objects.get(name="Chuyển đổi số")
    tag = bank["multiple"].tags.get()

    assert listed(client.get(QUESTIONS, {"category": category.pk})) == ["Trụ cột nào?", "Viết tắt?"]
    assert listed(client.get(QUESTIONS, {"kind": "short_answer"})) == ["Viết tắt?"]
    assert sorted(listed(client.get(QUESTIONS, {"tag": tag.pk}))) == [
        "Thủ đô của Việt Nam?",
        "Trụ cột nào?",
    ]
    assert listed(client.get(QUESTIONS, {"q": "thủ đô"})) == ["Thủ đô của Việt Nam?"]


def test_the_download_is_the_import_format_of_the_listed_questions(admin_login, editor, bank):
    category = QuestionCategory.objects.get(name="Chuyển đổi số")

    response = admin_login(editor).get(QUESTIONS, {"category": category.pk, "export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ngan-hang-cau-hoi.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã câu hỏi", "Danh mục", "Loại câu hỏi", "Nội dung câu hỏi"]
    assert [r[3] for r in rows[1:]] == ["Trụ cột nào?", "Viết tắt?"]
    result = validate_file(io.BytesIO(response.content), filename="bank.csv")
    assert result.errors == []
    assert [r.question_id for r in result.rows] == [bank["multiple"].pk, bank["short"].pk]


def test_the_xlsx_download_reads_back(admin_login, editor, bank):
    response = admin_login(editor).get(QUESTIONS, {"export": "xlsx"})
    result = validate_file(io.BytesIO(response.content), filename="bank.xlsx")
    assert result.errors == [] and len(result.rows) == 3


# Listing the bank costs an editor 14 queries, for 3 questions as for 30:
#   1  the user (the session is read from the cache)
#   2  the user's permissions (own, then through groups), cached for the request
#   1  the user's Wagtail profile (admin language and time zone)
#   1  the count for the paginator
#   1  the questions of the page, their category joined and their choices counted
#   2  the tags of those questions (prefetched: the links, then the tags)
#   1  the categories offered by the category filter
#   1  the tags offered by the tag filter
#   4  Wagtail's own furniture: the locales for the admin's JS config, the user's page and
#      collection permissions for the sidebar menu, and the page the explorer starts from
QUESTIONS_INDEX_QUERIES = 14


@pytest.mark.parametrize("rows", [3, 30])
def test_the_listing_costs_the_same_queries_for_3_or_30_questions(
    admin_login, editor, django_assert_num_queries, rows
):
    for n in range(rows):
        question = make_question(f"Câu {n}?", category=f"Danh mục {n % 3}")
        question.tags.add(f"thẻ {n % 4}", "chung")
        question.save()
    client = admin_login(editor)
    client.get(QUESTIONS)  # warm the per-process caches (content types, site root)

    with django_assert_num_queries(QUESTIONS_INDEX_QUERIES):
        response = client.get(QUESTIONS)

    assert len(response.context["object_list"]) == rows


# --- categories and permissions -----------------------------------------------------------


def test_categories_list_their_number_of_questions_and_link_their_downloads(
    admin_login, editor, bank
):
    response = admin_login(editor).get(CATEGORIES)

    counts = {c.name: c.question_count for c in response.context["object_list"]}
    assert counts == {"Chuyển đổi số": 2, "Địa lý": 1}
    category = QuestionCategory.objects.get(name="Địa lý")
    assert f"{QUESTIONS}?category={category.pk}&amp;export=xlsx" in response.content.decode()


def test_editors_and_site_administrators_keep_the_bank_managers_see_attempts_only(
    admin_login, editor, site_admin, unit_manager, bank
):
    for user in (editor, site_admin):
        client = admin_login(user)
        assert client.get(QUESTIONS).status_code == 200
        assert client.get(CATEGORIES).status_code == 200
        assert user.has_perms(["cds_quizzes.add_question", "cds_quizzes.delete_questioncategory"])
    client = admin_login(unit_manager)
    assert client.get(QUESTIONS).status_code == 302  # Wagtail's "permission denied" redirect
    assert client.get(reverse("cds_quizzes_attempts:index")).status_code == 200
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("cds_quizzes_attempts:index") in menu and QUESTIONS not in menu
