"""Importing bank questions from CSV and XLSX: the checks per kind, the write (create, update,
all or nothing), the export that imports back, the command, the upload screen and its
permission."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.models import ModelLogEntry

from lms import roles
from quizzes.models import Choice, Question, QuestionCategory
from quizzes.question_import import (
    COLUMNS,
    export_rows,
    import_questions,
    template_rows,
    validate_file,
)
from tests.factories import UserFactory, make_question

VI_HEADER = [
    "Mã câu hỏi",
    "Danh mục",
    "Loại câu hỏi",
    "Nội dung câu hỏi",
    "Điểm",
    "Cách chấm điểm",
    "Lựa chọn 1",
    "Lựa chọn 2",
    "Lựa chọn 3",
    "Lựa chọn 4",
    "Đáp án đúng",
    "Đáp án chấp nhận",
    "Bỏ qua dấu",
    "Giải thích",
    "Thẻ",
]
EN_HEADER = [
    "Code",
    "Category",
    "Kind",
    "Question",
    "Points",
    "Scoring",
    "Choice 1",
    "Choice 2",
    "Choice 3",
    "Choice 4",
    "Correct",
    "Accepted answers",
    "Ignore diacritics",
    "Feedback",
    "Tags",
]


def row(
    text,
    kind="Một lựa chọn",
    choices=("Hà Nội", "Huế", "Đà Nẵng"),
    correct="A",
    *,
    code="",
    category="Chính quyền số",
    points="1",
    scoring="",
    accepted="",
    ignore="",
    feedback="",
    tags="",
):
    cells = [*choices, "", "", "", ""][:4]
    return [code, category, kind, text, points, scoring, *cells, correct, accepted, ignore,
            feedback, tags]  # fmt: skip


GOOD_ROWS = [
    row("Thủ đô của Việt Nam là?", correct="A", tags="địa lý, cơ bản", feedback="Hà Nội."),
    row(
        "Những trụ cột của chuyển đổi số?",
        kind="Nhiều lựa chọn",
        choices=("Chính quyền số", "Kinh tế số", "Xã hội số", "Nông nghiệp"),
        correct="A, B, C",
        scoring="Từng phần",
        points="2,5",
    ),
    row("Chữ ký số có giá trị pháp lý.", kind="Đúng/Sai", choices=(), correct="Đúng"),
    row(
        "Viết tắt của chuyển đổi số?",
        kind="Trả lời ngắn",
        choices=(),
        correct="",
        accepted="CĐS | CDS",
        ignore="có",
        category="Kiến thức chung",
    ),
]


@pytest.fixture(autouse=True)
def english(settings):
    """Messages in English, the language of the source strings the assertions quote."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def csv_file(rows, header=VI_HEADER, *, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(rows, header=EN_HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(content: bytes, name="questions.csv", **kwargs):
    return validate_file(io.BytesIO(content), filename=name, **kwargs)


def import_file(content: bytes, name="questions.csv", by=None):
    result = check(content, name)
    assert result.errors == []
    return import_questions(rows=result.rows, by=by)


def errors_of(result):
    return [(error.row, error.column, error.message) for error in result.errors]


def choices_of(question):
    return [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")]


# --- a clean file -------------------------------------------------------------------------


def test_a_clean_csv_creates_every_kind_of_question_and_its_categories(db):
    # Given one existing category, and a file naming it and a new one
    QuestionCategory.objects.create(name="Chính quyền số")

    summary = import_file(csv_file(GOOD_ROWS))

    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    assert summary.new_categories == ("Kiến thức chung",)
    single = Question.objects.get(text="Thủ đô của Việt Nam là?")
    assert (single.kind, single.points, single.feedback) == ("single", 1, "Hà Nội.")
    assert choices_of(single) == [("Hà Nội", True), ("Huế", False), ("Đà Nẵng", False)]
    assert sorted(single.tags.names()) == ["cơ bản", "địa lý"]
    multiple = Question.objects.get(kind="multiple")
    assert (multiple.points, multiple.scoring) == (Decimal("2.5"), "partial")
    assert [correct for _text, correct in choices_of(multiple)] == [True, True, True, False]
    true_false = Question.objects.get(kind="true_false")
    assert choices_of(true_false) == [("Đúng", True), ("Sai", False)]  # given automatically
    short = Question.objects.get(kind="short_answer")
    assert short.accepted_answer_list == ["CĐS", "CDS"]
    assert short.ignore_diacritics and not short.choices.exists()
    assert short.category.name == "Kiến thức chung"


def test_imported_questions_are_found_by_the_search_index(db):
    from wagtail.search.backends import get_search_backend

    import_file(csv_file(GOOD_ROWS))

    found = get_search_backend().autocomplete("Thủ đô", Question)
    assert [question.text for question in found] == ["Thủ đô của Việt Nam là?"]


def test_an_xlsx_with_english_headers_and_semicolon_csv_are_read(db):
    assert import_file(xlsx_file(GOOD_ROWS), name="cau-hoi.xlsx").created == 4
    Question.objects.all().delete()
    assert import_file(csv_file(GOOD_ROWS, delimiter=";")).created == 4


def test_choices_may_come_in_one_cell_and_correct_answers_by_number(db):
    header = ["Danh mục", "Loại", "Câu hỏi", "Các lựa chọn", "Đáp án"]
    rows = [["Chung", "multiple", "Chọn số chẵn", "1 | 2 | 3 | 4", "2,4"]]

    import_file(csv_file(rows, header=header))

    question = Question.objects.get()
    assert choices_of(question) == [("1", False), ("2", True), ("3", False), ("4", True)]


def test_the_downloadable_template_imports_as_it_is(db):
    content = csv_file(template_rows()[1:], header=template_rows()[0])
    assert import_file(content).created == 4


def test_every_header_alias_names_one_column_only():
    aliases = [alias for column in COLUMNS for alias in column.aliases]
    assert len(aliases) == len(set(aliases))


# --- importing again ----------------------------------------------------------------------


def test_importing_the_same_file_again_updates_instead_of_duplicating(db):
    content = csv_file(GOOD_ROWS)
    import_file(content)
    first_choice_ids = set(Choice.objects.values_list("pk", flat=True))

    again = import_file(content)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert again.new_categories == ()
    assert Question.objects.count() == 4
    assert set(Choice.objects.values_list("pk", flat=True)) == first_choice_ids


def test_a_changed_row_updates_its_question_matched_by_category_and_text(db):
    import_file(csv_file(GOOD_ROWS))
    single = Question.objects.get(text="Thủ đô của Việt Nam là?")
    Choice.objects.filter(question=single, text="Hà Nội").update(feedback="Đúng rồi!")
    rows = [list(r) for r in GOOD_ROWS]
    rows[0] = row(
        "  THỦ ĐÔ của Việt Nam  là? ",  # case and spaces do not matter to the match
        choices=("Huế", "Hà Nội"),
        correct="B",
        points="3",
        tags="địa lý",
    )

    summary = import_file(csv_file(rows))

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    single.refresh_from_db()
    assert single.points == 3
    assert single.text == "THỦ ĐÔ của Việt Nam là?"  # cleaned as the admin form would
    assert choices_of(single) == [("Huế", False), ("Hà Nội", True)]
    assert single.choices.get(text="Hà Nội").feedback == "Đúng rồi!"  # kept with its text
    assert list(single.tags.names()) == ["địa lý"]


def test_a_code_names_the_question_to_update_even_when_its_text_changes(db):
    question = make_question("Câu cũ?", category="Chính quyền số")
    rows = [row("Câu mới?", code=str(question.pk), choices=("Có", "Không"), correct="B")]

    summary = import_file(csv_file(rows))

    assert (summary.created, summary.updated) == (0, 1)
    question.refresh_from_db()
    assert question.text == "Câu mới?"
    assert choices_of(question) == [("Có", False), ("Không", True)]


def test_export_then_import_round_trips_without_a_change(db, tmp_path):
    # Given a bank made in the admin, with line breaks, decimals and per-choice feedback
    make_question("Câu một?\r\nDòng hai.", feedback="Giải thích\r\nthêm.", points=Decimal("0.5"))
    make_question(
        "Chọn nhiều?",
        kind="multiple",
        scoring="partial",
        choices=[("A", True), ("B", False), ("C", True)],
        category="Kinh tế số",
    )
    make_question(
        "Viết tắt?",
        kind="short_answer",
        accepted_answers="CĐS\r\nCDS",
        ignore_diacritics=True,
        category="Kinh tế số",
    )
    make_question("Đúng hay sai?", kind="true_false", choices=[("Đúng", False), ("Sai", True)])
    tagged = Question.objects.get(text="Chọn nhiều?")
    tagged.tags.add("kinh tế", "cơ bản")
    tagged.save()
    before = {
        q.pk: (q.text, q.points, choices_of(q), sorted(q.tags.names()))
        for q in Question.objects.all()
    }

    for file_format in ("csv", "xlsx"):
        # When the bank is exported and the file imported back
        rows = export_rows(Question.objects.all())
        if file_format == "csv":
            content = csv_file(rows[1:], header=rows[0])
        else:
            content = xlsx_file(rows[1:], header=rows[0])
        summary = import_file(content, name=f"bank.{file_format}")

        # Then nothing changes
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4), file_format
        after = {
            q.pk: (q.text, q.points, choices_of(q), sorted(q.tags.names()))
            for q in Question.objects.all()
        }
        assert after == before


# --- all or nothing -----------------------------------------------------------------------


def test_one_bad_file_reports_every_bad_row_and_writes_nothing(db):
    rows = [
        GOOD_ROWS[0],
        row("Không có đáp án đúng?", correct=""),  # single choice, none correct
        row("Hai đáp án đúng?", correct="A, B"),
        row("Một lựa chọn?", choices=("Chỉ một",), correct="A"),
        row("Nhiều, không đúng?", kind="multiple", correct=""),
        row("Trả lời ngắn thiếu đáp án?", kind="short_answer", choices=(), correct=""),
        row("Trả lời ngắn có lựa chọn?", kind="short_answer", accepted="x", correct=""),
        row("Loại lạ?", kind="essay"),
        row("Điểm sai?", points="abc"),
        row("Điểm âm?", points="-1"),
        row("Đáp án ở ô trống?", correct="D"),
        row("", category=""),
        row("Thủ đô của Việt Nam là?"),  # the same question as row 2
        row("Mã lạ?", code="99999"),
    ]

    result = check(csv_file(rows))

    assert result.rows == []
    assert errors_of(result) == [
        (3, "Đáp án đúng", "A “Single choice” question needs exactly one correct choice; "
                           "this one has 0."),
        (4, "Đáp án đúng", "A “Single choice” question needs exactly one correct choice; "
                           "this one has 2."),
        (5, "Lựa chọn 1", "A “Single choice” question needs at least two choices; this one "
                          "has 1."),
        (6, "Đáp án đúng", "A “Multiple choice” question needs at least one correct choice."),
        (7, "Đáp án chấp nhận", "A short answer question needs at least one accepted answer."),
        (8, "Lựa chọn 1", "A short answer question has no choices (learners type their "
                          "answer): remove them."),
        (9, "Loại câu hỏi", "“essay” is not a kind of question. Use one of: Single choice, "
                            "Multiple choice, True or false, Short answer."),
        (10, "Điểm", "“abc” is not a number of points; write e.g. 1 or 0.5."),
        (11, "Điểm", "Points go from 0.01 to 9999.99, with at most two decimals; this is -1."),
        (12, "Đáp án đúng", "Choice D is empty, so it cannot be a correct one."),
        (13, "Danh mục", "This cell is empty; a value is required."),
        (13, "Nội dung câu hỏi", "This cell is empty; a value is required."),
        (14, "Nội dung câu hỏi", "The same question of the same category is already on row 2."),
        (15, "Mã câu hỏi", "No question of the bank has the code “99999”. Leave the cell empty "
                           "to add a new question."),
    ]  # fmt: skip
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_a_bad_file_changes_no_existing_question(db):
    import_file(csv_file(GOOD_ROWS))
    rows = [row("Thủ đô của Việt Nam là?", points="5"), row("Sai?", kind="essay")]

    result = check(csv_file(rows))

    assert len(result.errors) == 1 and result.rows == []
    assert Question.objects.get(text="Thủ đô của Việt Nam là?").points == 1


def test_two_rows_updating_the_same_question_are_refused(db):
    question = make_question("Câu?", category="Chính quyền số")
    rows = [row("Câu?"), row("Câu khác?", code=str(question.pk))]
    assert errors_of(check(csv_file(rows))) == [
        (3, "Mã câu hỏi", "Row 2 already updates this question.")
    ]


def test_a_person_who_may_not_create_categories_is_told_so(db):
    result = check(csv_file(GOOD_ROWS[:1]), can_add_categories=False)
    assert errors_of(result) == [
        (
            2,
            "Danh mục",
            "No category is named “Chính quyền số”, and you may not create categories.",
        )
    ]


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_a_csv_not_in_utf8_gets_a_clear_message_and_nothing_is_written(db, encoding):
    text = "Danh mục,Loại câu hỏi,Nội dung câu hỏi\nChung,Trả lời ngắn,Câu hỏi?\n"
    content = text.encode(encoding, errors="replace")

    (error,) = check(content).errors

    assert error.row is None
    assert "not in UTF-8" in error.message or "not a text CSV" in error.message
    assert not Question.objects.exists()


def test_a_file_without_some_columns_names_them(db):
    content = xlsx_file([["Chung", "Câu?"]], header=["Category", "Question"])
    assert errors_of(check(content, name="thieu.xlsx")) == [
        (
            None,
            "",
            "The first row must hold the column names. Missing columns: Kind. Download the "
            "template to see the expected columns.",
        )
    ]


def test_a_header_without_rows_and_other_file_types_are_refused(db):
    assert check(csv_file([])).errors[0].message == (
        "The file has column names but no question rows."
    )
    assert "Only .csv and .xlsx" in check(b"x", name="cau-hoi.xls").errors[0].message


# --- query budget -------------------------------------------------------------------------


def _bank_rows(count: int):
    return [
        row(f"Câu {n}?", choices=("A", "B", "C"), correct="B", tags=f"thẻ {n % 3}")
        for n in range(count)
    ]


@pytest.mark.parametrize("step", ["check", "create", "update"])
def test_checking_and_writing_cost_the_same_queries_for_5_or_50_rows(db, step):
    # Both sizes fit one INSERT a table on SQLite (999 parameters a statement); larger files
    # cost one more query a table per batch, never one per row. (Changing a question's text
    # costs the database search backend one query per question; this update changes points,
    # which the index does not hold.)
    counts = []
    for count in (5, 50):
        Question.objects.all().delete()
        QuestionCategory.objects.all().delete()
        Tag.objects.all().delete()
        content = csv_file(_bank_rows(count))
        if step == "update":
            import_file(content)
            content = csv_file([[*r[:4], "2", *r[5:]] for r in _bank_rows(count)])
        result = check(content)
        with CaptureQueriesContext(connection) as queries:
            if step == "check":
                check(content)
            else:
                import_questions(rows=result.rows)
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- the upload screen --------------------------------------------------------------------

UPLOAD_URL = reverse("cds_quizzes_import:upload")


@pytest.fixture
def trainer(role_groups):
    """Has admin access, but no permission on the question bank."""
    user = UserFactory(username="trainer@example.gov.vn")
    user.groups.add(role_groups[roles.TRAINER])
    return user


def upload(client, content, name="cau-hoi.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


def test_people_without_the_bank_permissions_are_refused(admin_login, learner, trainer, client):
    # A learner has no admin access at all: Wagtail sends them to its login page
    client.force_login(learner)
    response = upload(client, csv_file(GOOD_ROWS))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    # An admin user without the permissions gets a 403 on the upload and the template
    client = admin_login(trainer)
    for url in (UPLOAD_URL, reverse("cds_quizzes_import:template", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 403
    assert "You do not have permission to import questions" in response.content.decode()
    assert upload(client, csv_file(GOOD_ROWS)).status_code == 403
    assert not Question.objects.exists()
    assert UPLOAD_URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_unit_manager_may_not_import_questions(admin_login, unit_manager):
    assert admin_login(unit_manager).get(UPLOAD_URL).status_code == 403


def test_the_upload_screen_lists_every_bad_row_and_saves_nothing(admin_login, site_admin):
    client = admin_login(site_admin)
    page = client.get(UPLOAD_URL)
    assert page.status_code == 200
    assert UPLOAD_URL in client.get(reverse("wagtailadmin_home")).content.decode()

    response = upload(client, csv_file([GOOD_ROWS[0], row("Hai đúng?", correct="A,B")]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 problem found, nothing was imported" in html
    assert "needs exactly one correct choice; this one has 2." in html
    assert not Question.objects.exists()


def test_a_clean_upload_imports_and_says_what_it_did(admin_login, site_admin):
    client = admin_login(site_admin)

    response = upload(client, xlsx_file(GOOD_ROWS), name="ngan-hang.xlsx")

    assert response.status_code == 302
    assert response["Location"] == reverse("cds_quizzes_questions:list")
    assert Question.objects.count() == 4
    message = client.get(response["Location"]).content.decode()
    assert "4 questions imported: 4 created, 0 updated, 0 unchanged." in message
    assert "New categories created: Chính quyền số, Kiến thức chung." in message
    entries = ModelLogEntry.objects.filter(action="cds_quizzes.question.import")
    assert {entry.label for entry in entries} == {"Chính quyền số", "Kiến thức chung"}
    assert all(entry.user_id == site_admin.pk for entry in entries)


def test_a_person_without_the_category_permission_imports_into_existing_ones(
    admin_login, role_groups
):
    # Given someone who may add and change questions, but not categories
    group = Group.objects.create(name="Question writers")
    group.permissions.add(
        *role_groups[roles.EDITOR].permissions.filter(
            codename__in=["access_admin", "add_question", "change_question"]
        )
    )
    writer = UserFactory(username="writer@example.gov.vn")
    writer.groups.add(group)

    response = upload(admin_login(writer), csv_file(GOOD_ROWS[:1]))

    assert "you may not create categories" in response.content.decode()
    QuestionCategory.objects.create(name="Chính quyền số")
    assert upload(admin_login(writer), csv_file(GOOD_ROWS[:1])).status_code == 302


def test_the_template_downloads_as_xlsx_and_csv(admin_login, site_admin):
    client = admin_login(site_admin)
    xlsx = client.get(reverse("cds_quizzes_import:template", args=["xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="mau-nhap-cau-hoi.xlsx"'
    assert check(xlsx.content, name="mau.xlsx").errors == []
    as_csv = client.get(reverse("cds_quizzes_import:template", args=["csv"]))
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    assert as_csv.content.decode("utf-8-sig").startswith("Mã câu hỏi,Danh mục,Loại câu hỏi")


# --- the management command ---------------------------------------------------------------


def test_the_command_prints_every_error_and_exits_non_zero(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([GOOD_ROWS[0], row("Sai?", kind="essay", points="x")]))

    with pytest.raises(CommandError) as raised:
        call_command("import_questions", str(path))

    assert raised.value.returncode == 1
    assert str(raised.value) == "2 problems found; nothing was imported."
    err = capsys.readouterr().err
    assert "Row 3, Loại câu hỏi: “essay” is not a kind of question." in err
    assert "Row 3, Điểm: “x” is not a number of points; write e.g. 1 or 0.5." in err
    assert not Question.objects.exists()


def test_the_command_dry_run_counts_without_writing(db, tmp_path):
    path = tmp_path / "cau-hoi.csv"
    path.write_bytes(csv_file(GOOD_ROWS))
    out = io.StringIO()

    call_command("import_questions", str(path), "--dry-run", stdout=out)

    assert out.getvalue().strip() == (
        "The file is valid. 4 questions imported: 4 created, 0 updated, 0 unchanged. New "
        "categories created: Chính quyền số, Kiến thức chung. Nothing was written (--dry-run)."
    )
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()


def test_the_command_imports_and_prints_the_counts(db, tmp_path):
    path = tmp_path / "cau-hoi.xlsx"
    path.write_bytes(xlsx_file(GOOD_ROWS))
    out = io.StringIO()

    call_command("import_questions", str(path), stdout=out)
    call_command("import_questions", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "4 questions imported: 4 created, 0 updated, 0 unchanged. New categories created: "
        "Chính quyền số, Kiến thức chung.",
        "4 questions imported: 0 created, 0 updated, 4 unchanged.",
    ]
    assert Question.objects.count() == 4
