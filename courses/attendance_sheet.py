"""The trainer's attendance sheet: what it shows and what a posted sheet asks to change.

`build_sheet()` reads everything a sheet shows (the learners, their records and the history of
each record) in a fixed number of queries, whatever the number of learners. `save_sheet()` reads
a posted sheet and saves, through `services.mark_attendance`, only the rows the trainer
changed, each with the version of the record the page showed: a row another trainer (or the
learner's own QR check-in) changed in the meantime is not overwritten but reported back.

The rules themselves (who is on the sheet, who may write it, how versions compare) live in
`courses.services`; this module only shapes them for the page.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.models import display_name
from lms.text import nfc

from . import services
from .models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceSource,
    AttendanceStatus,
    TrainingSession,
)

REMARK_MAX_LENGTH = AttendanceRecord._meta.get_field("remark").max_length


# --- names --------------------------------------------------------------------------------


# The Vietnamese alphabet: ă, â, đ, ê, ô, ơ, ư are letters of their own, after their base
# letter; f, j, w, z (foreign names) keep their Latin places.
_ALPHABET = {letter: i for i, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
# Tones, in dictionary order: level (none), grave, hook above, tilde, acute, dot below.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _collation(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letters, tones) of `text` in Vietnamese dictionary order: letters decide first."""
    letters: list[int] = []
    tones: list[int] = []
    for char in nfc(text).lower():
        decomposed = unicodedata.normalize("NFD", char)
        marks = decomposed[1:]
        letter = unicodedata.normalize(
            "NFC", decomposed[0] + "".join(m for m in marks if m in _LETTER_MARKS)
        )
        letters.append(_ALPHABET.get(letter, len(_ALPHABET) + ord(decomposed[0])))
        tones.append(next((_TONES.index(m) + 1 for m in marks if m in _TONES), 0))
    return tuple(letters), tuple(tones)


def name_sort_key(full_name: str) -> tuple:
    """Sort people as Vietnamese lists do: by the given name (the last word), then by the
    whole name, in the Vietnamese alphabet: "Đức" after "Dung", and every "Anh" before the
    first "Ánh" (letters first, then tones)."""
    words = nfc(full_name).split()
    given_letters, given_tones = _collation(words[-1] if words else "")
    all_letters, all_tones = _collation(" ".join(words))
    return (given_letters, given_tones, all_letters, all_tones, full_name)


def _time(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "H:i")


# --- reading the sheet --------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a record as the sheet lists it."""

    changed_at: datetime.datetime
    status_label: str
    remark: str
    source_label: str
    by: str


@dataclass
class SheetRow:
    """One learner on the sheet, with their attendance record (None before one is taken) and
    its history, oldest change first."""

    learner: AbstractBaseUser
    record: AttendanceRecord | None = None
    changes: list[AttendanceChange] = field(default_factory=list)

    @property
    def learner_id(self) -> int:
        return self.learner.pk

    @property
    def username(self) -> str:
        return self.learner.get_username()

    @property
    def full_name(self) -> str:
        return display_name(self.learner)

    @property
    def _profile(self):
        try:
            return self.learner.learner_profile
        except ObjectDoesNotExist:
            return None

    @property
    def unit(self) -> str:
        profile = self._profile
        return profile.unit.name if profile is not None and profile.unit_id else ""

    @property
    def position(self) -> str:
        profile = self._profile
        return profile.position if profile is not None else ""

    @property
    def status(self) -> str:
        """The recorded status, "" when none is recorded."""
        return self.record.status if self.record else ""

    @property
    def status_label(self) -> str:
        return self.record.get_status_display() if self.record else ""

    @property
    def remark(self) -> str:
        return self.record.remark if self.record else ""

    @property
    def version(self) -> int:
        """The version the page shows and posts back: 0 when there is no record."""
        return self.record.version if self.record else 0

    @property
    def walk_in(self) -> bool:
        return bool(self.record and self.record.walk_in)

    @property
    def recorded_by_name(self) -> str:
        return display_name(self.record.recorded_by) if self.record else ""

    @property
    def history(self) -> list[HistoryEntry]:
        """The record's changes, newest first."""
        return [
            HistoryEntry(
                changed_at=change.changed_at,
                status_label=change.get_status_display(),
                remark=change.remark,
                source_label=change.get_source_display(),
                by=display_name(change.changed_by),
            )
            for change in reversed(self.changes)
        ]

    @property
    def source_label(self) -> str:
        return self.record.get_source_display() if self.record else ""

    @property
    def checked_in_at(self) -> datetime.datetime | None:
        """When the learner checked in with the QR code, even if a trainer changed the record
        afterwards (the history keeps the check-in)."""
        for change in self.changes:
            if change.source == AttendanceSource.CHECK_IN:
                return change.changed_at
        return None


@dataclass
class Sheet:
    """A session's sheet: one row per learner on it, sorted by name."""

    session: TrainingSession
    rows: list[SheetRow]

    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, how many) for each status, then the learners not recorded yet."""
        recorded: dict[str, int] = {}
        for row in self.rows:
            recorded[row.status] = recorded.get(row.status, 0) + 1
        counts = [
            (value, str(label), recorded.get(value, 0)) for value, label in AttendanceStatus.choices
        ]
        counts.append(("", _("Not recorded"), recorded.get("", 0)))
        return counts


def learners(ids: Iterable[int]) -> list[AbstractBaseUser]:
    """The people with these ids, each with their learner profile and unit (one query)."""
    ids = list(ids)
    if not ids:
        return []
    return list(
        get_user_model()._default_manager.filter(pk__in=ids).select_related("learner_profile__unit")
    )


def build_sheet(session: TrainingSession) -> Sheet:
    """Everything the attendance sheet of `session` shows, sorted by name, in five queries:
    who is on the sheet (two, `services.sheet_learner_ids`), those people with their profiles
    and units, the session's records with who recorded them, and the history of those records
    with who made each change."""
    ids = services.sheet_learner_ids(session)
    rows = {person.pk: SheetRow(learner=person) for person in learners(ids)}
    records = AttendanceRecord.objects.filter(session=session).select_related(
        "recorded_by__learner_profile"
    )
    by_record: dict[int, SheetRow] = {}
    for record in records:
        row = rows.get(record.user_id)
        if row is not None:
            record.session = session  # no query for it later
            row.record = record
            by_record[record.pk] = row
    changes = (
        AttendanceChange.objects.filter(record__session=session)
        .select_related("changed_by__learner_profile")
        .order_by("changed_at", "pk")
    )
    for change in changes:
        row = by_record.get(change.record_id)
        if row is not None:
            row.changes.append(change)
    ordered = sorted(rows.values(), key=lambda row: name_sort_key(row.full_name))
    return Sheet(session=session, rows=ordered)


# --- reading a posted sheet ---------------------------------------------------------------

# The names of a row's fields: the learner's id follows the prefix.
LEARNER_FIELD = "learner"
STATUS_PREFIX = "status-"
REMARK_PREFIX = "remark-"
VERSION_PREFIX = "version-"
SHOWN_STATUS_PREFIX = "shown-status-"
SHOWN_REMARK_PREFIX = "shown-remark-"


@dataclass(frozen=True)
class RowChange:
    """A row the trainer changed: what to save, and the record version the page showed."""

    learner_id: int
    name: str
    status: str
    remark: str
    expected_version: int


@dataclass
class PostedSheet:
    changes: list[RowChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one message per refused row


def posted_learner_ids(data: QueryDict) -> list[int]:
    """The learners whose rows the posted sheet holds (the page lists them in hidden fields);
    anything that is not an id is ignored."""
    ids: list[int] = []
    for value in data.getlist(LEARNER_FIELD):
        try:
            learner_id = int(value)
        except (TypeError, ValueError):
            continue
        if learner_id > 0 and learner_id not in ids:
            ids.append(learner_id)
    return ids


def _remark(value: object) -> str:
    # As the service will store it: NFC, one line, stripped, at most the field's length.
    return nfc(str(value or ""))[:REMARK_MAX_LENGTH]


def parse_posted(data: QueryDict, names: Mapping[int, str]) -> PostedSheet:
    """The rows of a posted sheet whose status or remark differ from what the page showed.

    `names` gives the learners' names for the messages. A row with a status that does not
    exist, a version that is not a number, or a remark but no status is refused with a message
    and nothing of it is saved; the other rows are unaffected.
    """
    posted = PostedSheet()
    valid = set(AttendanceStatus.values)
    for learner_id in posted_learner_ids(data):
        name = names.get(learner_id) or str(learner_id)
        status = str(data.get(f"{STATUS_PREFIX}{learner_id}", "")).strip()
        remark = _remark(data.get(f"{REMARK_PREFIX}{learner_id}"))
        shown_status = str(data.get(f"{SHOWN_STATUS_PREFIX}{learner_id}", "")).strip()
        shown_remark = _remark(data.get(f"{SHOWN_REMARK_PREFIX}{learner_id}"))
        if status == shown_status and remark == shown_remark:
            continue
        if not status:
            if remark != shown_remark and not shown_status:
                posted.problems.append(
                    _("%(name)s: choose a status to save the remark; nothing was saved for them.")
                    % {"name": name}
                )
            continue
        if status not in valid:
            posted.problems.append(
                _("%(name)s: “%(status)s” is not an attendance status; nothing was saved for them.")
                % {"name": name, "status": status[:40]}
            )
            continue
        try:
            version = int(data.get(f"{VERSION_PREFIX}{learner_id}", ""))
            if version < 0:
                raise ValueError
        except (TypeError, ValueError):
            posted.problems.append(
                _("%(name)s: the page was out of date; reload it and try again.") % {"name": name}
            )
            continue
        posted.changes.append(
            RowChange(
                learner_id=learner_id,
                name=name,
                status=status,
                remark=remark,
                expected_version=version,
            )
        )
    return posted


# --- saving a posted sheet ----------------------------------------------------------------


@dataclass
class SaveOutcome:
    saved: int = 0
    conflicts: list[str] = field(default_factory=list)  # one message per row kept as it was
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The success message: how many rows were saved (or that nothing had changed)."""
        if not self.saved and not self.conflicts and not self.problems:
            return _("Nothing to save: no row was changed.")
        return ngettext("%(count)d row saved.", "%(count)d rows saved.", self.saved) % {
            "count": self.saved
        }


def conflict_message(name: str, record: AttendanceRecord) -> str:
    """What the trainer is told about a row someone else changed while they were editing."""
    value = record.get_status_display()
    if record.remark:
        value = f"{value} — {record.remark}"
    other = display_name(record.recorded_by) or _("someone else")
    return _(
        "%(name)s: changed by %(other)s at %(time)s while you were editing — their value is "
        "kept (%(value)s); check it and save again."
    ) % {"name": name, "other": other, "time": _time(record.recorded_at), "value": value}


def save_sheet(*, session: TrainingSession, data: QueryDict, by: AbstractBaseUser) -> SaveOutcome:
    """Save the rows of a posted sheet that changed, one `services.mark_attendance` each (so
    one row's conflict or refusal leaves the others saved). Raises `AttendanceNotPermitted`
    when `by` may not take this session's attendance."""
    posted_ids = posted_learner_ids(data)
    known = services.known_to_session(session, posted_ids)
    problems = []
    if not known.issuperset(posted_ids):
        # A forged row (someone never on this session): dropped, and the messages, which name
        # each row's learner, must not bring back a stranger's name.
        data = data.copy()
        data.setlist(LEARNER_FIELD, [str(pk) for pk in posted_ids if pk in known])
        problems.append(_("A row was not for a learner of this session: nothing was saved for it."))
    names = {person.pk: display_name(person) for person in learners(known)}
    posted = parse_posted(data, names)
    outcome = SaveOutcome(problems=[*problems, *posted.problems])
    for change in posted.changes:
        try:
            result = services.mark_attendance(
                session=session,
                learner_id=change.learner_id,
                status=change.status,
                remark=change.remark,
                by=by,
                expected_version=change.expected_version,
            )
        except ValueError:  # left the sheet meanwhile (registration cancelled, no record)
            outcome.problems.append(
                _("%(name)s is no longer on this session's sheet; nothing was saved for them.")
                % {"name": change.name}
            )
            continue
        if result.conflict:
            outcome.conflicts.append(conflict_message(change.name, result.record))
        elif result.changed:
            outcome.saved += 1
    return outcome


def checked_in_count(session: TrainingSession) -> int:
    """How many learners checked in to `session` with the QR code (one query). A record a
    trainer changed afterwards still counts: its history keeps the check-in."""
    return (
        AttendanceChange.objects.filter(record__session=session, source=AttendanceSource.CHECK_IN)
        .values("record_id")
        .distinct()
        .count()
    )
