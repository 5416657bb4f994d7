"""Polls and course surveys for people on the site; mount with
``path("learning/", include("quizzes.poll_urls"))`` before Wagtail's catch-all."""

from django.urls import path

from . import poll_views, survey_views

app_name = "polls"

urlpatterns = [
    path("polls/<int:poll_id>/", poll_views.poll_detail, name="detail"),
    path("polls/<int:poll_id>/vote/", poll_views.vote, name="vote"),
    path("surveys/<int:course_id>/<str:phase>/", survey_views.survey_page, name="survey"),
]
