"""A cache of public Wagtail pages for visitors who are not logged in.

Most people who open the site are not logged in, and every one of them sees the same home page,
catalogue, course and article pages. `AnonymousPageCacheMiddleware` keeps each such page, as
rendered, in Django's default cache for `LMS_PAGE_CACHE_SECONDS` (0 turns it off) and serves it
again without touching the database: one cache round trip (the page and the generation, read
together with ``get_many``), no query.

What is cached, and why that is safe
------------------------------------
A response is stored, and later served, only when nothing in it can belong to one person:

- the request is a GET (HEAD is served from the cache too) to a Wagtail page (the
  ``wagtail_serve`` URL), without an ``Authorization`` header, and neither a preview nor
  another dummy request of Wagtail's (those come at the live page's path);
- the request carries no cookie but the CSRF cookie, the language cookie and those named in
  `LMS_PAGE_CACHE_IGNORED_COOKIES`. So no session cookie (then nobody is logged in, and a
  password-protected page has not been unlocked), no messages cookie (a "you have voted"
  message is not swallowed) and no poll voter cookie (a visitor who voted sees their vote);
- the response is a 200 HTML response that sets no cookie and changes no session, and whose
  ``Cache-Control`` does not say private, no-cache or no-store.

CSRF tokens. Every page of the site holds a form with a CSRF token (the language switcher in
the header; course pages and polls have more). A page whose token was stored as rendered would
hand one visitor's token to every other: their POSTs would fail, and the first visitor's secret
would be public. So before a page is stored, every masked token of this request's secret is
replaced by a placeholder, and a page served from the cache gets a fresh token of the visitor
who asked for it (`get_token()`, which also makes `CsrfViewMiddleware` set that visitor's own
cookie). A page that used the token where it cannot be found (or printed the secret itself) is
not stored; nor is any page that used the token under ``CSRF_USE_SESSIONS``.

Language. The key holds the language `LocaleMiddleware` activated for the request (from the
``django_language`` cookie that the /i18n/setlang/ view sets, else Accept-Language, else
LANGUAGE_CODE), so a visitor who chose English never gets the Vietnamese page. The key also
holds the scheme, host and full path with its query string.

When it is cleared: a generation number
----------------------------------------
Publishing, unpublishing, moving, saving or deleting any page (and publishing or unpublishing
any snippet, such as a poll shown inside pages; saving or deleting a site or a page's view
restriction) bumps one "generation" number kept in the cache, and every entry holds the
generation it was made in: an entry of an older generation is not served. Bumping it makes
every cached page stale at once: a changed article also changes the news index, the home page's
latest articles and the course pages that link to it, and working out which pages show which
would cost more than re-rendering them. The bump happens at once and again when the
transaction commits, so a request that read the old content between the two does not keep it.
If the generation is evicted, it starts again from the current time in milliseconds, so that it
never takes a value it had before.

Staleness. Anything that is not a page or a published snippet (new enrollments, a training
session added to a course, the home page's figures, a poll's vote counts, a poll that closes
at its closing time) shows to visitors who are not logged in up to `LMS_PAGE_CACHE_SECONDS`
late. Logged-in people always get a fresh page.

Several processes or hosts need a shared cache (Redis): with the local-memory cache, each
process keeps its own pages and its own generation, and a publish seen by one process does not
clear the others' pages before they expire. A query string makes a new key: the cache's own
size limit and eviction bound how many pages are kept.

Where it goes in MIDDLEWARE: right after ``CsrfViewMiddleware``. After ``SessionMiddleware``,
``LocaleMiddleware`` and ``CommonMiddleware`` (the language is known, redirects for a missing
slash are done, and they still add ``Vary`` and ``Content-Length`` to a cached page); after
``CsrfViewMiddleware``, which reads the visitor's CSRF cookie and sets it on the way out; before
``AuthenticationMiddleware`` and ``MessageMiddleware`` (a page served from the cache needs no
user, and a cookie the messages framework sets is seen here, so such a page is not stored).

Logged-in pages. A page that is not served from here (a logged-in person, a miss) is still
routed with what this process keeps per generation (`process_view` hands it to
`lms.routing.prefill_route`; `lms.render_cache` says what is kept and why it is safe): the same
generation, read once per request, clears both.

What the time goes to (bench/page_throughput.py, gunicorn with 2 sync workers): a page served
from here costs about what a bare Django view costs through the same middleware, plus the one
round trip to the cache and the CSRF token of the visitor; see bench/results/.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .conf import lms_settings

logger = logging.getLogger(__name__)

#: Response header telling tests and operators what the cache did: "hit" (served from the
#: cache) or "miss" (rendered, then stored). Absent when the page could not be cached.
HEADER = "X-Page-Cache"
#: Bump the version when the shape of a stored entry changes.
KEY_PREFIX = "cds_lms:page-cache:v2"
GENERATION_KEY = "cds_lms:page-cache:generation"
_WAGTAIL_SERVE = "wagtail_serve"
_UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store")
_DROPPED_HEADERS = {"content-length", "set-cookie", HEADER.lower()}
# A masked CSRF token: 64 letters and digits, not inside a longer run of them.
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % (2 * CSRF_SECRET_LENGTH))
# What stands for the CSRF token in a stored page: the hyphens keep it from being a token.
_PLACEHOLDER = b"cds-lms-page-cache-csrf-token"


# --- the generation -----------------------------------------------------------------------


def _fresh_generation() -> int:
    # Milliseconds: larger than any value an earlier generation reached by bumps.
    return time.time_ns() // 1_000_000


def current_generation() -> int:
    """The generation every key holds now (started when missing)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)  # 0 with a cache that keeps nothing
    return value


def request_generation(request: HttpRequest) -> int:
    """The generation, read once per request (the page key and `lms.render_cache` use it)."""
    try:
        return request._lms_page_cache_generation
    except AttributeError:
        generation = request._lms_page_cache_generation = current_generation()
        return generation


def clear_page_cache() -> None:
    """Make every cached page stale, at once, for every process that shares the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): any new one is past the old ones
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def _clear_now_and_on_commit() -> None:
    try:
        clear_page_cache()
        transaction.on_commit(clear_page_cache)
    except Exception:  # an unreachable cache must not stop an editor from publishing
        logger.exception("Could not clear the page cache")


# --- signal handlers (connected by `connect_signals()`, from LmsConfig.ready()) ------------


def content_changed(sender: Any, **kwargs: Any) -> None:
    """A page or a snippet was published or unpublished, or a page moved."""
    _clear_now_and_on_commit()


def page_saved_or_deleted(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    """Any model was saved or deleted: clear the cache when it is a page, a site or a page's
    view restriction. Saves cover pages made or changed by code (the demo seed, scripts), which
    publish no signal; sites and view restrictions decide which page a path leads to and who
    may see it (`lms.routing` keeps both per generation)."""
    from wagtail.models import BaseViewRestriction, Page, Site

    if isinstance(instance, Page | Site | BaseViewRestriction):
        _clear_now_and_on_commit()


def connect_signals() -> None:
    """Clear the page cache whenever a page's public content may have changed."""
    from wagtail import signals as wagtail_signals

    for name in (
        "page_published",
        "page_unpublished",
        "post_page_move",
        "published",
        "unpublished",
    ):
        getattr(wagtail_signals, name).connect(
            content_changed, dispatch_uid=f"cds_lms_page_cache_{name}"
        )
    # Without a sender: a page's post_save and post_delete come from its specific class.
    post_save.connect(page_saved_or_deleted, dispatch_uid="cds_lms_page_cache_post_save")
    post_delete.connect(page_saved_or_deleted, dispatch_uid="cds_lms_page_cache_post_delete")


# --- the middleware -----------------------------------------------------------------------


def _allowed_cookies() -> set[str]:
    return {
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        *lms_settings.PAGE_CACHE_IGNORED_COOKIES,
    }


def is_cacheable_request(request: HttpRequest) -> bool:
    """Whether this request may be answered from the cache (and its response stored): a GET
    or HEAD without credentials and without any cookie that could make the page personal."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    if getattr(request, "is_dummy", False):  # Wagtail's preview request, at the live page's path
        return False
    if not set(request.COOKIES) <= _allowed_cookies():
        return False
    return _routes_to_wagtail(request)


def _routes_to_wagtail(request: HttpRequest) -> bool:
    """Whether the path is served by Wagtail's page view. Only Wagtail pages are stored, and
    any other view (a health check, which must answer without the cache and with a 503 when it
    is down; a feed; an API) is left alone without even a cache read."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.url_name == _WAGTAIL_SERVE


def page_key(request: HttpRequest) -> str:
    """The cache key of this request's page: scheme, host, path, language. (The entry holds
    the generation it was made in: one read, ``get_many``, fetches it with the generation.)"""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language() or ""
    parts = "\n".join([request.scheme, request.get_host(), request.get_full_path(), language])
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def cached_entry(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The entry stored at `key` if it was made in the current generation, read with the
    generation in one round trip (and the generation kept for the rest of the request)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
    request._lms_page_cache_generation = generation
    entry = found.get(key)
    if entry is None or entry.get("generation") != generation:
        return None
    return entry


def _unmask(token: str) -> str:
    """The secret of a masked CSRF token (as `django.middleware.csrf` masks it)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        chars[chars.index(c) - chars.index(m)] for c, m in zip(cipher, mask, strict=True)
    )


def _without_csrf_tokens(request: HttpRequest, content: bytes) -> bytes | None:
    """`content` with this request's CSRF tokens replaced by the placeholder; None when a
    token may remain in it (the page must then not be stored)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:  # get_token() was never called: no token can be in the page
        return content
    used = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    if settings.CSRF_USE_SESSIONS:
        return None if used else content
    found = False

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal found
        if _unmask(match.group().decode()) == secret:
            found = True
            return _PLACEHOLDER
        return match.group()

    content = _TOKEN.sub(replace, content)
    if secret.encode() in content or (used and not found):
        return None
    return content


def entry_for(request: HttpRequest, response: HttpResponse) -> dict[str, Any] | None:
    """What to store of this response, or None when it must not be stored."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != _WAGTAIL_SERVE:
        return None
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _UNCACHEABLE_CONTROLS):
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    user = getattr(request, "user", None)  # no session cookie: no query to know
    if user is not None and user.is_authenticated:
        return None
    content = _without_csrf_tokens(request, response.content)
    if content is None:
        return None
    headers = [(k, v) for k, v in response.items() if k.lower() not in _DROPPED_HEADERS]
    return {"content": content, "headers": headers}


def response_from(entry: dict[str, Any], request: HttpRequest) -> HttpResponse:
    """A stored page as a response to `request`, with this visitor's own CSRF token."""
    content = entry["content"]
    if _PLACEHOLDER in content:
        content = content.replace(_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in entry["headers"]:
        response[name] = value
    patch_vary_headers(response, ("Cookie",))
    response[HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Serve public Wagtail pages to visitors who are not logged in from the cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = lms_settings.PAGE_CACHE_SECONDS
        if not seconds or not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        entry = cached_entry(request, key)
        if entry is not None:
            return response_from(entry, request)
        response = self.get_response(request)
        entry = entry_for(request, response)
        if entry is not None:
            # The generation read before rendering: a page published meanwhile makes it stale.
            entry["generation"] = request_generation(request)
            cache.set(key, entry, seconds)
            response[HEADER] = "miss"
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> None:
        """A Wagtail page that was not served from the cache (a logged-in person, a miss):
        route it with what `lms.routing` keeps per generation, without Wagtail's queries."""
        if lms_settings.PAGE_CACHE_SECONDS and view_func is _wagtail_serve_view():
            from .routing import prefill_route

            prefill_route(request, view_kwargs.get("path", view_args[0] if view_args else ""))
        return None


def _wagtail_serve_view() -> Callable:
    from wagtail.views import serve

    return serve
