"""What `courses` holds about a person (session registrations, attendance, the calendar feed),
for their copy of their data and for erasure (`lms.privacy.hooks`)."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from lms.privacy.hooks import ERASE_PERSONAL_DATA_HOOK, PERSONAL_DATA_HOOK, PersonalDataSection

from .models import AttendanceChange, AttendanceRecord, CalendarFeed, Registration


@hooks.register(PERSONAL_DATA_HOOK)
def session_data(user: Any) -> PersonalDataSection:
    registrations = Registration.objects.filter(user=user).select_related("session__course")
    attendance = AttendanceRecord.objects.filter(user=user).select_related("session__course")
    return PersonalDataSection(
        name="training_sessions",
        data={
            "registrations": [
                {
                    "session": r.session.title,
                    "course": r.session.course.title,
                    "starts_at": r.session.starts_at,
                    "status": r.status,
                    "asked_at": r.queued_at,
                    "registered_at": r.registered_at,
                    "cancelled_at": r.cancelled_at,
                }
                for r in registrations
            ],
            "attendance": [
                {
                    "session": a.session.title,
                    "course": a.session.course.title,
                    "starts_at": a.session.starts_at,
                    "status": a.status,
                    "remark": a.remark,
                    "recorded_at": a.recorded_at,
                }
                for a in attendance
            ],
            "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        },
    )


@hooks.register(ERASE_PERSONAL_DATA_HOOK)
def erase_session_data(user: Any) -> None:
    # Attendance stays (it counts towards completion and the statistics); the trainer's free
    # remarks about the person go, and so does the secret address of their calendar.
    AttendanceChange.objects.filter(record__user=user).exclude(remark="").update(remark="")
    AttendanceRecord.objects.filter(user=user).exclude(remark="").update(remark="")
    CalendarFeed.objects.filter(user=user).delete()
