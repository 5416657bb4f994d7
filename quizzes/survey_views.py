"""The survey page of a course: `learning/surveys/<course id>/<pre|post>/`.

Only learners currently enrolled in the course may open it (others get a 403 page). The view
builds the form from the survey's questions and hands the answers to
`survey_services.submit_survey()`, which holds the rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.services import current_enrollment

from . import survey_services
from .exceptions import AlreadySubmitted, SurveyError
from .models import SurveyPhase
from .survey_forms import SurveyForm


@require_http_methods(["GET", "HEAD", "POST"])
def survey_page(request: HttpRequest, course_id: int, phase: str) -> HttpResponse:
    if phase not in SurveyPhase.values:
        raise Http404
    link = survey_services.course_survey(course_id, phase)
    if link is None or not link.course.live:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_url = link.course.get_url(request)
    if current_enrollment(user=request.user, course_id=course_id) is None:
        return TemplateResponse(
            request,
            "quizzes/survey_forbidden.html",
            {"link": link, "course_url": course_url},
            status=403,
        )
    context = {"link": link, "survey": link.survey, "course_url": course_url}
    response_row = survey_services.existing_response(link, request.user)
    if response_row is not None:
        if request.method == "POST":
            messages.info(request, _("You have already answered this survey."))
            return redirect(request.path)
        context["response"] = response_row
        return TemplateResponse(request, "quizzes/survey_page.html", context)

    questions = survey_services.questions_of(link.survey_id)
    form = SurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.submit_survey(link=link, user=request.user, answers=form.answers())
        except AlreadySubmitted as error:
            messages.info(request, str(error))
            return redirect(request.path)
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your answers have been recorded."))
            return redirect(course_url)
    context["form"] = form
    return TemplateResponse(request, "quizzes/survey_page.html", context)
