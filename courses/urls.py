"""The learner's actions on courses; mount with ``path("learning/", include("courses.urls"))``
before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/withdraw/", views.withdraw, name="withdraw"),
    path("courses/<int:course_id>/continue/", views.continue_course, name="continue"),
    path(
        "courses/<int:course_id>/lessons/<int:lesson_id>/complete/",
        views.complete_lesson,
        name="complete_lesson",
    ),
]
