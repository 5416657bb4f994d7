"""Reading and checking a file of learners (CSV or XLSX) before anything is written.

The whole file is read and every row is checked; the result holds either clean rows ready for
`lms.services.import_learners()` or the list of every problem found (row number as the
spreadsheet shows it, column, reason in the user's language). Nothing here writes to the
database: the admin screen, the management command and the background task all call
`validate_file()` and decide what to do with the answer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, NamedTuple

from anyascii import anyascii
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models.functions import Lower, Upper
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .conf import lms_settings
from .exceptions import LearnerFileError
from .models import LearnerCategory, LearnerProfile, OrganisationUnit
from .text import nfc

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


COLUMNS: tuple[Column, ...] = (
    Column(
        "full_name",
        gettext_lazy("Full name"),
        "Họ và tên",
        ("full name", "fullname", "name", "ho va ten", "ho ten"),
        max_length=LearnerProfile._meta.get_field("full_name").max_length,
    ),
    Column(
        "email",
        gettext_lazy("Email"),
        "Email",
        ("email", "e mail", "email address", "thu dien tu", "dia chi email", "dia chi thu dien tu"),
        # The username is the lower-cased email, so the shorter of the two limits applies.
        max_length=min(
            get_user_model()._meta.get_field("email").max_length,
            get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length,
        ),
    ),
    Column(
        "unit_code",
        gettext_lazy("Unit code"),
        "Mã đơn vị",
        ("unit code", "unit", "ma don vi"),
    ),
    Column(
        "position",
        gettext_lazy("Position"),
        "Chức vụ",
        ("position", "job title", "chuc vu", "chuc danh"),
        value_required=False,  # citizens have none
        max_length=LearnerProfile._meta.get_field("position").max_length,
    ),
    Column(
        "category",
        gettext_lazy("Category"),
        "Đối tượng",
        ("category", "learner category", "doi tuong", "doi tuong hoc vien"),
    ),
    Column(
        "employee_code",
        gettext_lazy("Employee code"),
        "Mã cán bộ",
        ("employee code", "employee id", "ma can bo", "ma nhan vien"),
        required=False,
        value_required=False,
        max_length=LearnerProfile._meta.get_field("employee_code").max_length,
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

# Vietnamese names of the categories as people write them in their own spreadsheets, on top of
# the code and the label in every interface language (see `category_lookup()`).
CATEGORY_ALIASES: dict[str, tuple[str, ...]] = {
    LearnerCategory.CIVIL_SERVANT: ("Công chức", "Cán bộ, công chức", "CBCC"),
    LearnerCategory.PUBLIC_EMPLOYEE: ("Viên chức",),
    LearnerCategory.COOPERATIVE_LEADER: (
        "Cán bộ quản lý hợp tác xã",
        "Lãnh đạo hợp tác xã",
        "Quản lý hợp tác xã",
        "Cán bộ quản lý HTX",
        "Lãnh đạo HTX",
    ),
    LearnerCategory.CITIZEN: ("Công dân", "Người dân"),
}


def header_key(text: Any) -> str:
    """Fold a header or a category for comparison: no case, no diacritics, no punctuation.

    "Họ và tên", "HO VA TEN" and "ho_va_ten" all give "ho va ten" (anyascii also folds "đ").
    """
    folded = anyascii(nfc(str(text or ""))).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def category_lookup() -> dict[str, str]:
    """Folded spelling → category code: codes, labels in every language, Vietnamese aliases."""
    lookup: dict[str, str] = {}
    for code, label in LearnerCategory.choices:
        lookup[header_key(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[header_key(str(label))] = code
    for code, aliases in CATEGORY_ALIASES.items():
        for alias in aliases:
            lookup[header_key(alias)] = code
    return lookup


def template_csv() -> bytes:
    """The header row of an import file, as UTF-8 with a BOM so that Excel opens it right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.template_header for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


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


@dataclass(frozen=True)
class LearnerRow:
    """One clean row, ready to write. `employee_code` None means "leave it as it is"."""

    row: int
    email: str  # lower-cased
    full_name: str
    unit_id: int
    unit_code: str
    position: str
    category: str
    employee_code: str | None = None


@dataclass
class ValidationResult:
    rows: list[LearnerRow] = field(default_factory=list)
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


# --- reading ------------------------------------------------------------------------------

CSV_DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_ROWS = 10  # title lines allowed above the header row
HEADER_ALIASES = frozenset(alias for column in COLUMNS for alias in column.aliases)


def read_sheet(file: IO[bytes], *, filename: str) -> Sheet:
    """Read a CSV or XLSX file into a `Sheet`. Raises `LearnerFileError` with a message fit for
    the user when the file is too big, of the wrong type, not UTF-8, malformed or empty."""
    max_bytes = int(lms_settings.IMPORT_MAX_BYTES)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LearnerFileError(
            _("The file is larger than %(max)s. Split it into smaller files.")
            % {"max": filesizeformat(max_bytes)}
        )
    if not data.strip():
        raise LearnerFileError(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        return _read_csv(data)
    if extension == "xlsx":
        return _read_xlsx(data)
    raise LearnerFileError(_("Only .csv and .xlsx files can be imported."))


def _read_csv(data: bytes) -> Sheet:
    if data.startswith(b"PK\x03\x04"):
        raise LearnerFileError(
            _("This file is an Excel workbook with a .csv name. Save it as .xlsx or as CSV UTF-8.")
        )
    try:
        text = data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM; accept both
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LearnerFileError(
            _(
                "The file is not in UTF-8 (the first unreadable character is on line %(line)d). "
                "In Excel, choose File › Save As › “CSV UTF-8 (Comma delimited) (*.csv)”, "
                "or upload the .xlsx file instead."
            )
            % {"line": line}
        ) from exc
    if "\x00" in text:
        raise LearnerFileError(
            _("The file is not a text CSV file. Save it as “CSV UTF-8” or upload the .xlsx file.")
        )
    delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        # Number records, not physical lines: a cell with a line break is still one row.
        for number, record in enumerate(reader, start=1):
            records.append((number, [cell.strip() for cell in record]))
    except csv.Error as exc:
        raise LearnerFileError(
            _(
                "The CSV file is malformed on line %(line)d: check the quotation marks around "
                "that line, or save the file again from Excel as “CSV UTF-8”."
            )
            % {"line": reader.line_num}
        ) from exc
    return _sheet_from_records(records)


def _known_headers(cells: Iterable[str]) -> int:
    return sum(header_key(cell) in HEADER_ALIASES for cell in cells)


def _guess_delimiter(text: str) -> str:
    """Pick the delimiter that splits a line near the top into the most known column names.

    Excel writes ";" where the decimal separator is a comma (Vietnamese settings do), "," else.
    csv.Sniffer guesses poorly from a few short lines; counting recognised headers does not.
    """
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]

    def known(delimiter: str) -> int:
        try:
            return max(
                (_known_headers(cells) for cells in csv.reader(lines, delimiter=delimiter)),
                default=0,
            )
        except csv.Error:
            return 0

    return max(CSV_DELIMITERS, key=lambda d: (known(d), -CSV_DELIMITERS.index(d)))


def _read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML, KeyError...: openpyxl has no single error type
        raise LearnerFileError(
            _(
                "This file is not a valid Excel workbook (.xlsx). Open it in Excel and save it "
                "again as “Excel Workbook (*.xlsx)”."
            )
        ) from exc
    try:
        sheet = workbook.active or workbook.worksheets[0]
        # Trust the cells, not the declared size: a sheet "formatted" to XFD1048576 would
        # otherwise pad every row to 16,384 columns.
        sheet.reset_dimensions()
        # openpyxl pads gaps, so enumerate() gives the row numbers Excel shows. A generator:
        # a sheet over the row limit is refused without reading it all.
        return _sheet_from_records(
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an employee code typed as a number: 1234.0 → "1234"
    return str(value).strip()


def _sheet_from_records(records: Iterable[tuple[int, list[str]]]) -> Sheet:
    """Split records into the header and the data rows.

    The header is the first row, near the top, that names at least two known columns, so a
    title line above it is skipped; failing that, the first non-empty row (whose missing
    columns will then be reported). Blank rows are dropped but keep their place in the
    numbering, as in the spreadsheet.
    """
    max_rows = int(lms_settings.IMPORT_MAX_ROWS)
    leading: list[tuple[int, list[str]]] = []  # non-empty rows before the header is known
    header: tuple[int, list[str]] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in records:
        if not any(cells):
            continue
        if header is None:
            if _known_headers(cells) >= 2:
                header = (number, cells)
            elif len(leading) < HEADER_SEARCH_ROWS:
                leading.append((number, cells))
                continue
            else:  # no header near the top: the first row is meant to be it
                header, rows = leading[0], leading[1:]
            if header[0] == number:
                continue
        rows.append((number, cells))
        if len(rows) > max_rows:
            raise LearnerFileError(
                _("The file has more than %(max)d learner rows. Split it into smaller files.")
                % {"max": max_rows}
            )
    if header is None:
        if not leading:
            raise LearnerFileError(_("The file is empty."))
        header, rows = leading[0], leading[1:]
    return Sheet(header=header[1], header_row=header[0], rows=rows)


# --- checking -----------------------------------------------------------------------------


def validate_file(file: IO[bytes], *, filename: str, user: Any | None = None) -> ValidationResult:
    """Read `file` and check every row (see `validate_sheet()`); file-level problems (size,
    type, encoding, missing columns) come back as errors with `row` None. Writes nothing."""
    try:
        sheet = read_sheet(file, filename=filename)
    except LearnerFileError as exc:
        return ValidationResult(errors=[RowError(None, "", str(exc))])
    return validate_sheet(sheet, user=user)


def import_scope(user: Any | None) -> list[str] | None:
    """Tree paths of the subtrees `user` may import into; None means anywhere.

    Superusers and site administrators (who see every unit's learners) import anywhere, as
    does an import with no user (the management command without --user). A unit manager
    imports into the subtrees of the units they manage, and nowhere if they manage none.
    """
    if user is None or user.is_superuser or user.has_perm("cds_lms.view_all_learners"):
        return None
    return list(
        OrganisationUnit.objects.filter(manager_assignments__user=user).values_list(
            "path", flat=True
        )
    )


def _in_scope(path: str | None, scope: list[str] | None) -> bool:
    if scope is None:
        return True
    return path is not None and any(path.startswith(root) for root in scope)


def chunked(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """Slices of `values` small enough for one query's `IN (...)` list: SQLite (as Django
    configures it) allows 999 parameters a statement, PostgreSQL 65,535."""
    size = max(1, (connection.features.max_query_params or 10_000) - 10)  # room for others
    for start in range(0, len(values), size):
        yield values[start : start + size]


def validate_sheet(sheet: Sheet, *, user: Any | None = None) -> ValidationResult:
    """Check every row of `sheet`; `user` limits the units rows may name (`import_scope()`).

    Every problem of every row is reported, and then no row is returned: a file imports
    whole or not at all. The queries are a handful for the whole file, not one per row.
    """
    result = ValidationResult(row_count=len(sheet.rows))
    positions, header_errors = _map_header(sheet.header)
    if header_errors:
        result.errors = header_errors
        return result
    if not sheet.rows:
        result.errors = [RowError(None, "", _("The file has column names but no learner rows."))]
        return result
    headers = {key: sheet.header[index] for key, index in positions.items()}
    errors = result.errors

    def add(row: dict[str, Any], key: str, message: str) -> None:
        errors.append(RowError(row["row"], headers[key], message))
        row["ok"] = False

    # 1. Each row on its own.
    categories = category_lookup()
    category_names = ", ".join(str(label) for _code, label in LearnerCategory.choices)
    parsed: list[dict[str, Any]] = []
    for number, cells in sheet.rows:
        row: dict[str, Any] = {"row": number, "ok": True}
        for key, index in positions.items():
            column = COLUMNS_BY_KEY[key]
            value = nfc(cells[index]) if index < len(cells) else ""
            row[key] = value
            if not value and column.value_required:
                add(row, key, _("This cell is empty; a value is required."))
            elif column.max_length and len(value) > column.max_length:
                add(
                    row,
                    key,
                    _("Too long: at most %(max)d characters, this has %(length)d.")
                    % {"max": column.max_length, "length": len(value)},
                )
        row["email"] = row["email"].lower()
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                add(
                    row,
                    "email",
                    _("“%(value)s” is not a valid email address.") % {"value": row["email"]},
                )
        if row["category"]:
            code = categories.get(header_key(row["category"]))
            if code is None:
                add(
                    row,
                    "category",
                    _("“%(value)s” is not a learner category. Use one of: %(choices)s.")
                    % {"value": row["category"], "choices": category_names},
                )
            row["category"] = code
        parsed.append(row)

    # 2. Rows against each other: one account per email, one person per employee code.
    first_seen: dict[tuple[str, str], int] = {}
    for row in parsed:
        for key, message in (
            ("email", _("The same email address is already on row %(row)d.")),
            ("employee_code", _("The same employee code is already on row %(row)d.")),
        ):
            value = row.get(key)
            if not value:
                continue
            if (key, value.lower()) in first_seen:
                add(row, key, message % {"row": first_seen[(key, value.lower())]})
            else:
                first_seen[(key, value.lower())] = row["row"]

    # 3. Rows against the database.
    scope = import_scope(user)
    units = _units_by_code({row["unit_code"] for row in parsed if row["unit_code"]})
    accounts = _accounts_by_email([row["email"] for row in parsed if row["email"]])
    code_owners = _employee_code_owners([row.get("employee_code") or "" for row in parsed])
    for row in parsed:
        unit = units.get(row["unit_code"].upper())
        if row["unit_code"] and unit is None:
            add(
                row,
                "unit_code",
                _("No unit has the code “%(value)s”.") % {"value": row["unit_code"]},
            )
        elif unit is not None and not _in_scope(unit.path, scope):
            add(
                row,
                "unit_code",
                _("The unit “%(value)s” is outside your units.") % {"value": row["unit_code"]},
            )
        account = accounts.get(row["email"])
        if account is not None and account.problem:
            add(row, "email", account.problem)
        elif account is not None and not _in_scope(account.unit_path, scope):
            # A manager may not take over, or rewrite, a person another unit looks after.
            add(row, "email", _("This person already has an account outside your units."))
        owner = code_owners.get(row.get("employee_code") or "")
        if owner is not None and (account is None or owner != account.user_id):
            add(row, "employee_code", _("This employee code already belongs to another person."))
        if row["ok"]:
            result.rows.append(
                LearnerRow(
                    row=row["row"],
                    email=row["email"],
                    full_name=row["full_name"],
                    unit_id=unit.pk,
                    unit_code=unit.code,
                    position=row["position"],
                    category=row["category"],
                    employee_code=row.get("employee_code") or None,
                )
            )
    if errors:
        result.rows = []  # all or nothing
        order = {
            headers[column.key]: i for i, column in enumerate(COLUMNS) if column.key in headers
        }
        errors.sort(key=lambda error: (error.row or 0, order.get(error.column, len(COLUMNS))))
    return result


def _map_header(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    """Column key → index in the row; or the errors that make the header unusable."""
    by_alias = {alias: column.key for column in COLUMNS for alias in column.aliases}
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
        str(column.label) for column in COLUMNS if column.required and column.key not in positions
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


class UnitMatch(NamedTuple):
    pk: int
    path: str
    code: str


def _units_by_code(codes: set[str]) -> dict[str, UnitMatch]:
    """Upper-cased code → the unit, for the codes named in the file.

    Codes are matched without regard to case because people retype them from paper lists.
    """
    found: dict[str, UnitMatch] = {}
    for chunk in chunked(sorted({code.upper() for code in codes})):
        matches = (
            OrganisationUnit.objects.annotate(upper_code=Upper("code"))
            .filter(upper_code__in=chunk)
            .order_by("code")
            .values_list("pk", "path", "code")
        )
        for match in matches:
            found.setdefault(match[2].upper(), UnitMatch(*match))
    return found


class AccountMatch(NamedTuple):
    problem: str  # empty when the row may update this account
    user_id: int | None
    unit_path: str | None  # of the account's learner profile, None without one


def _accounts_by_email(emails: list[str]) -> dict[str, AccountMatch]:
    """Lower-cased email → the existing account it names.

    An email names an account by its email address, case-insensitively. It is a problem when
    several accounts share the address (which one to update?), or when no account has it as
    email but one has it as username (a new account could not take that username).
    """
    User = get_user_model()
    accounts = User._default_manager.annotate(
        lower_email=Lower("email"), lower_username=Lower(User.USERNAME_FIELD)
    ).order_by()
    by_email: dict[str, list[tuple[int, str | None]]] = {}
    usernames: set[str] = set()
    # Two single-list queries rather than one with an OR: each chunk then fills one list.
    for chunk in chunked(sorted(set(emails))):
        for pk, email, path in accounts.filter(lower_email__in=chunk).values_list(
            "pk", "lower_email", "learner_profile__unit__path"
        ):
            by_email.setdefault(email, []).append((pk, path))
        usernames.update(
            accounts.filter(lower_username__in=chunk).values_list("lower_username", flat=True)
        )
    found: dict[str, AccountMatch] = {}
    for email, accounts in by_email.items():
        if len(accounts) > 1:
            problem = _(
                "Several accounts use this email address; an administrator must merge them "
                "before it can be imported."
            )
            found[email] = AccountMatch(problem, None, None)
        else:
            found[email] = AccountMatch("", *accounts[0])
    for username in usernames - set(by_email):
        problem = _("This email address is the login name of another account.")
        found[username] = AccountMatch(problem, None, None)
    return found


def _employee_code_owners(codes: list[str]) -> dict[str, int]:
    """Employee code → id of the user whose profile holds it (as the unique constraint sees
    it: exactly)."""
    owners: dict[str, int] = {}
    for chunk in chunked(sorted({code for code in codes if code})):
        owners.update(
            LearnerProfile.objects.filter(employee_code__in=chunk)
            .order_by()
            .values_list("employee_code", "user_id")
        )
    return owners
