"""Blended delivery: training sessions of a course, registrations with a waitlist, attendance.

Invariants the database keeps, whatever the code in front of it does:

- a session never has more registered learners than places: `seats_taken` counts them, is
  raised by one conditional UPDATE (``... WHERE seats_taken < capacity``) and a CHECK keeps it
  at or below `capacity`;
- one registration and one attendance record per learner and session (unique constraints),
  so double clicks and two workers write one row;
- attendance records are versioned (`version` grows with every change), so a trainer's save
  does not overwrite a change another trainer made in the meantime; every change is kept in
  `AttendanceChange`, with who made it and when.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..conf import courses_settings


class SessionKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Live online")


class TrainingSessionQuerySet(models.QuerySet):
    def scheduled(self) -> TrainingSessionQuerySet:
        """Sessions that take place (not cancelled)."""
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, now: datetime.datetime | None = None) -> TrainingSessionQuerySet:
        """Scheduled sessions that have not ended yet, soonest first."""
        return self.scheduled().filter(ends_at__gt=now or timezone.now()).order_by("starts_at")

    def led_by(self, user) -> TrainingSessionQuerySet:
        return self.filter(trainers=user)


class TrainingSession(models.Model):
    """One meeting of a blended course: in a hall, or live online."""

    course = models.ForeignKey(
        "cds_courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="training_sessions",
        verbose_name=_("course"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    meeting_url = models.URLField(_("meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    # Registered learners holding a place; changed only by `courses.services`.
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions_led",
        verbose_name=_("trainers"),
        help_text=_("People with the Trainer role who take attendance for this session."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the session starts."),
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        null=True,
        blank=True,
        help_text=_("Learners may cancel their registration until then. Empty: until it starts."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="cds_courses_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="cds_courses_session_within_capacity",
            ),
        ]
        indexes = [models.Index(fields=["course", "starts_at"], name="cds_courses_sess_course")]
        permissions = [
            ("take_any_attendance", _("Can take attendance for any training session")),
        ]

    def __str__(self) -> str:
        return self.title

    #: Written only by `courses.services`, with conditional UPDATEs; a save of an edited copy
    #: (the admin form, a script) must not write back the stale values it loaded.
    SERVICE_FIELDS = ("seats_taken", "cancelled_at")

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.SERVICE_FIELDS
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.capacity is not None and self.capacity < self.seats_taken:
            errors["capacity"] = _(
                "%(count)d learners are already registered: the session needs at least as "
                "many places."
            ) % {"count": self.seats_taken}
        if self.kind == SessionKind.ONLINE and not self.meeting_url:
            errors["meeting_url"] = _("A live online session needs its meeting link.")
        if self.kind == SessionKind.IN_PERSON and not self.venue_name:
            errors["venue_name"] = _("An in-person session needs its venue.")
        if errors:
            raise ValidationError(errors)

    # --- what the rules say at a moment ------------------------------------------------------

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def registration_closes(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at

    @property
    def cancellation_closes(self) -> datetime.datetime:
        return self.cancellation_deadline or self.starts_at

    def registration_is_open(self, now: datetime.datetime) -> bool:
        opens = self.registration_opens_at
        return (
            not self.is_cancelled
            and (opens is None or opens <= now)
            and now < (self.registration_closes)
        )

    @property
    def checkin_opens(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(
            minutes=courses_settings.CHECKIN_OPENS_MINUTES_BEFORE
        )

    def checkin_is_open(self, now: datetime.datetime) -> bool:
        """Self check-in works from a little before the start until the end."""
        return not self.is_cancelled and self.checkin_opens <= now < self.ends_at

    def arrival_status(self, now: datetime.datetime) -> str:
        """Present, or Late once the configured minutes after the start have passed."""
        late_after = self.starts_at + datetime.timedelta(
            minutes=courses_settings.CHECKIN_LATE_AFTER_MINUTES
        )
        return AttendanceStatus.LATE if now > late_after else AttendanceStatus.PRESENT


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A learner's place (or place in the queue) at a session. One row per learner and session:
    cancelling keeps the row, registering again reuses it with a new place in the queue."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_registrations",
        verbose_name=_("learner"),
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    # First come, first served: the waitlist is promoted in this order.
    queued_at = models.DateTimeField(_("asked at"))
    registered_at = models.DateTimeField(_("place given at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session registration")
        verbose_name_plural = _("session registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="cds_courses_one_registration")
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at"], name="cds_courses_reg_queue")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class AttendanceStatus(models.TextChoices):
    # Contexts keep these apart from the same English words elsewhere ("Late" for a quiz
    # submitted after its time limit is another Vietnamese word).
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    LATE = "late", pgettext_lazy("attendance", "Late")
    EXCUSED = "excused", pgettext_lazy("attendance", "Excused")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


#: Statuses that count as having attended.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceSource(models.TextChoices):
    SHEET = "sheet", _("Attendance sheet")
    CHECK_IN = "check_in", _("QR check-in")


class AttendanceRecord(models.Model):
    """Whether a learner attended a session, as it stands now (its history: `changes`)."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_attendance",
        verbose_name=_("learner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    source = models.CharField(
        _("recorded through"), max_length=10, choices=AttendanceSource.choices
    )
    # Checked in without a registration (enrolled in the course, but not registered).
    walk_in = models.BooleanField(_("walk-in"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="cds_courses_one_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.session}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


class AttendanceChange(models.Model):
    """One change of an attendance record: append-only, the record's audit trail."""

    record = models.ForeignKey(
        AttendanceRecord,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("attendance record"),
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    source = models.CharField(
        _("recorded through"), max_length=10, choices=AttendanceSource.choices
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.status} ({self.changed_at:%Y-%m-%d %H:%M})"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a learner's calendar feed (all their sessions, as iCalendar).
    Anyone holding the address can read the feed; the learner can replace it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_calendar",
        verbose_name=_("learner"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
