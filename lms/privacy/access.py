"""Recording, from admin views, that someone viewed or exported personal data (one INSERT
each: pinned query counts of the views that log include it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from .models import AccessAction
from .services import describe_request, log_access


def screen_name(view: Any) -> str:
    """A view's title in the site's language (the log reads the same whoever looked)."""
    title = getattr(view, "page_title", "") or type(view).__name__
    with translation.override(settings.LANGUAGE_CODE):
        return str(title)


def log_listing(
    request: HttpRequest, view: Any, *, action: str = AccessAction.VIEWED, suffix: str = ""
) -> None:
    """A listing or report of many people, with its filters (page and ordering left out)."""
    name = f"{screen_name(view)}{suffix}"
    what = describe_request(name, request.GET, ignore=("export", "p", "ordering"))
    log_access(actor=request.user, action=action, what=what)


def log_export(request: HttpRequest, view: Any) -> None:
    suffix = f" [{request.GET.get('export', '')}]"
    log_listing(request, view, action=AccessAction.EXPORTED, suffix=suffix)


def log_person(request: HttpRequest, subject: Any, what: str) -> None:
    """One person's details opened."""
    log_access(actor=request.user, subject=subject, action=AccessAction.VIEWED, what=what)
