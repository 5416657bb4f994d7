"""State changes of blended delivery: registering for sessions, the waitlist, attendance,
self check-in. Views, admin screens, commands and tasks call these; nothing else writes
registrations or attendance.

Every function is atomic. Repeats are harmless: one registration and one attendance record
per learner and session are database constraints, places are taken by a conditional UPDATE
that cannot go past capacity, and attendance saves carry the version they were based on.
Refusals raise a `courses.exceptions.SessionError` whose text is fit to show the person.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.completion import evaluate
from lms.models import Enrollment

from . import checkin
from .exceptions import (
    AttendanceNotPermitted,
    CheckInRefused,
    RegistrationRefused,
)
from .models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceSource,
    AttendanceStatus,
    CoursePage,
    Registration,
    RegistrationStatus,
    TrainingSession,
)

logger = logging.getLogger(__name__)


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _enrollment(user: AbstractBaseUser, session: TrainingSession) -> Enrollment | None:
    return Enrollment.objects.current().filter(user=user, course_id=session.course_id).first()


def _notify(registration_id: int, kind: str) -> None:
    """Queue an email about a registration once the transaction has committed."""
    from .tasks import send_session_email

    transaction.on_commit(lambda: send_session_email.enqueue(registration_id, kind))


# --- registration and the waitlist ------------------------------------------------------------


def registration_refusal(
    session: TrainingSession,
    user: AbstractBaseUser,
    now: datetime.datetime,
    *,
    enrolled: bool | None = None,
) -> str | None:
    """Why `user` may not register for `session` now, or None when they may. `enrolled`, when
    the caller already knows it, saves the enrollment query (pages listing many sessions)."""
    if session.is_cancelled:
        return _("This session was cancelled.")
    if session.registration_opens_at and now < session.registration_opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": _moment(session.registration_opens_at)
        }
    if now >= session.registration_closes:
        return _("Registration for this session has closed.")
    if enrolled is None:
        enrolled = _enrollment(user, session) is not None
    if not enrolled:
        return _("Enrol in the course before registering for its sessions.")
    return None


@transaction.atomic
def register(*, session: TrainingSession, user: AbstractBaseUser) -> Registration:
    """Register `user` for `session`: a place while there is one, else a place on the waitlist.

    Repeating it changes nothing (the existing registration is returned). Raises
    `RegistrationRefused` when the session, its dates or the person's enrollment do not allow
    it. Two registrations for the last place at the same instant: the place goes to one, the
    other joins the waitlist (the conditional UPDATE of `seats_taken` decides).
    """
    # Lock the session, as cancelling does: a place freed while this person joins the
    # waitlist must find their row when the waitlist is promoted, and places go in the order
    # people asked.
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    now = timezone.now()
    refusal = registration_refusal(session, user, now)
    if refusal:
        raise RegistrationRefused(refusal)
    registration = Registration.objects.filter(session=session, user=user).first()
    if registration is not None and registration.is_active:
        return registration
    if registration is None:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    session=session,
                    user=user,
                    status=RegistrationStatus.WAITLISTED,
                    queued_at=now,
                )
        except IntegrityError:  # the same person's other request won
            return Registration.objects.get(session=session, user=user)
    else:
        # Registering again after cancelling: a new place in the queue, from now. The status
        # condition makes a concurrent repeat of this request a no-op.
        reopened = Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.CANCELLED
        ).update(
            status=RegistrationStatus.WAITLISTED,
            queued_at=now,
            registered_at=None,
            cancelled_at=None,
            reminder_sent_at=None,
        )
        registration.refresh_from_db()
        if not reopened:
            return registration
    if _take_seat(session.pk):
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.REGISTERED, registered_at=now
        )
        registration.refresh_from_db()
    log(
        instance=session,
        action="cds_courses.session.register",
        user=user,
        data={"learner": user.get_username(), "status": registration.status},
    )
    return registration


def _take_seat(session_id: int) -> bool:
    """Take one place of the session if one is free. The row lock of the UPDATE orders
    concurrent callers, and each re-checks `seats_taken < capacity` after the one before it."""
    return bool(
        TrainingSession.objects.filter(pk=session_id, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the next person to get a place; None when not on the waitlist."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    # The order `_promote` gives places in: queued_at, then pk for the same instant.
    ahead = (
        Registration.objects.filter(
            session_id=registration.session_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def cancellation_refusal(registration: Registration, now: datetime.datetime) -> str | None:
    """Why the learner may not cancel this registration now, or None."""
    session = registration.session
    if not registration.is_active:
        return _("This registration is already cancelled.")
    if registration.status == RegistrationStatus.WAITLISTED and now >= session.starts_at:
        return _("This session has started: the waitlist is closed.")
    if registration.status == RegistrationStatus.REGISTERED and now >= session.cancellation_closes:
        return _(
            "The cancellation deadline (%(date)s) has passed: ask the trainer or the course "
            "administrator."
        ) % {"date": _moment(session.cancellation_closes)}
    return None


@transaction.atomic
def cancel_registration(*, session: TrainingSession, user: AbstractBaseUser) -> Registration:
    """Cancel `user`'s registration for `session`. A freed place goes to the first person on the
    waitlist, who is told by email. Leaving the waitlist is allowed until the session starts;
    giving up a place, until the cancellation deadline. Raises `RegistrationRefused`."""
    now = timezone.now()
    # Lock the session: promotions of its waitlist happen one at a time.
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    registration = Registration.objects.filter(session=session, user=user).first()
    if registration is None:
        raise RegistrationRefused(_("You are not registered for this session."))
    registration.session = session
    refusal = cancellation_refusal(registration, now)
    if refusal:
        raise RegistrationRefused(refusal)
    _give_up(session, registration, now)
    registration.refresh_from_db()
    log(
        instance=session,
        action="cds_courses.session.cancel",
        user=user,
        data={"learner": user.get_username()},
    )
    return registration


def _promote(session: TrainingSession, now: datetime.datetime) -> list[int]:
    """Give free places to the waitlist, first come first served; the caller holds the
    session's lock. Returns the promoted registrations' ids (each is emailed)."""
    if session.is_cancelled or now >= session.starts_at:
        return []
    promoted = []
    queue = Registration.objects.filter(
        session=session, status=RegistrationStatus.WAITLISTED
    ).order_by("queued_at", "pk")
    for registration_id in queue.values_list("pk", flat=True):
        if not _take_seat(session.pk):
            break
        Registration.objects.filter(pk=registration_id).update(
            status=RegistrationStatus.REGISTERED, registered_at=now
        )
        promoted.append(registration_id)
        _notify(registration_id, "promoted")
    return promoted


def release_registrations(*, user_id: int, course_id: int) -> int:
    """Give up `user_id`'s places and waitlist entries for the course's sessions that have not
    started (the learner withdrew from the course): the places go to the waitlist. Past
    sessions keep their registrations as the record of who was expected. Returns how many
    were cancelled. Runs inside the caller's transaction (the withdrawal)."""
    now = timezone.now()
    released = 0
    active = (
        Registration.objects.filter(
            user_id=user_id, session__course_id=course_id, session__starts_at__gt=now
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("session_id", flat=True)
    )
    for session_id in list(active):
        session = TrainingSession.objects.select_for_update().get(pk=session_id)
        registration = Registration.objects.get(session=session, user_id=user_id)
        released += _give_up(session, registration, now)
    return released


def _give_up(session: TrainingSession, registration: Registration, now: datetime.datetime) -> int:
    """Cancel a registration whose session the caller has locked; a place it held goes to the
    waitlist. Returns 1, or 0 when it was no longer active (a concurrent repeat)."""
    cancelled = Registration.objects.filter(pk=registration.pk, status=registration.status).update(
        status=RegistrationStatus.CANCELLED, cancelled_at=now
    )
    if cancelled and registration.status == RegistrationStatus.REGISTERED:
        TrainingSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
        _promote(session, now)
    return cancelled


@transaction.atomic
def fill_from_waitlist(*, session: TrainingSession) -> list[int]:
    """Promote the waitlist into free places (after the capacity was raised)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    return _promote(session, timezone.now())


@transaction.atomic
def cancel_session(*, session: TrainingSession, by: AbstractBaseUser) -> TrainingSession:
    """Cancel a session: it no longer counts for attendance, and every registered or
    waitlisted learner is emailed. Repeating it changes nothing."""
    now = timezone.now()
    changed = TrainingSession.objects.filter(pk=session.pk, cancelled_at__isnull=True).update(
        cancelled_at=now
    )
    session.refresh_from_db()
    if changed:
        active = Registration.objects.filter(session=session).exclude(
            status=RegistrationStatus.CANCELLED
        )
        for registration_id in active.values_list("pk", flat=True):
            _notify(registration_id, "session_cancelled")
        log(instance=session, action="cds_courses.session.cancel_session", user=by)
        schedule_changed(course_id=session.course_id)
    return session


@transaction.atomic
def update_session(*, session: TrainingSession, save: Callable[[], object]) -> list[int]:
    """Save an edited copy of a session through `save` (the admin form's save, which writes its
    trainers too), then draw the consequences: a raised capacity gives places to the waitlist,
    a session moved to another course re-evaluates both courses. Returns the promoted
    registrations' ids.

    The session row is locked first, so no registration slips in between the check and the
    save; the places taken and the cancellation are the stored ones (an edited copy never
    writes them back), and `clean()` raises `ValidationError` for a capacity below them.
    """
    stored = TrainingSession.objects.select_for_update().get(pk=session.pk)
    session.seats_taken, session.cancelled_at = stored.seats_taken, stored.cancelled_at
    session.clean()
    save()
    promoted = _promote(session, timezone.now()) if session.capacity > stored.capacity else []
    if session.course_id != stored.course_id:
        schedule_changed(course_id=stored.course_id)
        schedule_changed(course_id=session.course_id)
    return promoted


def deletion_refusal(session: TrainingSession) -> str | None:
    """Why `session` may not be deleted, or None. Deleting would drop its registrations and
    attendance without a word to the learners; cancelling tells them and keeps the records."""
    if session.registrations.exists() or session.attendance.exists():
        return _(
            "“%(title)s” has registrations or attendance: cancel it instead, so that its "
            "learners are told and its records are kept."
        ) % {"title": session.title}
    return None


def schedule_changed(*, course_id: int) -> None:
    """Re-evaluate the course's enrollments after a session was added, moved or cancelled:
    the attendance criterion's denominator changed (a cancelled session can complete someone
    who attended all the others). Completions already recorded stay."""
    from lms.services import reevaluate_course

    course = CoursePage.objects.filter(pk=course_id).first()
    if course is not None:
        reevaluate_course(course)


# --- attendance -------------------------------------------------------------------------------


def can_take_attendance(user: AbstractBaseUser, session: TrainingSession) -> bool:
    """A session's own trainers, and administrators (permission `take_any_attendance`)."""
    if not user.is_authenticated:
        return False
    if user.has_perm("cds_courses.take_any_attendance"):
        return True
    return session.trainers.filter(pk=user.pk).exists()


@dataclass(frozen=True)
class AttendanceResult:
    record: AttendanceRecord
    # True when the record had changed since the version the sheet was based on: nothing was
    # written, and `record` is what the other person saved.
    conflict: bool = False
    changed: bool = True


def _write(
    *,
    session: TrainingSession,
    learner_id: int,
    status: str,
    remark: str,
    by: AbstractBaseUser | None,
    source: str,
    expected_version: int | None,
    walk_in: bool = False,
    now: datetime.datetime,
) -> AttendanceResult:
    """Create or change one attendance record and keep its history; no permission checks."""
    record = AttendanceRecord.objects.filter(session=session, user_id=learner_id).first()
    if record is None:
        if expected_version not in (None, 0):
            # The sheet showed a record that no longer exists: nothing to compare against.
            expected_version = None
        try:
            with transaction.atomic():
                record = AttendanceRecord.objects.create(
                    session=session,
                    user_id=learner_id,
                    status=status,
                    remark=remark,
                    source=source,
                    walk_in=walk_in,
                    recorded_by=by,
                    recorded_at=now,
                )
        except IntegrityError:
            # Someone else recorded this learner an instant ago.
            record = AttendanceRecord.objects.get(session=session, user_id=learner_id)
            if expected_version is not None:
                return AttendanceResult(record=record, conflict=True, changed=False)
        else:
            _history(record, by, now)
            return AttendanceResult(record=record)
    if record.status == status and record.remark == remark:
        return AttendanceResult(record=record, changed=False)
    current = AttendanceRecord.objects.filter(pk=record.pk)
    if expected_version is not None:
        current = current.filter(version=expected_version)
    updated = current.update(
        status=status,
        remark=remark,
        source=source,
        recorded_by=by,
        recorded_at=now,
        version=F("version") + 1,
    )
    record.refresh_from_db()
    if not updated:
        return AttendanceResult(record=record, conflict=True, changed=False)
    _history(record, by, now)
    return AttendanceResult(record=record)


def _history(record: AttendanceRecord, by: AbstractBaseUser | None, now: datetime.datetime):
    AttendanceChange.objects.create(
        record=record,
        status=record.status,
        remark=record.remark,
        source=record.source,
        changed_by=by,
        changed_at=now,
    )
    log(
        instance=record.session,
        action="cds_courses.attendance",
        user=by,
        data={"learner_id": record.user_id, "status": record.status, "remark": record.remark},
    )
    _evaluate(record.user_id, record.session.course_id)


def _evaluate(user_id: int, course_id: int) -> None:
    """Re-evaluate the learner's enrollment in the course (the attendance criterion)."""
    enrollment = (
        Enrollment.objects.current()
        .select_for_update()
        .filter(user_id=user_id, course_id=course_id)
        .first()
    )
    if enrollment is not None:
        evaluate(enrollment)


def sheet_learner_ids(session: TrainingSession) -> set[int]:
    """Who appears on the attendance sheet: registered learners and anyone with a record."""
    registered = Registration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).values_list("user_id", flat=True)
    recorded = AttendanceRecord.objects.filter(session=session).values_list("user_id", flat=True)
    return set(registered) | set(recorded)


def known_to_session(session: TrainingSession, ids: Iterable[int]) -> set[int]:
    """Those of `ids` who registered for `session` (whatever became of the registration) or
    have a record of it: the people a trainer of the session may see named (one query)."""
    ids = list(ids)
    if not ids:
        return set()
    registered = Registration.objects.filter(session=session, user_id__in=ids)
    recorded = AttendanceRecord.objects.filter(session=session, user_id__in=ids)
    return set(
        registered.values_list("user_id", flat=True).union(
            recorded.values_list("user_id", flat=True)
        )
    )


@transaction.atomic
def mark_attendance(
    *,
    session: TrainingSession,
    learner_id: int,
    status: str,
    remark: str = "",
    by: AbstractBaseUser,
    expected_version: int | None = None,
) -> AttendanceResult:
    """Record one learner's attendance from the sheet.

    `expected_version` is the record's version the sheet showed (0 when it showed none): if
    another trainer changed the record since, nothing is written and the result says
    `conflict` with their record. Raises `AttendanceNotPermitted` for anyone but the session's
    trainers and administrators, and `ValueError` for a status that does not exist or a
    learner who is not on the sheet.
    """
    if not can_take_attendance(by, session):
        raise AttendanceNotPermitted(_("Only the session's trainers can take its attendance."))
    if status not in AttendanceStatus.values:
        raise ValueError(f"unknown attendance status {status!r}")
    if learner_id not in sheet_learner_ids(session):
        raise ValueError("learner is not on the attendance sheet")
    return _write(
        session=session,
        learner_id=learner_id,
        status=status,
        remark=(remark or "").strip()[:300],
        by=by,
        source=AttendanceSource.SHEET,
        expected_version=expected_version,
        now=timezone.now(),
    )


@transaction.atomic
def mark_all_present(*, session: TrainingSession, by: AbstractBaseUser) -> int:
    """Mark every registered learner who has no attendance yet as present; statuses already
    recorded (late, excused...) are kept. Returns how many were marked."""
    if not can_take_attendance(by, session):
        raise AttendanceNotPermitted(_("Only the session's trainers can take its attendance."))
    now = timezone.now()
    recorded = AttendanceRecord.objects.filter(session=session).values_list("user_id", flat=True)
    waiting = (
        Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
        .exclude(user_id__in=recorded)
        .values_list("user_id", flat=True)
    )
    marked = 0
    for learner_id in list(waiting):
        result = _write(
            session=session,
            learner_id=learner_id,
            status=AttendanceStatus.PRESENT,
            remark="",
            by=by,
            source=AttendanceSource.SHEET,
            expected_version=0,
            now=now,
        )
        marked += int(result.changed)
    return marked


# --- self check-in ----------------------------------------------------------------------------


@transaction.atomic
def check_in(
    *,
    session: TrainingSession,
    user: AbstractBaseUser,
    code: str = "",
    grant: str = "",
) -> AttendanceRecord:
    """Mark `user` present at `session` (late after the configured minutes) from a scanned
    `code`, or from a `grant` the check-in page gave for one (see `courses.checkin`).

    Learners enrolled in the course may check in without a registration (walk-ins). Checking
    in again keeps the first arrival. Raises `CheckInRefused` for a forged, expired or foreign
    code, outside the session's check-in window, and without an enrollment.
    """
    now = timezone.now()
    if grant:
        checkin.read_grant(grant, session=session)
        checkin.check_window(session, now)
    else:
        checkin.read_code(code, session=session, now=now)
    if _enrollment(user, session) is None:
        raise CheckInRefused(
            _("You are not enrolled in this course, so you cannot check in to its sessions.")
        )
    existing = AttendanceRecord.objects.filter(session=session, user=user).first()
    if existing is not None and existing.attended:
        return existing
    registered = Registration.objects.filter(
        session=session, user=user, status=RegistrationStatus.REGISTERED
    ).exists()
    result = _write(
        session=session,
        learner_id=user.pk,
        status=session.arrival_status(now),
        remark=existing.remark if existing else "",
        by=user,
        source=AttendanceSource.CHECK_IN,
        expected_version=None,
        walk_in=not registered,
        now=now,
    )
    return result.record


# --- reminders --------------------------------------------------------------------------------


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminder email for every registered learner of a session that starts
    tomorrow (in the site's time zone). Each registration is reminded once, even when this
    runs several times a day or on two hosts: a conditional UPDATE claims it. Returns how many
    reminders were queued."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminder_sent_at__isnull=True,
        session__cancelled_at__isnull=True,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).values_list("pk", flat=True)
    queued = 0
    for registration_id in list(due):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _notify(registration_id, "reminder")
                queued += 1
    return queued
