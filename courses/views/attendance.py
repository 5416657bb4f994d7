"""The trainer's side of a training session: the attendance sheet, "mark all present", the
check-in screen for the projector (and the code it refreshes), the printable sign-in sheet and
the attendance export.

Every view needs a login and is for the session's own trainers and for administrators
(`services.can_take_attendance`): anyone else gets 403, an unknown session 404. Views only
find the session, call one function of `courses.services` or of the sheet modules
(`courses.attendance_sheet`, `courses.signin_sheet`, `courses.attendance_export`) and turn the
outcome into messages or a response.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.exceptions import PdfRenderError

from .. import checkin, services
from ..attendance_export import FORMATS, export_response
from ..attendance_sheet import (
    LEARNER_FIELD,
    REMARK_MAX_LENGTH,
    build_sheet,
    checked_in_count,
    save_sheet,
)
from ..conf import courses_settings
from ..exceptions import AttendanceNotPermitted, CheckInRefused
from ..models import AttendanceStatus, TrainingSession
from ..signin_sheet import render_signin_sheet


def _session(request: HttpRequest, session_id: int) -> TrainingSession:
    """The session, with its course, if `request.user` takes its attendance: 404 for an
    unknown session, 403 for anyone but its trainers and administrators."""
    session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=session_id)
    if not services.can_take_attendance(request.user, session):
        raise PermissionDenied(_("Only the session's trainers can take its attendance."))
    return session


def _sheet_url(session: TrainingSession) -> str:
    return reverse("courses:attendance_sheet", args=[session.pk])


# --- the attendance sheet -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    """GET: the sheet, one card per learner. POST: save the rows the trainer changed, report
    rows someone else changed meanwhile (kept as they are), then back to the sheet."""
    session = _session(request, session_id)
    if request.method == "POST":
        try:
            outcome = save_sheet(session=session, data=request.POST, by=request.user)
        except AttendanceNotPermitted as error:  # lost the trainer role meanwhile
            raise PermissionDenied(str(error)) from error
        for problem in outcome.problems:
            messages.error(request, problem)
        for conflict in outcome.conflicts:
            messages.warning(request, conflict)
        if outcome.saved or not (outcome.problems or outcome.conflicts):
            messages.success(request, outcome.summary())
        return redirect(_sheet_url(session))
    attendance = build_sheet(session)
    return TemplateResponse(
        request,
        "courses/sessions/attendance_sheet.html",
        {
            "session": session,
            "course": session.course,
            "sheet": attendance,
            "rows": attendance.rows,
            "counts": attendance.counts(),
            "statuses": AttendanceStatus.choices,
            "learner_field": LEARNER_FIELD,
            "remark_max_length": REMARK_MAX_LENGTH,
            "formats": FORMATS,
        },
    )


@login_required
@require_POST
def all_present(request: HttpRequest, session_id: int) -> HttpResponse:
    """Mark every registered learner without a record as present; recorded statuses stay."""
    session = _session(request, session_id)
    try:
        marked = services.mark_all_present(session=session, by=request.user)
    except AttendanceNotPermitted as error:
        raise PermissionDenied(str(error)) from error
    messages.success(
        request,
        ngettext(
            "%(count)d learner marked present; statuses already recorded were kept.",
            "%(count)d learners marked present; statuses already recorded were kept.",
            marked,
        )
        % {"count": marked},
    )
    return redirect(_sheet_url(session))


# --- the check-in screen ------------------------------------------------------------------------


def _checkin_state(request: HttpRequest, session: TrainingSession) -> dict:
    """What the check-in screen shows now: the code of this step, its absolute URL and QR code
    (inline SVG), the seconds until the next code, how many checked in; or, outside the
    check-in window, only why (`refusal`) and the count."""
    now = timezone.now()
    state: dict = {"checked_in": checked_in_count(session)}
    try:
        checkin.check_window(session, now)
    except CheckInRefused as refusal:
        state["refusal"] = str(refusal)
        return state
    code = checkin.make_code(session.pk, checkin.current_step(now))
    path = reverse("courses:session_checkin", args=[session.pk])
    url = request.build_absolute_uri(f"{path}?{urlencode({'code': code})}")
    # A fixed mask: any of the eight is valid, and searching for the "best" one is most of
    # the encoding time (see lms.pdf.qr_code_data_uri).
    qr = segno.make(url, error="m", micro=False, mask=2, boost_error=False)
    state.update(
        code=code,
        url=url,
        # Markup segno builds from our own URL: nothing a person typed.
        svg=qr.svg_inline(scale=1, border=2, omitsize=True, title=_("Check-in QR code")),
        expires_in=checkin.seconds_left(now),
    )
    return state


@login_required
@require_GET
@never_cache
def checkin_screen(request: HttpRequest, session_id: int) -> HttpResponse:
    """A full-screen page for a projector or a tablet: the QR code learners scan to check
    in, renewed by ``courses/js/checkin-screen.js`` from `checkin_code`."""
    session = _session(request, session_id)
    state = _checkin_state(request, session)
    return TemplateResponse(
        request,
        "courses/sessions/checkin_screen.html",
        {
            "session": session,
            "course": session.course,
            "state": state,
            "qr_svg": mark_safe(state.get("svg", "")),  # noqa: S308 - built by segno, above
            "code_seconds": courses_settings.CHECKIN_CODE_SECONDS,
        },
    )


@login_required
@require_GET
@never_cache
def checkin_code(request: HttpRequest, session_id: int) -> JsonResponse:
    """The screen's current code as JSON: ``code``, ``url``, ``svg``, ``expires_in`` (seconds)
    and ``checked_in``; 409 with ``error`` (and ``checked_in``) outside the check-in window,
    403 with ``error`` for anyone but the session's trainers and administrators."""
    try:
        session = _session(request, session_id)
    except PermissionDenied as denied:
        return JsonResponse({"error": str(denied)}, status=403)
    state = _checkin_state(request, session)
    if "refusal" in state:
        return JsonResponse(
            {"error": state["refusal"], "checked_in": state["checked_in"]}, status=409
        )
    return JsonResponse(state)


# --- printouts and downloads --------------------------------------------------------------------


@login_required
@require_GET
def signin_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    """The printable A4 sign-in sheet of the registered learners, as a PDF download."""
    session = _session(request, session_id)
    try:
        data = render_signin_sheet(session)
    except PdfRenderError:
        messages.error(request, _("The sign-in sheet could not be made. Try again later."))
        return redirect(_sheet_url(session))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sign-in-{session.pk}.pdf"'
    return response


@login_required
@require_GET
def export(request: HttpRequest, session_id: int, fmt: str) -> HttpResponse:
    """The attendance of every learner on the sheet as ``attendance-<id>.csv`` or ``.xlsx``."""
    if fmt not in FORMATS:
        raise Http404
    session = _session(request, session_id)
    return export_response(session, fmt)
