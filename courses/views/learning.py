"""The learner's actions on a course: enrol, withdraw, complete a lesson, continue.

Each view finds the pages, calls one `lms.services` function and turns its refusal
(`lms.exceptions`) into a message on the course page, in the person's language. The rules
themselves live in the services and the page models.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms import services
from lms.exceptions import EnrollmentRefused, LmsError, NotEnrolledError
from lms.models import ProgressSource
from lms.outline_hooks import get_outline_extras

from ..models import CoursePage, LessonPage
from ..outline import course_outline
from ..timer import InvalidTimerToken, check_token


def _course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def _login_first(request: HttpRequest, course: CoursePage) -> HttpResponseRedirect:
    # After logging in, come back to the course page: the action itself was a POST.
    return redirect_to_login(course.get_url(request))


def _wants_json(request: HttpRequest) -> bool:
    """The lesson timer posts with fetch(); a form's POST expects a page."""
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


@require_POST
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(course_id)
    if not request.user.is_authenticated:
        return _login_first(request, course)
    try:
        services.enroll(user=request.user, course=course)
    except EnrollmentRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    return redirect(course.get_url(request))


@require_POST
def withdraw(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(course_id)
    if not request.user.is_authenticated:
        return _login_first(request, course)
    enrollment = services.current_enrollment(user=request.user, course_id=course.pk)
    try:
        if enrollment is None:
            raise NotEnrolledError(_("You are not enrolled in this course."))
        services.withdraw(enrollment=enrollment, user=request.user)
    except LmsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You have withdrawn from “%(course)s”. Your progress is kept if you enrol again.")
            % {"course": course.title},
        )
    return redirect(course.get_url(request))


@require_POST
def complete_lesson(request: HttpRequest, course_id: int, lesson_id: int) -> HttpResponse:
    """Record a lesson as completed, by the "Mark as complete" button (a form) or by the
    lesson timer (`source=time` with the page's signed token, posted by fetch())."""
    course = _course(course_id)
    lesson = get_object_or_404(LessonPage.objects.live().child_of(course), pk=lesson_id)
    if not request.user.is_authenticated:
        return _login_first(request, course)
    source = request.POST.get("source", ProgressSource.MANUAL)
    if source not in ProgressSource.values:
        return HttpResponseBadRequest("unknown source")
    if source == ProgressSource.TIME_SPENT:
        try:
            check_token(request.POST.get("token", ""), user_id=request.user.pk, lesson=lesson)
        except InvalidTimerToken as error:
            return HttpResponseBadRequest(str(error))
    try:
        enrollment = services.record_lesson_completed(
            user=request.user, course=course, lesson=lesson, source=source
        )
    except NotEnrolledError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error)}, status=403)
        return TemplateResponse(
            request,
            "courses/not_enrolled.html",
            {"course": course, "message": str(error)},
            status=403,
        )
    if _wants_json(request):
        return JsonResponse(
            {
                "completed": True,
                "progress_percent": enrollment.progress_percent,
                "course_completed": enrollment.is_completed,
            }
        )
    if enrollment.is_completed:
        messages.success(
            request,
            _("Lesson completed. You have completed the course “%(course)s”!")
            % {"course": course.title},
        )
    else:
        messages.success(request, _("Lesson marked as complete."))
    return redirect(lesson.get_url(request))


@require_GET
def continue_course(request: HttpRequest, course_id: int) -> HttpResponse:
    """To the lesson the learner should read next (or, once the required lessons are done, the
    next step an outline extra offers: a quiz not yet passed); to the course page when not
    enrolled."""
    course = _course(course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    enrollment = services.current_enrollment(user=request.user, course_id=course.pk)
    target = None
    if enrollment is not None:
        extras = get_outline_extras(request, course, enrollment)
        target = course.continue_target(course_outline(course, enrollment), enrollment, extras)
    return redirect((target or course).get_url(request))
