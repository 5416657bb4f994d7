"""The hooks through which feature apps take part in the protection of personal data.

``lms_personal_data``: a function ``(user) -> PersonalDataSection | None``: what the app holds
about the person, for the copy they download. ``data`` is written with Django's JSON encoder
(dates, times and decimals as text); ``files`` are (name inside the archive, bytes) pairs, e.g.
certificate PDFs.

``lms_erase_personal_data``: a function ``(user) -> None`` called inside the erasure's
transaction: clear the app's own personal fields of the person, keeping the rows that
statistics count (attempts, attendance, certificates...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

PERSONAL_DATA_HOOK = "lms_personal_data"
ERASE_PERSONAL_DATA_HOOK = "lms_erase_personal_data"


@dataclass
class PersonalDataSection:
    """One app's part of a person's data: `name` is the key of `data` in data.json."""

    name: str
    data: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)


def personal_data_sections(user: Any) -> list[PersonalDataSection]:
    sections = []
    for function in hooks.get_hooks(PERSONAL_DATA_HOOK):
        section = function(user)
        if section is not None:
            sections.append(section)
    return sections


def erase_in_apps(user: Any) -> None:
    for function in hooks.get_hooks(ERASE_PERSONAL_DATA_HOOK):
        function(user)
