"""Importing bank questions from a CSV or XLSX file, and exporting the bank in the same format.

As with learners (`lms.learner_import`, whose generic half lives in `lms.spreadsheets`), the
whole file is read and every row checked before anything is written: `validate_file()` returns
either clean `QuestionRow`s or every problem found (row number as the spreadsheet shows it,
column, reason in the user's language), and `import_questions()` writes clean rows in one
transaction. A row updates the question it names by its code (the question's number in this
bank, which the export writes) or, without one, the question of the same category with the same
text; otherwise it adds a question. `export_rows()` writes questions so that importing the
export changes nothing.

One row per question:

====================  =====================================================================
column                content
====================  =====================================================================
Mã câu hỏi            optional: the code of the question to update (empty: match by text)
Danh mục              the category, by name; a new name creates the category
Loại câu hỏi          single, multiple, true/false or short answer (code or name)
Nội dung câu hỏi      the question
Điểm                  optional, default 1
Cách chấm điểm        multiple choice only: all or nothing (default) or partial credit
Lựa chọn 1 … 26       the choices, one a column (or one column "Các lựa chọn", split by |)
Đáp án đúng           the correct choices by number or letter: "2", "A, C", "1,3"
Đáp án chấp nhận      short answer: the accepted answers, split by |
Bỏ qua dấu            short answer: yes to accept answers typed without diacritics
Giải thích            optional feedback shown with the answers
Thẻ                   optional tags, split by commas
====================  =====================================================================

True/false rows without choices get "Đúng" and "Sai"; their correct cell may say which.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.models import Tag
from wagtail.log_actions import log

from lms import spreadsheets
from lms.spreadsheets import (
    Column,
    ParsedSheet,
    Sheet,
    SheetLayout,
    ValidationResult,
    choice_lookup,
    chunked,
    clean_cell,
    field_label,
    header_key,
    parse_sheet,
)
from lms.text import nfc

from .models import Choice, MultipleScoring, Question, QuestionCategory, QuestionKind, QuestionTag
from .models.bank import CHOICE_KINDS
from .validation import question_problems

# --- columns ------------------------------------------------------------------------------

LETTERS = string.ascii_uppercase
MAX_CHOICES = len(LETTERS)  # one column a letter, A to Z
TEMPLATE_CHOICES = 6  # choice columns in the template and, at least, in an export
TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"  # the choices of a true/false row that names none
LIST_SEPARATOR = " | "  # between choices, accepted answers, in one cell


def _choice_label(number: int) -> str:
    return _("Choice %(number)d") % {"number": number}


_lazy_choice_label = lazy(_choice_label, str)


def _choice_column(number: int) -> Column:
    letter = LETTERS[number - 1].lower()
    names = ("choice", "option", "answer", "lua chon", "phuong an", "dap an")
    return Column(
        f"choice_{number}",
        _lazy_choice_label(number),
        f"Lựa chọn {number}",
        tuple(f"{name} {mark}" for name in names for mark in (str(number), letter)),
        required=False,
        value_required=False,
        max_length=Choice._meta.get_field("text").max_length,
    )


CHOICE_COLUMNS: tuple[Column, ...] = tuple(
    _choice_column(number) for number in range(1, MAX_CHOICES + 1)
)
CHOICE_KEYS = tuple(column.key for column in CHOICE_COLUMNS)


def _optional(key: str, label: Any, header: str, aliases: str, multiline: bool = False) -> Column:
    """A column the file may leave out, whose cells may be empty; `aliases` separated by
    commas, as `header_key()` folds them."""
    names = tuple(alias.strip() for alias in aliases.split(",") if alias.strip())
    return Column(
        key, label, header, names, required=False, value_required=False, multiline=multiline
    )


CODE = _optional(
    "code", gettext_lazy("Question code"), "Mã câu hỏi",
    "code, question code, id, question id, ma, ma cau hoi, ma so",
)  # fmt: skip
CATEGORY = Column(
    "category",
    field_label(Question, "category"),
    "Danh mục",
    ("category", "question category", "danh muc", "danh muc cau hoi", "chu de", "nhom cau hoi"),
    max_length=QuestionCategory._meta.get_field("name").max_length,
)
KIND = Column(
    "kind",
    field_label(Question, "kind"),
    "Loại câu hỏi",
    ("kind", "type", "question kind", "question type", "loai", "loai cau hoi", "dang cau hoi"),
)
TEXT = Column(
    "text",
    field_label(Question, "text"),
    "Nội dung câu hỏi",
    ("question", "question text", "text", "cau hoi", "noi dung", "noi dung cau hoi"),
    multiline=True,
)
POINTS = _optional(
    "points", field_label(Question, "points"), "Điểm",
    "points, point, score, marks, diem, so diem, diem so",
)  # fmt: skip
SCORING = _optional(
    "scoring", field_label(Question, "scoring"), "Cách chấm điểm",
    "scoring, scoring of multiple choice, cach cham, cach cham diem, cach tinh diem",
)  # fmt: skip
CHOICES = _optional(
    "choices", gettext_lazy("Choices, in one cell"), "Các lựa chọn",
    "choices, options, answers, cac lua chon, lua chon, phuong an, cac phuong an",
    multiline=True,
)  # fmt: skip
CORRECT = _optional(
    "correct", gettext_lazy("Correct choices"), "Đáp án đúng",
    "correct, correct answer, correct answers, correct choice, correct choices, answer key, "
    "dap an, dap an dung, dap an chinh xac, lua chon dung, phuong an dung",
)  # fmt: skip
ACCEPTED = _optional(
    "accepted", field_label(Question, "accepted_answers"), "Đáp án chấp nhận",
    "accepted, accepted answer, accepted answers, dap an chap nhan, cau tra loi chap nhan, "
    "tra loi chap nhan",
    multiline=True,
)  # fmt: skip
IGNORE_DIACRITICS = _optional(
    "ignore_diacritics", field_label(Question, "ignore_diacritics"), "Bỏ qua dấu",
    "ignore diacritics, ignore vietnamese diacritics, bo qua dau, bo qua dau tieng viet, "
    "khong phan biet dau",
)  # fmt: skip
FEEDBACK = _optional(
    "feedback", field_label(Question, "feedback"), "Giải thích",
    "feedback, explanation, giai thich, phan hoi, nhan xet, loi giai",
    multiline=True,
)  # fmt: skip
TAGS = _optional(
    "tags", field_label(Question, "tags"), "Thẻ",
    "tags, tag, keywords, the, nhan, tu khoa",
)  # fmt: skip

COLUMNS: tuple[Column, ...] = (
    CODE,
    CATEGORY,
    KIND,
    TEXT,
    POINTS,
    SCORING,
    *CHOICE_COLUMNS,
    CHOICES,
    CORRECT,
    ACCEPTED,
    IGNORE_DIACRITICS,
    FEEDBACK,
    TAGS,
)
#: The columns as the upload screen explains them: the choice columns stand as one line.
DOCUMENTED_COLUMNS: tuple[Column, ...] = (
    CODE,
    CATEGORY,
    KIND,
    TEXT,
    POINTS,
    SCORING,
    _optional("choice_n", gettext_lazy("Choices, one a column (up to 26)"), "Lựa chọn 1, 2, …", ""),
    CHOICES,
    CORRECT,
    ACCEPTED,
    IGNORE_DIACRITICS,
    FEEDBACK,
    TAGS,
)

# Vietnamese names people write for the kinds and scorings, on top of the codes and the labels
# in every interface language (see `choice_lookup()`).
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    QuestionKind.SINGLE: ("Một lựa chọn", "Một đáp án", "Chọn một", "Trắc nghiệm một đáp án"),
    QuestionKind.MULTIPLE: (
        "Nhiều lựa chọn",
        "Nhiều đáp án",
        "Chọn nhiều",
        "Trắc nghiệm nhiều đáp án",
    ),
    QuestionKind.TRUE_FALSE: ("Đúng/Sai", "Đúng sai", "True/False", "true false"),
    QuestionKind.SHORT_ANSWER: ("Trả lời ngắn", "Điền từ", "Điền đáp án", "short"),
}
SCORING_ALIASES: dict[str, tuple[str, ...]] = {
    MultipleScoring.ALL_OR_NOTHING: ("Tất cả hoặc không", "Đúng hết mới có điểm", "all"),
    MultipleScoring.PARTIAL: ("Từng phần", "Điểm từng phần", "Cho điểm từng phần", "partial"),
}
YES_WORDS = ("yes", "y", "true", "x", "1", "có", "đúng", "bỏ qua")
NO_WORDS = ("no", "n", "false", "0", "không", "sai")
TRUE_WORDS = ("đúng", "true", "t", "yes", "có")
FALSE_WORDS = ("sai", "false", "f", "no", "không")

POINTS_LIMIT = Decimal("9999.99")  # Question.points: six digits, two after the point
# A number in a cell: ASCII digits only ("²".isdigit() is true, yet int("²") fails), and few
# enough for a 64-bit id (a longer one names nothing; `int()` refuses over 4,300 digits).
SMALL_NUMBER = re.compile(r"[0-9]{1,18}")


def layout() -> SheetLayout:
    """The question file, with the limits of the platform's imports (LMS_IMPORT_MAX_*)."""
    return SheetLayout.for_import(
        COLUMNS,
        too_many_rows=lambda limit: (
            _("The file has more than %(max)d question rows. Split it into smaller files.")
            % {"max": limit}
        ),
        no_rows=lambda: _("The file has column names but no question rows."),
    )


def _yes_no_lookup() -> dict[str, bool]:
    lookup = {header_key(word): True for word in YES_WORDS}
    lookup.update({header_key(word): False for word in NO_WORDS})
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup[header_key(_("Yes"))] = True
            lookup[header_key(_("No"))] = False
    return lookup


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    """One clean row, ready to write."""

    row: int
    question_id: int | None  # the question to update; None adds one
    category: str  # the name as the file writes it (NFC)
    category_id: int | None  # None: a new category of that name
    kind: str
    text: str
    points: Decimal
    scoring: str
    choices: tuple[tuple[str, bool], ...]  # (text, correct), in order
    accepted_answers: tuple[str, ...]
    ignore_diacritics: bool
    feedback: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, question by question, and the categories it had to create."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_categories: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def summary_message(summary: ImportSummary) -> str:
    """What an import did, for the person who ran it."""
    message = ngettext(
        "%(total)d question imported: %(created)d created, %(updated)d updated, "
        "%(unchanged)d unchanged.",
        "%(total)d questions imported: %(created)d created, %(updated)d updated, "
        "%(unchanged)d unchanged.",
        summary.total,
    ) % {
        "total": summary.total,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
    }
    if summary.new_categories:
        message += " " + ngettext(
            "New category created: %(names)s.",
            "New categories created: %(names)s.",
            len(summary.new_categories),
        ) % {"names": ", ".join(summary.new_categories)}
    return message


# --- checking -----------------------------------------------------------------------------


def validate_file(
    file: IO[bytes], *, filename: str, can_add_categories: bool = True
) -> ValidationResult[QuestionRow]:
    """Read `file` and check every row (see `validate_sheet()`); file-level problems (size,
    type, encoding, missing columns) come back as errors with `row` None. Writes nothing."""
    return spreadsheets.validate_file(
        file,
        filename=filename,
        layout=layout(),
        validate_sheet=partial(validate_sheet, can_add_categories=can_add_categories),
    )


def text_key(text: str) -> str:
    """How two question texts are compared to match a row to the bank: NFC, without case and
    with runs of spaces and line breaks counting as one space."""
    return nfc(text).casefold()


def category_key(name: str) -> str:
    return nfc(name).casefold()


def split_list(value: str) -> list[str]:
    """The items of a cell separated by "|" or line breaks, without blanks."""
    return [clean_cell(item) for item in re.split(r"[|\n]", value) if item.strip()]


def validate_sheet(
    sheet: Sheet, *, can_add_categories: bool = True
) -> ValidationResult[QuestionRow]:
    """Check every row of `sheet`. Unknown categories are to be created, unless
    `can_add_categories` is False (the person may not), when they are errors.

    Every problem of every row is reported, and then no row is returned: a file imports
    whole or not at all. The queries are a handful for the whole file, not one per row.
    """
    table = parse_sheet(sheet, layout())
    if not table.usable:
        return table.result([])
    add = table.add

    # 1. Each row on its own.
    kinds = choice_lookup(QuestionKind.choices, KIND_ALIASES)
    scorings = choice_lookup(MultipleScoring.choices, SCORING_ALIASES)
    yes_no = _yes_no_lookup()
    for row in table.rows:
        _check_kind(table, row, kinds)
        _check_points(table, row)
        _check_scoring(table, row, scorings)
        cell = row.get("ignore_diacritics", "")
        flag = yes_no.get(header_key(cell)) if cell else False
        if flag is None:
            add(
                row,
                "ignore_diacritics",
                _("“%(value)s” is neither yes nor no (có / không).")
                % {"value": row["ignore_diacritics"]},
            )
        row["ignore_diacritics"] = bool(flag)
        row["accepted"] = split_list(row.get("accepted", ""))
        row["tags"] = _tags(table, row)
        _check_choices(table, row)

    # 2. Rows against each other: one row per question of a category.
    first_seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        if not (row["category"] and row["text"]):
            continue
        key = (category_key(row["category"]), text_key(row["text"]))
        if key in first_seen:
            add(
                row,
                "text",
                _("The same question of the same category is already on row %(row)d.")
                % {"row": first_seen[key]},
            )
        else:
            first_seen[key] = row["row"]

    # 3. Rows against the database.
    categories = _categories_by_key({row["category"] for row in table.rows if row["category"]})
    by_code = _questions_by_code([row.get("code", "") for row in table.rows])
    by_text = _questions_by_text(
        [category.pk for category in categories.values()],
    )
    clean: list[QuestionRow] = []
    claimed: dict[int, int] = {}  # question id → the row that updates it
    for row in table.rows:
        category = categories.get(category_key(row["category"]))
        if row["category"] and category is None and not can_add_categories:
            add(
                row,
                "category",
                _("No category is named “%(value)s”, and you may not create categories.")
                % {"value": row["category"]},
            )
        same_text = (
            by_text.get((category.pk, text_key(row["text"])), []) if category is not None else []
        )
        question_id = None
        if row.get("code"):
            question_id = by_code.get(row["code"])
            if question_id is None:
                add(
                    row,
                    "code",
                    _(
                        "No question of the bank has the code “%(value)s”. Leave the cell empty "
                        "to add a new question."
                    )
                    % {"value": row["code"]},
                )
            elif [pk for pk in same_text if pk != question_id]:
                add(
                    row,
                    "text",
                    _("Another question of this category already has this text (code %(code)s).")
                    % {"code": next(pk for pk in same_text if pk != question_id)},
                )
        elif len(same_text) > 1:
            add(
                row,
                "text",
                _(
                    "Several questions of this category have this text; fill in the code "
                    "column to say which one to update."
                ),
            )
        elif same_text:
            question_id = same_text[0]
        if question_id is not None and question_id in claimed:
            add(
                row,
                "code" if row.get("code") else "text",
                _("Row %(row)d already updates this question.") % {"row": claimed[question_id]},
            )
        elif question_id is not None:
            claimed[question_id] = row["row"]
        if row["ok"]:
            clean.append(
                QuestionRow(
                    row=row["row"],
                    question_id=question_id,
                    category=category.name if category is not None else row["category"],
                    category_id=category.pk if category is not None else None,
                    kind=row["kind"],
                    text=row["text"],
                    points=row["points"],
                    scoring=row["scoring"],
                    choices=tuple(row["choice_list"]),
                    accepted_answers=tuple(row["accepted"]),
                    ignore_diacritics=row["ignore_diacritics"],
                    feedback=row.get("feedback", ""),
                    tags=tuple(row["tags"]),
                )
            )
    return table.result(clean)


def _check_kind(table: ParsedSheet, row: dict[str, Any], kinds: dict[str, str]) -> None:
    if not row["kind"]:
        return  # reported as empty
    code = kinds.get(header_key(row["kind"]))
    if code is None:
        table.add(
            row,
            "kind",
            _("“%(value)s” is not a kind of question. Use one of: %(choices)s.")
            % {
                "value": row["kind"],
                "choices": ", ".join(str(label) for _code, label in QuestionKind.choices),
            },
        )
    row["kind"] = code


def _check_points(table: ParsedSheet, row: dict[str, Any]) -> None:
    value = row.get("points", "")
    row["points"] = Decimal("1")
    if not value:
        return
    # "1,5" is how Vietnamese settings write one and a half.
    text = value.replace(",", ".") if "." not in value else value
    try:
        points = Decimal(text)
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite():
        table.add(
            row,
            "points",
            _("“%(value)s” is not a number of points; write e.g. 1 or 0.5.") % {"value": value},
        )
    elif not Decimal("0.01") <= points <= POINTS_LIMIT or points != points.quantize(
        Decimal("0.01")
    ):
        table.add(
            row,
            "points",
            _("Points go from 0.01 to %(max)s, with at most two decimals; this is %(value)s.")
            % {"max": POINTS_LIMIT, "value": value},
        )
    else:
        row["points"] = points


def _check_scoring(table: ParsedSheet, row: dict[str, Any], scorings: dict[str, str]) -> None:
    value = row.get("scoring", "")
    row["scoring"] = MultipleScoring.ALL_OR_NOTHING
    if not value or row["kind"] != QuestionKind.MULTIPLE:
        return  # only multiple choice is scored otherwise than right or wrong
    code = scorings.get(header_key(value))
    if code is None:
        table.add(
            row,
            "scoring",
            _("“%(value)s” is not a way of scoring. Use one of: %(choices)s.")
            % {
                "value": value,
                "choices": ", ".join(str(label) for _code, label in MultipleScoring.choices),
            },
        )
    else:
        row["scoring"] = code


def _tags(table: ParsedSheet, row: dict[str, Any]) -> list[str]:
    limit = Tag._meta.get_field("name").max_length
    tags: list[str] = []
    for tag in re.split(r"[,|\n]", row.get("tags", "")):
        tag = tag.strip()
        if not tag or tag in tags:
            continue
        if len(tag) > limit:
            table.add(
                row,
                "tags",
                _("The tag “%(value)s” is too long: at most %(max)d characters.")
                % {"value": tag, "max": limit},
            )
        tags.append(tag)
    return tags


def _check_choices(table: ParsedSheet, row: dict[str, Any]) -> None:
    """Read the row's choices and correct cell into ``row["choice_list"]``, then ask the rules
    of its kind (`question_problems()`)."""
    row["choice_list"] = []
    kind = row["kind"]
    slots = [row.get(key, "") for key in CHOICE_KEYS]  # slot i is choice i + 1
    if row.get("choices"):
        if any(slots):
            table.add(
                row,
                "choices",
                _("Write the choices either one a column or all in this cell, not both."),
            )
            return
        slots = split_list(row["choices"])
        # One a column, choices are held to their length by the sheet; in one cell, here.
        limit = Choice._meta.get_field("text").max_length
        for text in slots:
            if len(text) > limit:
                table.add(
                    row,
                    "choices",
                    _("Too long: at most %(max)d characters, this has %(length)d.")
                    % {"max": limit, "length": len(text)},
                )
                return
    while slots and not slots[-1]:
        slots.pop()
    if kind == QuestionKind.TRUE_FALSE and not any(slots):
        slots = [TRUE_TEXT, FALSE_TEXT]
    chosen: set[int] = set()
    if kind in CHOICE_KINDS:
        found = _correct_slots(row.get("correct", ""), slots, kind)
        if isinstance(found, str):
            table.add(row, "correct", found)
            return
        chosen = found
    choices = [(text, index in chosen) for index, text in enumerate(slots) if text]
    row["choice_list"] = choices
    if kind is None:
        return  # an unknown kind has no rules to ask
    first_choice = "choices" if row.get("choices") else CHOICE_KEYS[0]
    columns = {"choices": first_choice, "correct": "correct", "accepted": "accepted"}
    for problem in question_problems(kind, choices, row["accepted"]):
        table.add(row, columns[problem.about], problem.message)


def _correct_slots(cell: str, slots: list[str], kind: str) -> set[int] | str:
    """The 0-based slots the correct cell names, or why it names none.

    Numbers count from 1 and letters from A ("2", "A, C", "1;3", "AC"); failing that, the cell
    may be the text of a choice, and for true/false a word for true or false (Đúng, Sai...).
    """
    if not cell:
        return set()
    problem = ""
    chosen: set[int] = set()
    for token in re.split(r"[\s,;/.]+", cell.strip()):
        if SMALL_NUMBER.fullmatch(token):
            chosen.add(int(token) - 1)
        elif token.isascii() and token.isalpha():
            chosen.update(LETTERS.index(letter) for letter in token.upper())
        elif token:
            problem = _(
                "“%(value)s” does not name choices: write their numbers (1, 2…) or letters "
                "(A, B…), separated by commas."
            ) % {"value": cell}
            break
    empty = sorted(
        index for index in chosen if index < 0 or index >= len(slots) or not slots[index]
    )
    if not problem and not empty:
        return chosen
    whole = header_key(cell)
    for index, text in enumerate(slots):
        if text and header_key(text) == whole:
            return {index}
    if kind == QuestionKind.TRUE_FALSE and len(slots) == 2:
        if whole in {header_key(word) for word in TRUE_WORDS}:
            return {0}
        if whole in {header_key(word) for word in FALSE_WORDS}:
            return {1}
    if problem:
        return problem
    if empty[0] < 0:
        return _("Choices are numbered from 1.")
    return _("Choice %(mark)s is empty, so it cannot be a correct one.") % {
        "mark": LETTERS[empty[0]] if empty[0] < MAX_CHOICES else empty[0] + 1
    }


def _categories_by_key(names: set[str]) -> dict[str, QuestionCategory]:
    """Folded name → the category, for the names the file uses (an exact match wins over one
    that differs only in case)."""
    wanted = {category_key(name) for name in names}
    found: dict[str, QuestionCategory] = {}
    for category in QuestionCategory.objects.order_by("name"):
        key = category_key(category.name)
        if key in wanted and (key not in found or category.name in names):
            found[key] = category
    return found


def _questions_by_code(codes: Iterable[str]) -> dict[str, int]:
    """Code → the id of the question it names. The code is the question's number in the bank
    (what the export writes), so "12" and "012" both name question 12; other codes name
    nothing."""
    numbers = {code: int(code) for code in codes if SMALL_NUMBER.fullmatch(code)}
    found: set[int] = set()
    for chunk in chunked(sorted(set(numbers.values()))):
        found.update(Question.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return {code: pk for code, pk in numbers.items() if pk in found}


def _questions_by_text(category_ids: Sequence[int]) -> dict[tuple[int, str], list[int]]:
    """(category id, `text_key()`) → ids of the questions with that text in that category."""
    found: dict[tuple[int, str], list[int]] = {}
    for chunk in chunked(list(category_ids)):
        for pk, category_id, text in (
            Question.objects.filter(category_id__in=chunk)
            .order_by("pk")
            .values_list("pk", "category_id", "text")
        ):
            found.setdefault((category_id, text_key(text)), []).append(pk)
    return found


# --- writing ------------------------------------------------------------------------------


@transaction.atomic
def import_questions(
    *, rows: Sequence[QuestionRow], by: AbstractBaseUser | None = None
) -> ImportSummary:
    """Create or update one bank question per row, all in one transaction, with bulk queries.

    `rows` are clean rows from `validate_file()`. A question whose every value already matches
    its row is left alone (its choices keep their ids); a changed question gets its fields, its
    choices (a choice that keeps its text keeps its feedback) and its tags replaced. Categories
    named by no existing category are created. One log entry per category touched records the
    counts, by `by`. The search index is brought up to date for what changed.

    The number of queries grows with the new categories and tags, not with the rows.
    """
    rows = list(rows)
    now = timezone.now()

    # 1. Categories, creating the new ones.
    categories = {row.category_id: row.category for row in rows if row.category_id}
    new_categories: dict[str, QuestionCategory] = {}
    for row in rows:
        if row.category_id is None and category_key(row.category) not in new_categories:
            new_categories[category_key(row.category)] = QuestionCategory.objects.create(
                name=row.category
            )

    def category_id_of(row: QuestionRow) -> int:
        return row.category_id or new_categories[category_key(row.category)].pk

    # 2. The questions to update, with their choices and tags.
    existing: dict[int, Question] = {}
    for chunk in chunked([row.question_id for row in rows if row.question_id]):
        for question in Question.objects.filter(pk__in=chunk).prefetch_related(
            "choices", "tagged_items__tag"
        ):
            existing[question.pk] = question

    # 3. Compare and build.
    to_create: list[tuple[QuestionRow, Question]] = []
    to_update: list[Question] = []
    changed_fields: set[str] = set()
    new_choice_sets: list[tuple[Question, QuestionRow]] = []  # choices to (re)write
    new_tag_sets: list[tuple[Question, QuestionRow]] = []  # tags to (re)write
    per_category: Counter[tuple[int, str]] = Counter()
    reindex: dict[int, set[str]] = {}  # updated question → its changed fields
    for row in rows:
        values = _field_values(row, category_id_of(row))
        question = existing.get(row.question_id) if row.question_id else None
        if question is None:
            question = Question(**values)
            to_create.append((row, question))
            new_choice_sets.append((question, row))
            if row.tags:
                new_tag_sets.append((question, row))
            per_category[(values["category_id"], "created")] += 1
            continue
        changed = [name for name, value in values.items() if _stored(question, name) != value]
        old_choices = [(clean_cell(c.text), c.is_correct) for c in question.choices.all()]
        choices_changed = old_choices != list(row.choices)
        tags_changed = sorted(item.tag.name for item in question.tagged_items.all()) != sorted(
            row.tags
        )
        if not (changed or choices_changed or tags_changed):
            per_category[(values["category_id"], "unchanged")] += 1
            continue
        reindex[question.pk] = set(changed)
        for name in changed:
            setattr(question, name, values[name])
        changed_fields.update(changed)
        question.updated_at = now
        to_update.append(question)
        if choices_changed:
            new_choice_sets.append((question, row))
        if tags_changed:
            new_tag_sets.append((question, row))
        per_category[(values["category_id"], "updated")] += 1

    Question.objects.bulk_create([question for _row, question in to_create])
    if to_update:
        Question.objects.bulk_update(to_update, fields=sorted(changed_fields | {"updated_at"}))

    # 4. Choices: replace the sets that changed, keeping the feedback of a choice whose text
    # stays.
    replaced = [question.pk for question, _row in new_choice_sets if question.pk in existing]
    for chunk in chunked(replaced):
        Choice.objects.filter(question_id__in=chunk).delete()
    choices = []
    for question, row in new_choice_sets:
        feedback = (
            {clean_cell(c.text): c.feedback for c in existing[question.pk].choices.all()}
            if question.pk in existing
            else {}
        )
        choices += [
            Choice(
                question_id=question.pk,
                sort_order=order,
                text=text,
                is_correct=is_correct,
                feedback=feedback.get(text, ""),
            )
            for order, (text, is_correct) in enumerate(row.choices)
        ]
    Choice.objects.bulk_create(choices)

    # 5. Tags: replace the sets that changed.
    _write_tags(new_tag_sets, existing)

    # 6. The search index, and the log.
    indexed = {field.field_name for field in Question.get_search_fields()}
    _reindex(
        [question for _row, question in to_create]
        + [question for question in to_update if reindex.get(question.pk, set()) & indexed]
    )
    if by is not None:
        names = dict(categories)
        names.update({category.pk: category.name for category in new_categories.values()})
        for category_id in sorted({category_id for category_id, _what in per_category}):
            log(
                instance=QuestionCategory(pk=category_id, name=names[category_id]),
                action="cds_quizzes.question.import",
                user=by,
                data={
                    what: per_category[(category_id, what)]
                    for what in ("created", "updated", "unchanged")
                },
            )
    return ImportSummary(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(rows) - len(to_create) - len(to_update),
        new_categories=tuple(category.name for category in new_categories.values()),
    )


def _field_values(row: QuestionRow, category_id: int) -> dict[str, Any]:
    return {
        "category_id": category_id,
        "kind": row.kind,
        "text": row.text,  # cleaned as Question.save() would (bulk queries bypass it)
        "points": row.points,
        "scoring": row.scoring,
        "feedback": row.feedback,
        "accepted_answers": "\n".join(row.accepted_answers),
        "ignore_diacritics": row.ignore_diacritics,
    }


def _stored(question: Question, name: str) -> Any:
    """A field of a question as its cell would read, to tell a real change from a form's
    "\\r\\n" or a double space."""
    if name == "accepted_answers":
        return "\n".join(clean_cell(answer) for answer in question.accepted_answer_list)
    value = getattr(question, name)
    return clean_cell(value, multiline=True) if isinstance(value, str) else value


def _write_tags(
    tag_sets: list[tuple[Question, QuestionRow]], existing: dict[int, Question]
) -> None:
    names = sorted({name for _question, row in tag_sets for name in row.tags})
    tags: dict[str, int] = {}
    for chunk in chunked(names):
        tags.update(Tag.objects.filter(name__in=chunk).values_list("name", "pk"))
    for name in names:
        if name not in tags:  # few: a new tag is a new word of the bank
            tags[name] = Tag.objects.create(name=name).pk
    stale = [question.pk for question, _row in tag_sets if question.pk in existing]
    for chunk in chunked(stale):
        QuestionTag.objects.filter(content_object_id__in=chunk).delete()
    QuestionTag.objects.bulk_create(
        [
            QuestionTag(content_object_id=question.pk, tag_id=tags[name])
            for question, row in tag_sets
            for name in row.tags
        ]
    )


def _reindex(questions: list[Question]) -> None:
    """Index what bulk queries wrote (they send no `post_save`, which would)."""
    from modelsearch.backends import get_search_backends

    if not questions:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Question, questions)


# --- exporting ----------------------------------------------------------------------------


def _number(value: Decimal) -> Decimal:
    """1.00 → 1, 1.50 → 1.5: how a person writes points."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def export_rows(questions: QuerySet[Question]) -> list[list[Any]]:
    """The header and one row per question, in the import format: importing them again
    changes nothing. Choices go one a column (at least `TEMPLATE_CHOICES` columns)."""
    questions = (
        questions.select_related("category")
        .prefetch_related("choices", "tagged_items__tag")
        .order_by("category__name", "pk")
    )
    questions = list(questions)
    width = max([TEMPLATE_CHOICES, *(len(q.choices.all()) for q in questions)])
    if width > MAX_CHOICES:  # more choices than letters: all of them in one cell
        choice_columns: tuple[Column, ...] = (CHOICES,)
    else:
        choice_columns = CHOICE_COLUMNS[:width]
    header_before = (CODE, CATEGORY, KIND, TEXT, POINTS, SCORING)
    header_after = (CORRECT, ACCEPTED, IGNORE_DIACRITICS, FEEDBACK, TAGS)
    rows: list[list[Any]] = [
        [column.template_header for column in (*header_before, *choice_columns, *header_after)]
    ]
    yes = _("Yes")
    for question in questions:
        choices = list(question.choices.all())
        texts = [choice.text for choice in choices]
        if choice_columns == (CHOICES,):
            choice_cells = [LIST_SEPARATOR.join(texts)]
            marks = [str(i + 1) for i, choice in enumerate(choices) if choice.is_correct]
        else:
            choice_cells = texts + [""] * (width - len(texts))
            marks = [LETTERS[i] for i, choice in enumerate(choices) if choice.is_correct]
        rows.append(
            [
                question.pk,
                question.category.name,
                str(question.get_kind_display()),
                question.text,
                _number(question.points),
                str(question.get_scoring_display())
                if question.kind == QuestionKind.MULTIPLE
                else "",
                *choice_cells,
                ", ".join(marks) if question.kind in CHOICE_KINDS else "",
                LIST_SEPARATOR.join(question.accepted_answer_list),
                yes if question.ignore_diacritics else "",
                question.feedback,
                ", ".join(sorted(item.tag.name for item in question.tagged_items.all())),
            ]
        )
    return rows


def template_rows() -> list[list[Any]]:
    """The header of an import file and one example row per kind of question."""
    header = [
        column.template_header
        for column in (CODE, CATEGORY, KIND, TEXT, POINTS, SCORING)
        + CHOICE_COLUMNS[:TEMPLATE_CHOICES]
        + (CORRECT, ACCEPTED, IGNORE_DIACRITICS, FEEDBACK, TAGS)
    ]
    blank_choices = [""] * TEMPLATE_CHOICES

    def example(kind: str, text: str, choices: list[str], **cells: Any) -> list[Any]:
        return [
            "",
            "Ví dụ",
            str(QuestionKind(kind).label),
            text,
            cells.get("points", 1),
            cells.get("scoring", ""),
            *(choices + blank_choices)[:TEMPLATE_CHOICES],
            cells.get("correct", ""),
            cells.get("accepted", ""),
            cells.get("ignore", ""),
            cells.get("feedback", ""),
            cells.get("tags", ""),
        ]

    return [
        header,
        example(
            QuestionKind.SINGLE,
            "Cổng Dịch vụ công quốc gia có địa chỉ nào?",
            ["dichvucong.gov.vn", "dichvucong.com", "congdichvu.vn"],
            correct="A",
            feedback="Địa chỉ chính thức: dichvucong.gov.vn.",
            tags="chính quyền số",
        ),
        example(
            QuestionKind.MULTIPLE,
            "Những trụ cột nào thuộc chuyển đổi số quốc gia?",
            ["Chính quyền số", "Kinh tế số", "Xã hội số", "Nông nghiệp truyền thống"],
            correct="A, B, C",
            scoring=str(MultipleScoring.PARTIAL.label),
            points=2,
        ),
        example(
            QuestionKind.TRUE_FALSE,
            "Chữ ký số có giá trị pháp lý như chữ ký tay.",
            [],
            correct="Đúng",
        ),
        example(
            QuestionKind.SHORT_ANSWER,
            "Viết tắt của “chuyển đổi số” trong văn bản là gì?",
            [],
            accepted="CĐS | CDS",
            ignore="Có",
        ),
    ]
