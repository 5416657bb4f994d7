"""Reading and checking a file of learners (CSV or XLSX) before anything is written.

The whole file is read and every row is checked; the result holds either clean rows ready for
`lms.services.import_learners()` or the list of every problem found (row number as the
spreadsheet shows it, column, reason in the user's language). Nothing here writes to the
database: the admin screen, the management command and the background task all call
`validate_file()` and decide what to do with the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import IO, Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import spreadsheets
from .models import LearnerCategory, LearnerProfile, OrganisationUnit, path_in_scope, scope_paths
from .spreadsheets import (
    Column,
    Sheet,
    SheetLayout,
    ValidationResult,
    choice_lookup,
    chunked,
    header_key,
    parse_sheet,
)

# --- columns ------------------------------------------------------------------------------


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


def category_lookup() -> dict[str, str]:
    """Folded spelling → category code: codes, labels in every language, Vietnamese aliases."""
    return choice_lookup(LearnerCategory.choices, CATEGORY_ALIASES)


def header_row() -> list[str]:
    """The column names of the downloadable template, in Vietnamese."""
    return [column.template_header for column in COLUMNS]


def template_csv() -> bytes:
    """The header row of an import file, as UTF-8 with a BOM so that Excel opens it right."""
    return spreadsheets.csv_bytes([header_row()])


# --- results ------------------------------------------------------------------------------


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


def layout() -> SheetLayout:
    """The learner file, with the limits of the current settings."""
    return SheetLayout.for_import(
        COLUMNS,
        too_many_rows=lambda limit: (
            _("The file has more than %(max)d learner rows. Split it into smaller files.")
            % {"max": limit}
        ),
        no_rows=lambda: _("The file has column names but no learner rows."),
    )


# --- checking -----------------------------------------------------------------------------


def validate_file(
    file: IO[bytes], *, filename: str, user: Any | None = None
) -> ValidationResult[LearnerRow]:
    """Read `file` and check every row (see `validate_sheet()`); file-level problems (size,
    type, encoding, missing columns) come back as errors with `row` None. Writes nothing."""
    return spreadsheets.validate_file(
        file,
        filename=filename,
        layout=layout(),
        validate_sheet=partial(validate_sheet, user=user),
    )


def import_scope(user: Any | None) -> list[str] | None:
    """Tree paths of the subtrees `user` may import into; None means anywhere.

    Superusers and site administrators (who see every unit's learners) import anywhere, as
    does an import with no user (the management command without --user). A unit manager
    imports into the subtrees of the units they manage, and nowhere if they manage none.
    """
    return None if user is None else scope_paths(user)


def validate_sheet(sheet: Sheet, *, user: Any | None = None) -> ValidationResult[LearnerRow]:
    """Check every row of `sheet`; `user` limits the units rows may name (`import_scope()`).

    Every problem of every row is reported, and then no row is returned: a file imports
    whole or not at all. The queries are a handful for the whole file, not one per row.
    """
    table = parse_sheet(sheet, layout())
    if not table.usable:
        return table.result([])
    add = table.add
    parsed = table.rows
    clean: list[LearnerRow] = []

    # 1. Each row on its own (presence and length are checked by `parse_sheet()`).
    categories = category_lookup()
    category_names = ", ".join(str(label) for _code, label in LearnerCategory.choices)
    email_limit = COLUMNS_BY_KEY["email"].max_length
    for row in parsed:
        row["email"] = row["email"].lower()
        if len(row["email"]) > email_limit:
            # Checked again: lower-casing may lengthen it ("İ" becomes "i" and a combining dot),
            # and the username column would refuse it when written.
            add(
                row,
                "email",
                _("Too long: at most %(max)d characters, this has %(length)d.")
                % {"max": email_limit, "length": len(row["email"])},
            )
        elif row["email"]:
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
        elif unit is not None and not path_in_scope(unit.path, scope):
            add(
                row,
                "unit_code",
                _("The unit “%(value)s” is outside your units.") % {"value": row["unit_code"]},
            )
        account = accounts.get(row["email"])
        if account is not None and account.problem:
            add(row, "email", account.problem)
        elif account is not None and not path_in_scope(account.unit_path, scope):
            # A manager may not take over, or rewrite, a person another unit looks after.
            add(row, "email", _("This person already has an account outside your units."))
        owner = code_owners.get(row.get("employee_code") or "")
        if owner is not None and (account is None or owner != account.user_id):
            add(row, "employee_code", _("This employee code already belongs to another person."))
        if row["ok"]:
            clean.append(
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
    return table.result(clean)


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
