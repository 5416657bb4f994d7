"""The models of `courses`: course and lesson pages (`pages`), and blended delivery —
training sessions, registrations, attendance (`sessions`)."""

from .pages import (
    CourseCriterion,
    CourseIndexPage,
    CoursePage,
    DeliveryMode,
    EnrollmentPolicy,
    LessonPage,
)
from .sessions import (
    ATTENDED,
    AttendanceChange,
    AttendanceRecord,
    AttendanceSource,
    AttendanceStatus,
    CalendarFeed,
    Registration,
    RegistrationStatus,
    SessionKind,
    TrainingSession,
)

__all__ = [
    "ATTENDED",
    "AttendanceChange",
    "AttendanceRecord",
    "AttendanceSource",
    "AttendanceStatus",
    "CalendarFeed",
    "CourseCriterion",
    "CourseIndexPage",
    "CoursePage",
    "DeliveryMode",
    "EnrollmentPolicy",
    "LessonPage",
    "Registration",
    "RegistrationStatus",
    "SessionKind",
    "TrainingSession",
]
