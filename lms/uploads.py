"""Checks of uploaded files by their content, shared by the upload forms of the platform.

The extension of a file is what its uploader chose; these look at the first bytes and the
structure, so that a program renamed ``.pdf`` or ``.csv`` and a zip bomb renamed ``.xlsx``
are refused before anything else reads them.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exceptions import SpreadsheetFileError

#: The first bytes of programs: Windows (MZ), Linux and BSD (ELF), macOS (Mach-O, both byte
#: orders, 32 and 64 bits, fat binaries), and scripts with an interpreter line.
EXECUTABLE_MAGIC: tuple[bytes, ...] = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)

ZIP_MAGIC = b"PK\x03\x04"
#: The parts every Excel workbook (.xlsx) holds.
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


def not_a_workbook_message() -> str:
    return _(
        "This file is not a valid Excel workbook (.xlsx). Open it in Excel and save it "
        "again as “Excel Workbook (*.xlsx)”."
    )


def head(file: IO[bytes], size: int = 2048) -> bytes:
    """The first `size` bytes of `file`, leaving its position where it was."""
    position = file.tell()
    try:
        file.seek(0)
        return file.read(size)
    finally:
        file.seek(position)


def is_executable(data: bytes) -> bool:
    """Whether `data` (a file's first bytes) starts like a program or a script."""
    return data.startswith(EXECUTABLE_MAGIC)


def check_xlsx_archive(file: IO[bytes], *, max_uncompressed: int) -> None:
    """Raise `SpreadsheetFileError` unless `file` is a zip archive with the parts of an Excel
    workbook whose members, uncompressed, hold at most `max_uncompressed` bytes in all.

    The sizes are those the archive declares; openpyxl's reader (through `zipfile`) stops with
    an error when a member inflates past its declared size, so a lying header gains nothing.
    """
    not_a_workbook = SpreadsheetFileError(not_a_workbook_message())
    if not head(file, len(ZIP_MAGIC)).startswith(ZIP_MAGIC):
        raise not_a_workbook
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise not_a_workbook from exc
    finally:
        file.seek(0)
    names = {member.filename for member in members}
    if not all(part in names for part in XLSX_PARTS):
        raise not_a_workbook
    if sum(member.file_size for member in members) > max_uncompressed:
        raise SpreadsheetFileError(
            _(
                "This workbook unpacks to more than %(max)s. Delete the unused sheets, images "
                "and formatting, or save the data as CSV UTF-8."
            )
            % {"max": filesizeformat(max_uncompressed)}
        )
