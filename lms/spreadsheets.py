"""Spreadsheets people fill in to import records, and the same format written back out.

The generic half of every import (learners in `lms.learner_import`, questions in
`quizzes.question_import`): reading a CSV or XLSX file into rows of stripped strings, finding
the header row among title lines, mapping headers written in Vietnamese or English (with or
without accents) to columns, checking each cell for presence and length, and reporting every
problem as a `RowError` (row number as the spreadsheet shows it, column as the file names it,
reason in the user's language). Each import describes its columns with `Column` and a
`SheetLayout`, then checks the meaning of its rows itself. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Generic, NoReturn, TypeVar

from anyascii import anyascii
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .exceptions import SpreadsheetFileError
from .text import nfc
from .uploads import check_xlsx_archive, is_executable, not_a_workbook_message

# --- columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translated label, shown when the column is missing
    template_header: str  # the header written in the downloadable template (Vietnamese)
    aliases: tuple[str, ...]  # accepted headers, compared after `header_key()`
    required: bool = True  # the column must be in the file
    value_required: bool = True  # every row must fill it
    max_length: int | None = None
    multiline: bool = False  # keep the line breaks of a cell (see `clean_cell()`)


def header_key(text: Any) -> str:
    """Fold a header or a value for comparison: no case, no diacritics, no punctuation.

    "Họ và tên", "HO VA TEN" and "ho_va_ten" all give "ho va ten" (anyascii also folds "đ").
    """
    folded = anyascii(nfc(str(text or ""))).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def clean_cell(value: str, *, multiline: bool = False) -> str:
    """A cell as it is stored: NFC, stripped, runs of spaces collapsed (`lms.text.nfc`). A
    `multiline` cell that holds line breaks keeps them, as Unix line breaks, and its spacing."""
    if multiline and ("\n" in value or "\r" in value):
        lines = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", lines).strip()
    return nfc(value)


def field_label(model: type, name: str) -> Any:
    """A model field's verbose name as a column heading ("danh mục" → "Danh mục"), lazily:
    the model's own words, translated with it."""
    return capfirst(model._meta.get_field(name).verbose_name)


def choice_lookup(
    choices: Iterable[tuple[str, Any]], aliases: dict[str, Sequence[str]] | None = None
) -> dict[str, str]:
    """Folded spelling → code, for a cell that names one of `choices` (code, label): the code,
    the label in every interface language, and the extra `aliases` given per code."""
    lookup: dict[str, str] = {}
    choices = list(choices)
    for code, label in choices:
        lookup[header_key(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[header_key(str(label))] = code
    for code, names in (aliases or {}).items():
        for name in names:
            lookup[header_key(name)] = code
    return lookup


# --- writing ------------------------------------------------------------------------------


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """`value` as a CSV cell no spreadsheet evaluates: text that would start a formula gets a
    leading apostrophe; anything else is left as it is.

    Text starts a formula when its first character, or its first after leading spaces (which
    an import may trim, e.g. LibreOffice's "Trim spaces"), is one of `FORMULA_STARTS`. The rule
    goes by type: text is neutralised, numbers (a negative score) stay numbers, so "-1" as
    text becomes "'-1" while the number -1 is written as -1.
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM, so that Excel opens Vietnamese text right. Cells that
    would start a formula are written as text (`formula_safe`)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([formula_safe(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: Iterable[Sequence[Any]], *, title: str = "") -> bytes:
    """Rows as an Excel workbook of one sheet, every cell written as text or number as given
    (never as a formula: a cell starting with "=" stays the text it was)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or None)
    for values in rows:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value)
            if cell.data_type == "f":
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_datetime(value: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as people here read it, without a time zone (spreadsheets have none): a
    learner who joined at 08:00 in Hanoi shows 08:00, not the 01:00 UTC Wagtail would write."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_response(rows: Iterable[Sequence[Any]], *, stem: str, file_format: str) -> Any:
    """An HTTP response that downloads `rows` as ``<stem>.csv`` or, for any other
    `file_format`, ``<stem>.xlsx``."""
    from django.http import HttpResponse

    if file_format == "csv":
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        response = HttpResponse(xlsx_bytes(rows, title=stem), content_type=XLSX_CONTENT_TYPE)
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    return response


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: `row` as a spreadsheet numbers it (the header is row 1), or None when the
    problem is with the file as a whole; `column` as written in the file's header."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


RowT = TypeVar("RowT")


@dataclass
class ValidationResult(Generic[RowT]):
    """Clean rows ready to write, or every problem found (and then no rows)."""

    rows: list[RowT] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0  # non-empty data rows read

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [error for error in self.errors if error.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [error for error in self.errors if error.row is not None]


@dataclass
class Sheet:
    """The raw cells of a file: the header row and the data rows, all as stripped strings."""

    header: list[str]
    header_row: int  # spreadsheet number of the header row
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)


@dataclass(frozen=True)
class SheetLayout:
    """What one kind of import file looks like, for reading it."""

    columns: tuple[Column, ...]
    max_bytes: int
    max_rows: int
    too_many_rows: Callable[[int], str]  # the message for a file over `max_rows`
    no_rows: Callable[[], str]  # the message for a header without data rows
    # What an XLSX file may hold once unzipped (a zip bomb is refused before it is read).
    max_uncompressed_bytes: int = 100 * 1024 * 1024

    @property
    def aliases(self) -> frozenset[str]:
        return frozenset(alias for column in self.columns for alias in column.aliases)

    @classmethod
    def for_import(
        cls,
        columns: tuple[Column, ...],
        *,
        too_many_rows: Callable[[int], str],
        no_rows: Callable[[], str],
    ) -> SheetLayout:
        """A layout with the platform's import limits (``LMS_IMPORT_MAX_BYTES`` and
        ``LMS_IMPORT_MAX_ROWS``), as the settings are now."""
        from .conf import lms_settings

        return cls(
            columns=columns,
            max_bytes=int(lms_settings.IMPORT_MAX_BYTES),
            max_rows=int(lms_settings.IMPORT_MAX_ROWS),
            too_many_rows=too_many_rows,
            no_rows=no_rows,
            max_uncompressed_bytes=int(lms_settings.IMPORT_MAX_UNCOMPRESSED_BYTES),
        )


# --- reading ------------------------------------------------------------------------------

CSV_DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 10  # title lines allowed above the header row


def read_sheet(file: IO[bytes], *, filename: str, layout: SheetLayout) -> Sheet:
    """Read a CSV or XLSX file into a `Sheet`. Raises `SpreadsheetFileError` with a message fit
    for the user when the file is too big, of the wrong type, not UTF-8, malformed or empty."""
    data = file.read(layout.max_bytes + 1)
    if len(data) > layout.max_bytes:
        raise SpreadsheetFileError(
            _("The file is larger than %(max)s. Split it into smaller files.")
            % {"max": filesizeformat(layout.max_bytes)}
        )
    if not data.strip():
        raise SpreadsheetFileError(_("The file is empty."))
    if is_executable(data):
        raise SpreadsheetFileError(_("This file is a program, not a spreadsheet."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return _read_csv(data, layout)
    if extension == "xlsx":
        check_xlsx_archive(io.BytesIO(data), max_uncompressed=layout.max_uncompressed_bytes)
        return _read_xlsx(data, layout)
    raise SpreadsheetFileError(_("Only .csv and .xlsx files can be imported."))


def _read_csv(data: bytes, layout: SheetLayout) -> Sheet:
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetFileError(
            _("This file is an Excel workbook with a .csv name. Save it as .xlsx or as CSV UTF-8.")
        )
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; accept both
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetFileError(
            _(
                "The file is not in UTF-8 (the first unreadable character is on line %(line)d). "
                "In Excel, choose File › Save As › “CSV UTF-8 (Comma delimited) (*.csv)”, "
                "or upload the .xlsx file instead."
            )
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise SpreadsheetFileError(
            _("The file is not a text CSV file. Save it as “CSV UTF-8” or upload the .xlsx file.")
        )
    delimiter = _guess_delimiter(text, layout.aliases)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        # Number records, not physical lines: a cell with a line break is still one row.
        for number, record in enumerate(reader, start=1):
            records.append((number, [cell.strip() for cell in record]))
    except csv.Error as exc:
        raise SpreadsheetFileError(
            _(
                "The CSV file is malformed on line %(line)d: check the quotation marks around "
                "that line, or save the file again from Excel as “CSV UTF-8”."
            )
            % {"line": reader.line_num}
        ) from exc
    return _sheet_from_records(records, layout)


def _known_headers(cells: Iterable[str], aliases: frozenset[str]) -> int:
    return sum(header_key(cell) in aliases for cell in cells)


def _guess_delimiter(text: str, aliases: frozenset[str]) -> str:
    """Pick the delimiter that splits a line near the top into the most known column names.

    Excel writes ";" where the decimal separator is a comma (Vietnamese settings do), "," else.
    csv.Sniffer guesses poorly from a few short lines; counting recognised headers does not.
    """
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]

    def known(delimiter: str) -> int:
        try:
            return max(
                (
                    _known_headers(cells, aliases)
                    for cells in csv.reader(lines, delimiter=delimiter)
                ),
                default=0,
            )
        except csv.Error:
            return 0

    return max(CSV_DELIMITERS, key=lambda d: (known(d), -CSV_DELIMITERS.index(d)))


def _read_xlsx(data: bytes, layout: SheetLayout) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML, KeyError...: openpyxl has no single error type
        raise SpreadsheetFileError(not_a_workbook_message()) from exc
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # Trust the cells, not the declared size: a sheet "formatted" to XFD1048576 would
        # otherwise pad every row to 16,384 columns.
        sheet.reset_dimensions()
        # openpyxl pads gaps, so enumerate() gives the row numbers Excel shows. A generator:
        # a sheet over the row limit is refused without reading it all.
        return _sheet_from_records(
            (
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ),
            layout,
        )
    except SpreadsheetFileError:
        raise
    except Exception as exc:  # read-only mode parses each sheet's XML while its rows are read
        raise SpreadsheetFileError(not_a_workbook_message()) from exc
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A workbook cell as the text people typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 1234.0 → "1234"
    return str(value).strip()


def _sheet_from_records(records: Iterable[tuple[int, list[str]]], layout: SheetLayout) -> Sheet:
    """Split records into the header and the data rows.

    The header is the first row, near the top, that names at least two known columns, so a
    title line above it is skipped; failing that, the first non-empty row (whose missing
    columns will then be reported). Blank rows are dropped but keep their place in the
    numbering, as in the spreadsheet.
    """
    aliases = layout.aliases
    leading: list[tuple[int, list[str]]] = []  # non-empty rows before the header is known
    header: tuple[int, list[str]] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in records:
        if not any(cells):
            continue
        if header is None:
            if _known_headers(cells, aliases) >= 2:
                header = (number, cells)
            elif len(leading) < HEADER_SEARCH_ROWS:
                leading.append((number, cells))
                continue
            else:  # no header near the top: the first row is meant to be it
                header, rows = leading[0], leading[1:]
            if header[0] == number:
                continue
        rows.append((number, cells))
        if len(rows) > layout.max_rows:
            raise SpreadsheetFileError(layout.too_many_rows(layout.max_rows))
    if header is None:
        if not leading:
            raise SpreadsheetFileError(_("The file is empty."))
        header, rows = leading[0], leading[1:]
    return Sheet(header=header[1], header_row=header[0], rows=rows)


# --- checking -----------------------------------------------------------------------------


def validate_file(
    file: IO[bytes],
    *,
    filename: str,
    layout: SheetLayout,
    validate_sheet: Callable[[Sheet], ValidationResult],
) -> ValidationResult:
    """Read `file` and check it with `validate_sheet`; file-level problems (size, type,
    encoding) come back as errors with `row` None. Writes nothing."""
    try:
        sheet = read_sheet(file, filename=filename, layout=layout)
    except SpreadsheetFileError as exc:
        return ValidationResult(errors=[RowError(None, "", str(exc))])
    return validate_sheet(sheet)


def map_header(
    header: list[str], columns: Sequence[Column]
) -> tuple[dict[str, int], list[RowError]]:
    """Column key → index in the row; or the errors that make the header unusable."""
    by_alias = {alias: column.key for column in columns for alias in column.aliases}
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, text in enumerate(header):
        key = by_alias.get(header_key(text))
        if key is None:
            continue  # extra columns (a row number, notes...) are ignored
        if key in positions:
            errors.append(
                RowError(
                    None,
                    text,
                    _("The column “%(column)s” appears twice; keep only one.") % {"column": text},
                )
            )
            continue
        positions[key] = index
    missing = [
        str(column.label) for column in columns if column.required and column.key not in positions
    ]
    if missing:
        errors.insert(
            0,
            RowError(
                None,
                "",
                _(
                    "The first row must hold the column names. Missing columns: %(columns)s. "
                    "Download the template to see the expected columns."
                )
                % {"columns": ", ".join(missing)},
            ),
        )
    return positions, errors


@dataclass
class ParsedSheet:
    """A sheet's rows read column by column, and the problems found so far.

    Each row is a dict: ``row`` (its spreadsheet number), ``ok`` (no problem yet) and the
    cell of each column present in the file under the column's key, NFC-normalised. `add()`
    records a problem on a row, naming the column as the file's header writes it.
    """

    layout: SheetLayout
    row_count: int = 0  # non-empty data rows in the file
    headers: dict[str, str] = field(default_factory=dict)  # column key → header in the file
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    usable: bool = True  # False when the header or the row count stops every other check

    def add(self, row: dict[str, Any], key: str, message: str) -> None:
        self.errors.append(RowError(row["row"], self.headers.get(key, ""), message))
        row["ok"] = False

    def result(self, rows: list[RowT]) -> ValidationResult[RowT]:
        """The outcome: `rows` when no problem was found, else every problem in the order of
        the rows and, within a row, of the columns. A file imports whole or not at all."""
        result: ValidationResult[RowT] = ValidationResult(row_count=self.row_count)
        if self.errors:
            order = {
                self.headers[column.key]: i
                for i, column in enumerate(self.layout.columns)
                if column.key in self.headers
            }
            last = len(self.layout.columns)
            result.errors = sorted(
                self.errors, key=lambda error: (error.row or 0, order.get(error.column, last))
            )
        else:
            result.rows = rows
        return result


def parse_sheet(sheet: Sheet, layout: SheetLayout) -> ParsedSheet:
    """Map `sheet`'s header to `layout`'s columns and read every row's cells, reporting empty
    required cells and values over their column's length. When the header is unusable or
    there are no data rows, `usable` is False and the errors say why."""
    parsed = ParsedSheet(layout=layout, row_count=len(sheet.rows))
    positions, header_errors = map_header(sheet.header, layout.columns)
    if header_errors or not sheet.rows:
        parsed.errors = header_errors or [RowError(None, "", layout.no_rows())]
        parsed.usable = False
        return parsed
    parsed.headers = {key: sheet.header[index] for key, index in positions.items()}
    columns = {column.key: column for column in layout.columns}
    for number, cells in sheet.rows:
        row: dict[str, Any] = {"row": number, "ok": True}
        for key, index in positions.items():
            column = columns[key]
            cell = cells[index] if index < len(cells) else ""
            value = clean_cell(cell, multiline=column.multiline)
            row[key] = value
            if not value and column.value_required:
                parsed.add(row, key, _("This cell is empty; a value is required."))
            elif column.max_length and len(value) > column.max_length:
                parsed.add(
                    row,
                    key,
                    _("Too long: at most %(max)d characters, this has %(length)d.")
                    % {"max": column.max_length, "length": len(value)},
                )
        parsed.rows.append(row)
    return parsed


def chunked(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """Slices of `values` small enough for one query's `IN (...)` list: SQLite (as Django
    configures it) allows 999 parameters a statement, PostgreSQL 65,535."""
    size = max(1, (connection.features.max_query_params or 10_000) - 10)  # room for others
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- for management commands --------------------------------------------------------------


def fail_with_errors(write: Callable[[str], Any], errors: Sequence[RowError]) -> NoReturn:
    """Print every problem with `write` (a command's ``stderr.write``), then stop the command
    with a non-zero exit status saying nothing was imported."""
    for error in errors:
        if error.row is None:
            write(error.message)
        else:
            write(
                _("Row %(row)d, %(column)s: %(message)s")
                % {"row": error.row, "column": error.column, "message": error.message}
            )
    raise CommandError(
        ngettext(
            "%(count)d problem found; nothing was imported.",
            "%(count)d problems found; nothing was imported.",
            len(errors),
        )
        % {"count": len(errors)}
    )


def user_by_username(username: str | None) -> Any:
    """The account a command's ``--user`` names, None without one; `CommandError` if none
    has that username."""
    if not username:
        return None
    User = get_user_model()
    try:
        return User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist as exc:
        raise CommandError(_("No user has the username “%(name)s”.") % {"name": username}) from exc


class ImportCommand(BaseCommand):
    """Base of the import commands: ``FILE [--dry-run] [--user NAME]``. The whole file is
    checked (`validate()`); any problem is printed and the command stops with exit status 1,
    having written nothing; clean rows go to `import_rows()`."""

    user_help = "Username recorded as the importer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and count what would change, without writing anything.",
        )
        parser.add_argument("--user", help=self.user_help)

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options) -> None:
        by = user_by_username(user)
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        with file.open("rb") as handle:
            result = self.validate(handle, filename=file.name, by=by)
        if not result.is_valid:
            fail_with_errors(self.stderr.write, result.errors)
        self.import_rows(result, file=file, by=by, dry_run=dry_run)

    def validate(self, file: IO[bytes], *, filename: str, by: Any) -> ValidationResult:
        raise NotImplementedError

    def import_rows(self, result: ValidationResult, *, file: Path, by: Any, dry_run: bool) -> None:
        """Write (or, with `dry_run`, count) the clean rows and say what was done."""
        raise NotImplementedError


class _RollBack(Exception):
    """Raised to undo a dry run's writes."""


def rolled_back(write: Callable[[], RowT]) -> RowT:
    """Run `write` in a transaction and undo it: a dry run whose counts are exactly what the
    real import would do."""
    try:
        with transaction.atomic():
            outcome = write()
            raise _RollBack
    except _RollBack:
        return outcome
