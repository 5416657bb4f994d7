"""A session's attendance as a spreadsheet (CSV or XLSX): one row per learner on the sheet.

Written with the shared spreadsheet writers of `lms.spreadsheets` (UTF-8 with a BOM for CSV,
so Excel reads Vietnamese right; no formula cells in XLSX) and the shared cell formats of the
admin listings (`lms.admin.listings`: local time, "Yes" flags).

Cells come from what people typed (names, remarks), so a cell that a spreadsheet would run as
a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written as
text: `xlsx_bytes` stores such cells as strings, and `csv_bytes`, where a file has no types,
gives them a leading apostrophe (`lms.spreadsheets.formula_safe`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from lms.admin.listings import datetime_text, yes_or_empty
from lms.spreadsheets import download_response, spreadsheet_datetime

from .attendance_sheet import Sheet, SheetRow, build_sheet
from .models import TrainingSession

FORMATS = ("csv", "xlsx")


def header() -> list[str]:
    return [
        _("Username"),
        _("Full name"),
        _("Unit"),
        _("Status"),
        _("Remark"),
        _("Walk-in"),
        _("Recorded through"),
        _("Recorded at"),
        _("Recorded by"),
    ]


def _values(row: SheetRow, file_format: str) -> list[Any]:
    record = row.record
    recorded_at = record.recorded_at if record else None
    return [
        row.username,
        row.full_name,
        row.unit,
        row.status_label,
        row.remark,
        yes_or_empty(row.walk_in),
        record.get_source_display() if record else "",
        spreadsheet_datetime(recorded_at) if file_format == "xlsx" else datetime_text(recorded_at),
        row.recorded_by_name,
    ]


def export_rows(sheet: Sheet, file_format: str) -> list[Sequence[Any]]:
    """The header and one row per learner, in the sheet's order, for `file_format`."""
    rows: list[Sequence[Any]] = [header()]
    rows += [_values(row, file_format) for row in sheet.rows]
    return rows


def export_response(session: TrainingSession, file_format: str) -> HttpResponse:
    """A download of `session`'s attendance, ``attendance-<id>.csv`` or ``.xlsx``."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    return download_response(
        export_rows(build_sheet(session), file_format),
        stem=f"attendance-{session.pk}",
        file_format=file_format,
    )
