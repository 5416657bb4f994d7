"""Fuzzing the two importers: learners (`lms.learner_import`) and bank questions
(`quizzes.question_import`), called as the admin screens and the commands call them.

Whatever the file (random bytes, CSV with any delimiter, quoting, BOM or encoding, missing,
extra or repeated headers, Vietnamese precomposed or decomposed, formula-like or very long
cells, blank rows, workbooks with dates, numbers and empty cells), checking it never raises: it
answers with problems, each with a message and a row of the file or none. Checking and a dry
run write nothing; a file with a problem imports nothing; a valid file imports exactly its rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import unicodedata
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from hypothesis import event, example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from taggit.models import Tag

from lms import learner_import, services
from lms.models import LearnerProfile, OrganisationUnit
from quizzes import question_import
from quizzes.models import Choice, Question, QuestionCategory
from tests.fuzz.conftest import DB

User = get_user_model()

# --- cells ---------------------------------------------------------------------------------------

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìóòốồổớờúùứừýỳĐĂÂÊÔƠƯ"
vietnamese = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ", min_size=1, max_size=25)
spelled = st.one_of(  # the same words, precomposed or decomposed
    vietnamese, vietnamese.map(lambda text: unicodedata.normalize("NFD", text))
)
cells = st.one_of(
    st.just(""),
    spelled,
    st.text(max_size=30),  # control characters, NUL, any script
    st.sampled_from(["=1+1", "+84912", "-1", "@SUM(A1)", '=HYPERLINK("x")', "\t=x", "'0"]),
    st.sampled_from(["²", "١", "1" * 5000, "9" * 40, "0", "-3", "1e999", "NaN", "∞", "A-Z"]),
    st.tuples(st.sampled_from('ầx |,;"'), st.integers(200, 3000)).map(lambda t: t[0] * t[1]),
)
DELIMITERS = [",", ";", "\t", "|"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]


@st.composite
def header_cells(draw, columns) -> list[str]:
    """A header: either any names, or every required column (and some optional ones) named
    as the template, an alias, shouted or decomposed, with unknown or repeated names among
    them, in any order — so that half the files get as far as their rows."""

    def spelling(names: list[str]) -> st.SearchStrategy[str]:
        return st.sampled_from(names).flatmap(
            lambda name: st.sampled_from(
                [name, name.upper(), unicodedata.normalize("NFD", name), f" {name} "]
            )
        )

    every_name = [name for column in columns for name in (column.template_header, *column.aliases)]
    if draw(st.booleans()):
        return draw(st.lists(st.one_of(spelling(every_name), cells), max_size=12))
    named = [
        draw(spelling([column.template_header, *column.aliases]))
        for column in columns
        if column.required or draw(st.integers(0, 3)) == 0
    ]
    extra = draw(st.lists(st.one_of(spelling(every_name), cells), max_size=3))
    return draw(st.permutations(named + extra))


def tables(columns) -> st.SearchStrategy[list[list[str]]]:
    return st.tuples(
        st.lists(st.just(""), max_size=2).map(lambda blank: [blank] if blank else []),  # title
        header_cells(columns).map(lambda header: [header]),
        st.lists(st.lists(cells, max_size=len(columns) + 2), max_size=8),  # rows, some empty
    ).map(lambda parts: list(itertools.chain(*parts)))


@st.composite
def csv_bytes(draw, columns, *, messy: bool = True) -> bytes:
    """A CSV of `tables()`, any delimiter, quoting and line ends; `messy` ones may also have a
    stray quote, NUL or BOM inside, or be in another encoding than UTF-8."""
    rows = draw(tables(columns))
    buffer = io.StringIO()
    csv.writer(
        buffer,
        delimiter=draw(st.sampled_from(DELIMITERS)),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
        lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])),
    ).writerows(rows)
    text = buffer.getvalue()
    if messy and draw(st.booleans()):  # a stray quote, a cut file
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(['"', "", "\x00", "\ufeff"])) + text[cut:]
    encoding = draw(st.sampled_from(ENCODINGS if messy else ENCODINGS[:2]))
    return text.encode(encoding, errors="replace")


XLSX_VALUES = st.one_of(
    st.none(),
    cells,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, max_value=10**9, min_value=-(10**9)
    ),
)


@st.composite
def xlsx_bytes(draw, columns) -> bytes:
    header = draw(header_cells(columns))
    rows = draw(st.lists(st.lists(XLSX_VALUES, max_size=len(columns) + 2), max_size=8))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [header, *rows]:
        # What a workbook can hold: no control characters, at most 32,767 characters a cell.
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v)[:32767] if isinstance(v, str) else v for v in values]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def files(columns) -> st.SearchStrategy[tuple[bytes, str]]:
    """Two in three files well-formed (so that their rows are read), one in three not."""
    return st.one_of(
        st.tuples(csv_bytes(columns, messy=False), st.just("f.csv")),
        st.tuples(xlsx_bytes(columns), st.just("f.xlsx")),
        st.one_of(
            st.tuples(st.binary(max_size=300), st.sampled_from(["f.csv", "f.xlsx", "f.txt", "f"])),
            st.tuples(csv_bytes(columns), st.just("f.csv")),
            st.tuples(xlsx_bytes(columns), st.just("f.csv")),  # a workbook named .csv
            st.tuples(csv_bytes(columns), st.just("f.xlsx")),
        ),
    )


# --- what the database holds ---------------------------------------------------------------------


def learner_counts() -> tuple[int, ...]:
    return (User.objects.count(), LearnerProfile.objects.count(), OrganisationUnit.objects.count())


def question_counts() -> tuple[int, ...]:
    return (
        Question.objects.count(),
        Choice.objects.count(),
        QuestionCategory.objects.count(),
        Tag.objects.count(),
    )


def assert_well_formed(result) -> None:
    """Problems, if any, each with a message and a row of the file (or none: the file)."""
    # Which door each example left by (see --hypothesis-show-statistics): the file refused,
    # rows refused, or a clean file.
    event("file refused" if result.file_errors else "rows refused" if result.errors else "clean")
    assert result.is_valid == (not result.errors)
    assert not (result.rows and result.errors)  # whole or nothing
    for error in result.errors:
        assert isinstance(error.message, str) and error.message.strip()
        assert error.row is None or error.row >= 1
        assert isinstance(error.column, str)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# --- learners ------------------------------------------------------------------------------------


@DB
@given(files(learner_import.COLUMNS))
@example((b"\xef\xbb\xbf", "f.csv"))  # a BOM and nothing else
@example(('Họ và tên,Email\n"unclosed,x\n'.encode(), "f.csv"))
@example((b"PK\x03\x04" + b"\x00" * 40, "f.xlsx"))
def test_any_learner_file_is_answered_with_rows_or_problems_and_writes_nothing(
    province, superuser, english, file
):
    content, name = file
    before = learner_counts()
    for user in (None, superuser):
        result = learner_import.validate_file(io.BytesIO(content), filename=name, user=user)
        assert_well_formed(result)
    assert learner_counts() == before


UNIT_CODES = ["TINH", "SO-TTTT", "H-VT", "X-VT-01", "so-tttt", " x-vt-01 "]
CATEGORIES = ["Công chức", "viên chức", "CBCC", "cooperative_leader", "Người dân", "CIVIL SERVANT"]


@st.composite
def learner_rows(draw) -> list[list[str]]:
    count = draw(st.integers(1, 6))
    locals_ = draw(
        st.lists(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12)
            .map(lambda local: local.strip("._-") or "x")
            .filter(lambda local: ".." not in local),
            min_size=count,
            max_size=count,
            unique_by=str.lower,
        )
    )
    codes = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    rows = []
    for index, local in enumerate(locals_):
        email = f"{local}@fuzz.example.gov.vn"
        rows.append(
            [
                draw(spelled.filter(str.strip)),
                draw(st.sampled_from([email, email.upper(), f"  {email} "])),
                draw(st.sampled_from(UNIT_CODES)),
                draw(st.one_of(st.just(""), spelled)),
                draw(st.sampled_from(CATEGORIES)),
                draw(st.sampled_from(["", f"FZ{codes[index]}"])),
            ]
        )
    return rows


def write_learners(rows: list[list], *, file_format: str, delimiter: str = ",") -> bytes:
    header = learner_import.header_row()
    if file_format == "xlsx":
        workbook = openpyxl.Workbook()
        for values in [header, *rows]:
            workbook.active.append(values)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    return buffer.getvalue().encode("utf-8-sig")


@DB
@given(learner_rows(), st.sampled_from(["csv", "xlsx"]), st.sampled_from(DELIMITERS[:3]))
def test_a_valid_learner_file_imports_exactly_its_rows(
    province, english, rows, file_format, delimiter
):
    content = write_learners(rows, file_format=file_format, delimiter=delimiter)
    result = learner_import.validate_file(io.BytesIO(content), filename=f"f.{file_format}")
    assert result.errors == []
    assert result.row_count == len(rows) == len(result.rows)
    before = learner_counts()
    with transaction.atomic():
        summary = services.import_learners(rows=result.rows)
        assert (summary.created, summary.updated) == (len(rows), 0)
        assert learner_counts() == (before[0] + len(rows), before[1] + len(rows), before[2])
        for row in result.rows:
            profile = LearnerProfile.objects.get(user__email=row.email)
            assert profile.full_name == row.full_name == unicodedata.normalize("NFC", row.full_name)
        transaction.set_rollback(True)
    assert learner_counts() == before


BAD_LEARNER_CELLS = {
    1: ["not an email", "a@b", "", "x" * 300 + "@example.gov.vn"],
    2: ["NO-SUCH-UNIT", "", "=1+1"],
    4: ["someone", "", "1"],
}


@DB
@given(learner_rows(), st.data())
def test_a_learner_file_with_one_bad_cell_imports_nothing_and_names_the_row(
    province, english, tmp_path_factory, rows, data
):
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(sorted(BAD_LEARNER_CELLS)))
    rows[index][column] = data.draw(st.sampled_from(BAD_LEARNER_CELLS[column]))
    content = write_learners(rows, file_format="csv")
    result = learner_import.validate_file(io.BytesIO(content), filename="f.csv")
    assert {error.row for error in result.errors} == {index + 2}  # the header is row 1
    assert result.rows == []
    # The command, dry run or not, stops and writes nothing.
    path = tmp_path_factory.mktemp("learners") / "f.csv"
    path.write_bytes(content)
    before = learner_counts()
    for options in (["--dry-run"], []):
        with pytest.raises(CommandError):
            call_command("import_learners", str(path), *options, stdout=io.StringIO(),
                         stderr=io.StringIO())  # fmt: skip
    assert learner_counts() == before


@DB
@given(learner_rows())
def test_a_learner_dry_run_counts_and_writes_nothing(province, english, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("learners") / "f.csv"
    path.write_bytes(write_learners(rows, file_format="csv"))
    before = learner_counts()
    out = io.StringIO()
    call_command("import_learners", str(path), "--dry-run", stdout=out)
    assert f"{len(rows)} to create" in out.getvalue()
    assert learner_counts() == before


# --- questions -----------------------------------------------------------------------------------


def question_csv(*, code: str = "", correct: str = "A", points: str = "1") -> bytes:
    return (
        "Mã câu hỏi,Danh mục,Loại,Câu hỏi,Điểm,Lựa chọn 1,Lựa chọn 2,Đáp án\n"
        f"{code},A,single,Q,{points},x,y,{correct}\n"
    ).encode()


@DB
@given(files(question_import.COLUMNS))
@example((question_csv(correct="²"), "f.csv"))  # isdigit(), yet not int()
@example((question_csv(correct="1" * 5000), "f.csv"))  # more digits than int() reads
@example((question_csv(code="²"), "f.csv"))
@example((question_csv(code="9" * 30), "f.csv"))  # over a bigint
@example((question_csv(code="1" * 5000), "f.csv"))
@example((question_csv(points="1e999999"), "f.csv"))
@example((question_csv(points="1e-999999"), "f.csv"))
def test_any_question_file_is_answered_with_rows_or_problems_and_writes_nothing(english, db, file):
    content, name = file
    before = question_counts()
    for can_add in (True, False):
        result = question_import.validate_file(
            io.BytesIO(content), filename=name, can_add_categories=can_add
        )
        assert_well_formed(result)
    assert question_counts() == before


KINDS = {
    "single": ["single", "Một lựa chọn", "SINGLE CHOICE"],
    "multiple": ["multiple", "Nhiều lựa chọn", "chọn nhiều"],
    "true_false": ["true_false", "Đúng/Sai", "true false"],
    "short_answer": ["short_answer", "Trả lời ngắn", "short"],
}
QUESTION_HEADER = ["Danh mục", "Loại câu hỏi", "Nội dung câu hỏi", "Điểm", "Cách chấm điểm",
                   *[f"Lựa chọn {n}" for n in range(1, 7)], "Các lựa chọn", "Đáp án đúng",
                   "Đáp án chấp nhận", "Bỏ qua dấu", "Giải thích", "Thẻ"]  # fmt: skip
choice_text = spelled.map(str.strip).filter(lambda text: text and "|" not in text)


@st.composite
def question_row(draw, text: str) -> list[str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    count = 2 if kind == "true_false" else draw(st.integers(2, 6))
    choices = draw(st.lists(choice_text, min_size=count, max_size=count, unique_by=str.lower))
    if kind == "multiple":
        right = draw(st.sets(st.integers(0, count - 1), min_size=1))
    else:
        right = {draw(st.integers(0, count - 1))}
    correct = draw(
        st.sampled_from(
            [
                ", ".join(str(i + 1) for i in sorted(right)),
                ";".join("ABCDEF"[i] for i in sorted(right)),
                "".join("abcdef"[i] for i in sorted(right)),
            ]
        )
    )
    in_one_cell = kind != "short_answer" and draw(st.booleans())
    slots = [""] * 6
    if kind == "short_answer":
        choices, correct = [], ""
    elif not in_one_cell:
        slots[:count] = choices
    accepted = draw(st.lists(choice_text, min_size=1, max_size=3)) if kind == "short_answer" else []
    return [
        draw(st.sampled_from(["Chính quyền số", "Kinh tế số", "chính quyền số"])),
        draw(st.sampled_from(KINDS[kind])),
        text,
        draw(st.sampled_from(["", "1", "2,5", "0.25", "9999.99"])),
        draw(st.sampled_from(["", "Từng phần", "all"])) if kind == "multiple" else "",
        *slots,
        " | ".join(choices) if in_one_cell else "",
        correct,
        " | ".join(accepted),
        draw(st.sampled_from(["", "có", "không", "yes"])) if kind == "short_answer" else "",
        draw(st.one_of(st.just(""), spelled)),
        draw(st.sampled_from(["", "địa lý, cơ bản", "Chuyển đổi số"])),
    ]


@st.composite
def question_rows(draw) -> list[list[str]]:
    count = draw(st.integers(1, 5))
    texts = draw(
        st.lists(
            spelled.map(lambda text: " ".join(text.split())).filter(bool),
            min_size=count,
            max_size=count,
            unique_by=lambda text: unicodedata.normalize("NFC", text).casefold(),
        )
    )
    return [draw(question_row(text)) for text in texts]


def write_questions(rows: list[list], *, file_format: str) -> bytes:
    if file_format == "xlsx":
        workbook = openpyxl.Workbook()
        for values in [QUESTION_HEADER, *rows]:
            workbook.active.append(values)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    csv.writer(buffer).writerows([QUESTION_HEADER, *rows])
    return codecs.BOM_UTF8 + buffer.getvalue().encode()


@DB
@given(question_rows(), st.sampled_from(["csv", "xlsx"]))
def test_a_valid_question_file_imports_exactly_its_rows(english, db, rows, file_format):
    content = write_questions(rows, file_format=file_format)
    result = question_import.validate_file(io.BytesIO(content), filename=f"f.{file_format}")
    assert result.errors == []
    assert len(result.rows) == result.row_count == len(rows)
    before = question_counts()
    with transaction.atomic():
        summary = question_import.import_questions(rows=result.rows)
        assert (summary.created, summary.updated) == (len(rows), 0)
        assert Question.objects.count() == before[0] + len(rows)
        assert Choice.objects.count() == before[1] + sum(len(row.choices) for row in result.rows)
        for row in result.rows:
            question = Question.objects.get(text=row.text)
            assert Decimal(0) < question.points <= Decimal("9999.99")
        transaction.set_rollback(True)
    assert question_counts() == before


BAD_QUESTION_CELLS = {
    1: ["not a kind", ""],
    2: [""],
    3: ["-1", "abc", "0.001", "1e999", "NaN", "10000"],
    12: ["Z", "0", "²", "1" * 5000, "7"],
}


@DB
@given(question_rows(), st.data())
def test_a_question_file_with_one_bad_cell_imports_nothing_and_names_the_row(
    english, db, tmp_path_factory, rows, data
):
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(sorted(BAD_QUESTION_CELLS)))
    if column == 12 and rows[index][1] in KINDS["short_answer"]:
        column = 3  # a short answer ignores the correct cell
    rows[index][column] = data.draw(st.sampled_from(BAD_QUESTION_CELLS[column]))
    content = write_questions(rows, file_format="csv")
    result = question_import.validate_file(io.BytesIO(content), filename="f.csv")
    assert {error.row for error in result.errors} == {index + 2}
    assert result.rows == []
    path = tmp_path_factory.mktemp("questions") / "f.csv"
    path.write_bytes(content)
    before = question_counts()
    for options in (["--dry-run"], []):
        with pytest.raises(CommandError):
            call_command("import_questions", str(path), *options, stdout=io.StringIO(),
                         stderr=io.StringIO())  # fmt: skip
    assert question_counts() == before


@DB
@given(question_rows())
def test_a_question_dry_run_counts_and_writes_nothing(english, db, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("questions") / "f.csv"
    path.write_bytes(write_questions(rows, file_format="csv"))
    before = question_counts()
    out = io.StringIO()
    call_command("import_questions", str(path), "--dry-run", stdout=out)
    assert f"{len(rows)} created" in out.getvalue()
    assert question_counts() == before


# --- what fuzzing found ---------------------------------------------------------------------


def errors_of(result) -> list[tuple[int | None, str, str]]:
    return [(error.row, error.column, error.message) for error in result.errors]


@pytest.mark.parametrize("correct", ["²", "1" * 5000])
def test_a_correct_cell_of_odd_digits_is_a_row_problem_not_a_crash(english, db, correct):
    # Found by fuzzing: "²".isdigit() is true but int("²") raises ValueError, and int() refuses
    # more than 4,300 digits: both were a 500 on the upload screen.
    result = question_import.validate_file(
        io.BytesIO(question_csv(correct=correct)), filename="f.csv"
    )
    assert [(row, column) for row, column, _message in errors_of(result)] == [(2, "Đáp án")]
    assert "does not name choices" in result.errors[0].message


@pytest.mark.parametrize("code", ["²", "9" * 30, "1" * 5000])
def test_a_code_of_odd_or_too_many_digits_names_no_question(english, db, code):
    # Found by fuzzing: "²" crashed int(); 30 digits overflowed the database's integer
    # ("Python int too large to convert to SQLite INTEGER"; PostgreSQL: out of range).
    result = question_import.validate_file(io.BytesIO(question_csv(code=code)), filename="f.csv")
    assert [(row, column) for row, column, _message in errors_of(result)] == [(2, "Mã câu hỏi")]
    assert "No question of the bank has the code" in result.errors[0].message


def test_a_choice_too_long_in_the_one_cell_of_choices_is_refused(english, db):
    # Found by fuzzing long cells: one a column, a choice is held to Choice.text's 500
    # characters; all in one cell it was not, and PostgreSQL refused the write (a 500) where
    # SQLite stored it whole.
    content = (
        f"Danh mục,Loại,Câu hỏi,Các lựa chọn,Đáp án\nA,single,Q,{'ầ' * 501} | Ngắn,2\n"
    ).encode()
    result = question_import.validate_file(io.BytesIO(content), filename="f.csv")
    assert errors_of(result) == [
        (2, "Các lựa chọn", "Too long: at most 500 characters, this has 501.")
    ]


def test_an_email_that_lower_casing_lengthens_past_the_limit_is_refused(province, english):
    # Found by fuzzing with Unicode letters whose lower case is longer: "İ" (1 character)
    # lower-cases to "i̇" (2). The email passed the 150-character check, then the lower-cased
    # username was too long for its column (PostgreSQL refused the import; SQLite stored it).
    email = "a@" + ".".join(["İ" * 28] * 4) + ".com"
    assert len(email) <= 150 < len(email.lower())
    content = write_learners(
        [["Nguyễn Văn An", email, "TINH", "", "Công chức", ""]], file_format="csv"
    )
    result = learner_import.validate_file(io.BytesIO(content), filename="f.csv")
    assert errors_of(result) == [
        (2, "Email", f"Too long: at most 150 characters, this has {len(email.lower())}.")
    ]


def damaged_sheet(xml_edit) -> bytes:
    """A learner workbook whose zip is sound but whose sheet XML is edited by `xml_edit`."""
    import zipfile

    row = ["Nguyễn Văn An", "an@x.gov.vn", "TINH", "", "CBCC", ""]
    clean = write_learners([row], file_format="xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(clean)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = xml_edit(data)
            zout.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "xml_edit",
    [lambda xml: xml[: len(xml) // 2], lambda xml: xml.replace(b"CBCC", b"&#0;")],
    ids=["cut", "nul-reference"],
)
def test_a_workbook_with_a_damaged_sheet_gets_a_clear_message(province, english, xml_edit):
    # Found by fuzzing the XLSX reader: the zip opens, the sheet's XML is broken.
    result = learner_import.validate_file(io.BytesIO(damaged_sheet(xml_edit)), filename="f.xlsx")
    assert [error.row for error in result.errors] == [None]
    assert "not a valid Excel workbook" in result.errors[0].message


@DB
@given(st.integers(480, 520), st.sampled_from(["ầ", "a", "Ầ"]))
def test_every_choice_the_check_accepts_fits_its_column(english, db, length, letter):
    content = (
        f"Danh mục,Loại,Câu hỏi,Các lựa chọn,Đáp án\nA,single,Q,{letter * length} | Ngắn,2\n"
    ).encode()
    result = question_import.validate_file(io.BytesIO(content), filename="f.csv")
    if not result.is_valid:
        assert {error.row for error in result.errors} == {2}
        return
    with transaction.atomic():  # PostgreSQL refuses a value over the column's length
        question_import.import_questions(rows=result.rows)
        assert all(len(text) <= 500 for text in Choice.objects.values_list("text", flat=True))
        transaction.set_rollback(True)


@DB
@given(st.integers(2, 4), st.integers(20, 30), st.sampled_from(["İ", "K", "ẞ"]))
@example(4, 28, "İ")
def test_every_email_the_check_accepts_fits_the_username_column(
    province, english, labels, size, letter
):
    email = "a@" + ".".join([letter * size] * labels) + ".com"
    row = ["Nguyễn Văn An", email, "TINH", "", "CBCC", ""]
    content = write_learners([row], file_format="csv")
    result = learner_import.validate_file(io.BytesIO(content), filename="f.csv")
    if not result.is_valid:
        assert {error.row for error in result.errors} == {2}
        return
    with transaction.atomic():  # PostgreSQL refuses a value over the column's length
        services.import_learners(rows=result.rows)
        assert all(len(name) <= 150 for name in User.objects.values_list("username", flat=True))
        transaction.set_rollback(True)
