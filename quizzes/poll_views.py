"""A poll's own page and the vote it (or a poll block in a page) posts to.

The vote view finds the poll, works out who votes (the account, or the visitor's voter key),
calls `poll_services.vote()` and turns its refusals into a message: the rules live in the
service. After voting, the person goes back where they voted (`next`, when it is on this site).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import poll_services, voter_keys
from .exceptions import AlreadyVoted, InvalidChoice, PollError, PollLoginRequired
from .models import Poll


def safe_next(request: HttpRequest, fallback: str) -> str:
    """`next` from the form when it points into this site; `fallback` otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_GET
def poll_detail(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_object_or_404(Poll.objects.live(), pk=poll_id)
    state = poll_services.poll_state(
        poll, user=request.user, voter_key=voter_keys.request_voter_key(request, poll.pk)
    )
    return TemplateResponse(request, "quizzes/poll_detail.html", {"poll": poll, "state": state})


@require_POST
def vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Record a vote (POST `choice`, optional `next`); CSRF-protected like every POST."""
    poll = get_object_or_404(Poll.objects.live(), pk=poll_id)
    back = safe_next(request, reverse("polls:detail", args=[poll.pk]))
    try:
        choice_id = int(request.POST.get("choice", ""))
    except ValueError:
        if not request.POST.get("choice"):
            messages.error(request, _("Choose an answer before voting."))
            return redirect(back)
        return HttpResponseBadRequest("invalid choice")

    voter_id = None
    if not request.user.is_authenticated:
        voter_id = voter_keys.voter_id_from(request) or voter_keys.new_voter_id()
    try:
        poll_services.vote(
            poll=poll,
            choice_id=choice_id,
            user=request.user,
            voter_key=voter_keys.voter_key(poll.pk, voter_id) if voter_id else None,
        )
    except InvalidChoice as error:
        return HttpResponseBadRequest(str(error))
    except PollLoginRequired as error:
        messages.info(request, str(error))
        return redirect_to_login(back)
    except AlreadyVoted as error:
        messages.info(request, str(error))
    except PollError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your vote has been recorded."))
    response = redirect(back)
    if voter_id is not None:
        voter_keys.remember_voter(response, voter_id)
    return response
