"""The learner's and the trainer's actions on courses; mount with
``path("learning/", include("courses.urls"))`` before Wagtail's catch-all."""

from django.urls import path

from .views import attendance, calendar, learning, sessions

app_name = "courses"

urlpatterns = [
    path("courses/<int:course_id>/enrol/", learning.enrol, name="enrol"),
    path("courses/<int:course_id>/withdraw/", learning.withdraw, name="withdraw"),
    path("courses/<int:course_id>/continue/", learning.continue_course, name="continue"),
    path(
        "courses/<int:course_id>/lessons/<int:lesson_id>/complete/",
        learning.complete_lesson,
        name="complete_lesson",
    ),
    # Blended delivery: the learner's side.
    path("sessions/<int:session_id>/register/", sessions.register, name="session_register"),
    path("sessions/<int:session_id>/cancel/", sessions.cancel, name="session_cancel"),
    path("sessions/<int:session_id>/check-in/", sessions.check_in, name="session_checkin"),
    path("sessions/<int:session_id>/calendar.ics", calendar.session_ics, name="session_ics"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar_feed"),
    path("calendar/reset/", calendar.reset_feed, name="calendar_feed_reset"),
    # Blended delivery: the trainer's side.
    path("sessions/<int:session_id>/attendance/", attendance.sheet, name="attendance_sheet"),
    path(
        "sessions/<int:session_id>/attendance/all-present/",
        attendance.all_present,
        name="attendance_all_present",
    ),
    path(
        "sessions/<int:session_id>/attendance.<str:fmt>",
        attendance.export,
        name="attendance_export",
    ),
    path(
        "sessions/<int:session_id>/sign-in-sheet.pdf",
        attendance.signin_sheet,
        name="signin_sheet",
    ),
    path(
        "sessions/<int:session_id>/check-in-screen/",
        attendance.checkin_screen,
        name="checkin_screen",
    ),
    path(
        "sessions/<int:session_id>/check-in-screen/code/",
        attendance.checkin_code,
        name="checkin_code",
    ),
]
