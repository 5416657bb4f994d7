"""Rate limits of the pages where a guess or a flood costs something: logging in (the public
form and the Wagtail admin's), registering, asking for a password reset, checking in.

Why django-ratelimit and not django-axes: axes locks an *account* after N failures, which lets
anyone lock a civil servant out of their training by typing their email with wrong passwords,
and it adds a model, a middleware and an authentication backend to every host project. What we
want is to slow guessing down, not to lock anybody out: counters per client IP and per
submitted username or email, in fixed windows (django-ratelimit, already a dependency of the
certificate verification pages), that expire by themselves. A per-username limit still lets an
attacker delay that person's login for one window while the attack goes on: that is the price
of stopping a guesser who spreads over many IPs, and it is bounded by the window (a minute).

Every limited POST counts, right or wrong (an attempt over the limit with the right password
is refused too, or the limit would tell a guesser when they hit). Over a limit, the view shows
its page again with `Refusal.message`, with HTTP status 429 and a ``Retry-After`` header, and
does nothing else: no login attempt, no email, no check-in. GETs are never limited.

Rates are `LMS_RATE_LIMITS` (see `lms.conf`): per action, per key kind, a django-ratelimit
rate ("5/m", "3/h"; None: no limit). Key kinds: ``ip`` (the client's address, `client_ip`),
``user`` (the signed-in account) and ``username`` / ``email`` (the value typed in the form,
stripped and lower-cased, stored hashed by django-ratelimit).

The counters live in the default cache: local memory in development and tests (one process),
Redis in production (settings/production.py), so that every web worker on every host shares
them. ``RATELIMIT_ENABLE = False`` switches every limit off (a load test from one address).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from .conf import DEFAULTS, lms_settings

IDENTITY_KINDS = ("username", "email")


def client_ip(request: HttpRequest) -> str:
    """The address of the client, as every rate limit of the site counts it.

    ``REMOTE_ADDR``, unless `LMS_TRUSTED_PROXY_COUNT` (N) proxies that append to
    ``X-Forwarded-For`` stand in front of the application: then the N-th address from the
    right of that header, the one the outermost trusted proxy saw. Addresses further left
    were written by the client and are never believed. Set ``RATELIMIT_IP_META_KEY =
    "lms.ratelimits.client_ip"`` so that django-ratelimit's ``key="ip"`` (the certificate
    verification pages) follows the same rule.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = lms_settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            candidate = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # garbage in the header: count it against the proxy's address
    if not remote:
        # What django-ratelimit says too: a proxy talking to the app over a Unix socket.
        raise ImproperlyConfigured(
            "The client's address is unknown (empty REMOTE_ADDR): set LMS_TRUSTED_PROXY_COUNT "
            "to the number of proxies that append it to X-Forwarded-For."
        )
    return remote


def rules(action: str) -> dict[str, str | None]:
    """The rates of `action` by key kind: the project's `LMS_RATE_LIMITS` entry for it, else
    the default (an entry replaces the default's whole entry)."""
    configured = lms_settings.RATE_LIMITS
    if action in configured:
        return dict(configured[action])
    return dict(DEFAULTS["RATE_LIMITS"].get(action, {}))


@dataclass(frozen=True)
class Refusal:
    """An attempt over a limit: what to tell the person, and when to try again."""

    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        return ngettext(
            "Too many attempts. Please try again in %(minutes)d minute.",
            "Too many attempts. Please try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}

    def show_on(self, form: forms.BaseForm) -> None:
        """Make `form` (bound to the refused POST) show the message and nothing else. It is
        never cleaned: cleaning the login form would try the password."""
        form.cleaned_data = {}
        form._errors = ErrorDict()
        form.add_error(None, self.message)

    def apply_to(self, response: HttpResponse) -> HttpResponse:
        response.status_code = 429
        response["Retry-After"] = str(self.retry_after)
        return response


def _key(kind: str, request: HttpRequest, identity: str | None) -> Callable | str | None:
    if kind == "ip":
        return "ip"
    if kind == "user":
        if not request.user.is_authenticated:
            return None
        pk = str(request.user.pk)
        return lambda _group, _request: pk
    if kind in IDENTITY_KINDS:
        value = (identity or "").strip().lower()
        if not value:
            return None  # nothing typed: the IP rule still counts the attempt
        return lambda _group, _request: value
    raise ValueError(f"Unknown rate limit key kind {kind!r} (LMS_RATE_LIMITS)")


def check(request: HttpRequest, action: str, *, identity: str | None = None) -> Refusal | None:
    """Count one attempt at `action` against each of its rules; a `Refusal` when any rule is
    over its rate (every rule counts the attempt, over or not), else None.

    `identity`: the username or email typed, for the ``username``/``email`` rules.
    """
    refused: list[int] = []
    for kind, rate in rules(action).items():
        key = _key(kind, request, identity)
        if not rate or key is None:
            continue
        usage = get_usage(
            request, group=f"lms.{action}.{kind}", key=key, rate=rate, method=ALL, increment=True
        )
        if usage is not None and usage["should_limit"]:
            refused.append(max(usage["time_left"], 1))
    return Refusal(retry_after=max(refused)) if refused else None


class RateLimitedFormMixin:
    """For form views (FormView, Django's auth views, Wagtail's): each POST counts against
    `rate_limit_action`; over the limit the page is shown again, the form carrying the
    message, with status 429, and the view does nothing else."""

    rate_limit_action: str = ""
    # The POST field holding the username or email, for the per-username/email rule.
    rate_limit_identity_field: str | None = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        field = self.rate_limit_identity_field
        identity = request.POST.get(field, "") if field else None
        refusal = check(request, self.rate_limit_action, identity=identity)
        if refusal is not None:
            form = self.get_form()
            refusal.show_on(form)
            return refusal.apply_to(self.render_to_response(self.get_context_data(form=form)))
        return super().post(request, *args, **kwargs)
