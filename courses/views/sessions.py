"""The learner's side of blended delivery: register for a session, cancel, check in.

Registering and cancelling are POSTs from the course page's sessions section: each calls one
`courses.services` function and tells the outcome (or the refusal) with a message on the course
page. Check-in is the page the QR code on the trainer's screen opens: GET reads the code and
shows a confirmation (it never writes); the confirmation POSTs a *grant* (see
`courses.checkin`), so a learner who must log in first still checks in after the code itself
has expired.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms import ratelimits

from .. import checkin, services
from ..exceptions import CheckInRefused, RegistrationRefused
from ..models import RegistrationStatus, TrainingSession

CHECKIN_TEMPLATE = "courses/sessions/check_in.html"


def _session(session_id: int) -> TrainingSession:
    """A session of a live course (cancelled ones too: the services say why not)."""
    return get_object_or_404(
        TrainingSession.objects.select_related("course").filter(course__live=True), pk=session_id
    )


def _back_to_course(request: HttpRequest, session: TrainingSession) -> HttpResponseRedirect:
    return redirect(f"{session.course.get_url(request)}#sessions")


@require_POST
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    """Take a place at the session, or a place on its waitlist when it is full."""
    session = _session(session_id)
    if not request.user.is_authenticated:
        # After logging in, back to the sessions: the action itself was a POST.
        return redirect_to_login(f"{session.course.get_url(request)}#sessions")
    try:
        registration = services.register(session=session, user=request.user)
    except RegistrationRefused as error:
        messages.error(request, str(error))
        return _back_to_course(request, session)
    if registration.status == RegistrationStatus.REGISTERED:
        messages.success(
            request,
            _("You have a place at “%(session)s”. See you there!") % {"session": session.title},
        )
    else:
        messages.info(
            request,
            _(
                "“%(session)s” is full: you are on the waitlist, in position %(position)d. "
                "You will be emailed if a place becomes free."
            )
            % {"session": session.title, "position": services.waitlist_position(registration)},
        )
    return _back_to_course(request, session)


@require_POST
def cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    """Give up a place (until the cancellation deadline) or leave the waitlist."""
    session = _session(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{session.course.get_url(request)}#sessions")
    try:
        services.cancel_registration(session=session, user=request.user)
    except RegistrationRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your registration for “%(session)s” is cancelled.") % {"session": session.title},
        )
    return _back_to_course(request, session)


def _checkin_url(session: TrainingSession, grant: str = "") -> str:
    url = reverse("courses:session_checkin", args=[session.pk])
    return f"{url}?{urlencode({'grant': grant})}" if grant else url


def _checkin_page(
    request: HttpRequest, session: TrainingSession, *, status: int = 200, **context
) -> TemplateResponse:
    context.setdefault("grant", "")
    if context["grant"] and not request.user.is_authenticated:
        # Logging in brings the person back to this page with the grant, to confirm.
        context["login_url"] = redirect_to_login(_checkin_url(session, context["grant"])).url
    return TemplateResponse(
        request, CHECKIN_TEMPLATE, {"session": session, **context}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def check_in(request: HttpRequest, session_id: int) -> HttpResponse:
    """GET ``?code=`` (a scanned code) or ``?grant=`` (back from logging in): check it and show
    the confirmation, or why not (HTTP 400); anyone may open it and nothing is written.
    POST ``grant`` or a typed ``code``: check the person in (login required)."""
    session = _session(session_id)
    if request.method == "POST":
        return _check_in(request, session)
    code = request.GET.get("code", "").strip()
    grant = request.GET.get("grant", "").strip()
    if not code and not grant:
        return _checkin_page(request, session)
    now = timezone.now()
    try:
        if grant:
            checkin.read_grant(grant, session=session)
            checkin.check_window(session, now)
        else:
            checkin.read_code(code, session=session, now=now)
            grant = checkin.make_grant(session.pk)
    except CheckInRefused as error:
        return _checkin_page(request, session, refusal=str(error), status=400)
    return _checkin_page(request, session, grant=grant)


def _check_in(request: HttpRequest, session: TrainingSession) -> HttpResponse:
    grant = request.POST.get("grant", "").strip()
    code = request.POST.get("code", "").strip()
    if not request.user.is_authenticated:
        return redirect_to_login(_checkin_url(session, grant))
    # Per person and per client IP (lms.ratelimits, action "check_in"); wrong codes count too.
    refusal = ratelimits.check(request, "check_in")
    if refusal is not None:
        return refusal.apply_to(_checkin_page(request, session, refusal=refusal.message))
    try:
        record = services.check_in(session=session, user=request.user, code=code, grant=grant)
    except CheckInRefused as error:
        return _checkin_page(request, session, refusal=str(error), status=400)
    return _checkin_page(request, session, record=record)
