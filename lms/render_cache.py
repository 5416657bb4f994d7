"""What every visitor sees the same, kept in each web process until the next publish.

The anonymous page cache (`lms.page_cache`) keeps whole pages for visitors who are not logged
in. A logged-in page cannot be kept whole (it shows the person's name, enrollment and ticks),
but most of the work behind it is shared: which page a path leads to, the pages' rows and
view restrictions, a lesson's rendered body. This module keeps such things in a plain
dictionary of the web process (no network round trip, no pickling), tagged with the page
cache's generation number: every publish, unpublish, move, save or deletion of a page (and a
change of a site or of a page's view restrictions) bumps the generation, in the shared cache,
for every process; the first request of a process that sees a new generation drops the whole
dictionary. So nothing in it outlives the content it was made from.

What may go in: only what is the same for everybody who is served the live page in a given
language. Never anything about a person (enrollment, ticks, votes, names), never a preview or
a draft (callers check ``request.is_preview``), and objects handed out to a request are copies
(see `lms.routing`) so that what a request sets on them stays with it.

It follows the page cache: with ``LMS_PAGE_CACHE_SECONDS = 0`` (the test settings) it keeps
nothing, and every request does the work itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

from .conf import lms_settings
from .page_cache import request_generation

T = TypeVar("T")

#: Entries kept per process before the dictionary starts again (a query string or a crawler
#: can make many route keys; a lesson body is a few kilobytes).
MAX_ENTRIES = 5_000

_lock = threading.Lock()
_generation: int | None = None
_entries: dict[Any, Any] = {}


def enabled() -> bool:
    """Whether the shared caches are on (they follow the anonymous page cache)."""
    return bool(lms_settings.PAGE_CACHE_SECONDS)


def entries_for(request: HttpRequest) -> dict[Any, Any] | None:
    """This process's entries for the generation the request sees, or None when off."""
    global _generation, _entries
    if not enabled():
        return None
    generation = request_generation(request)
    if generation != _generation:
        with _lock:
            if generation != _generation:
                _entries = {}
                _generation = generation
    return _entries


def remember(request: HttpRequest, key: Any, make: Callable[[], T]) -> T:
    """The entry `key` of this generation, made with `make()` when missing (and kept, unless
    the cache is off)."""
    entries = entries_for(request)
    if entries is None:
        return make()
    try:
        return entries[key]
    except KeyError:
        pass
    value = make()
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    entries[key] = value
    return value


def clear() -> None:
    """Forget every entry of this process (tests; the generation does it for a running site)."""
    global _generation, _entries
    with _lock:
        _generation = None
        _entries = {}
