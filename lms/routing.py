"""Page routing that costs one query per level of the URL instead of two, and none at all for
a path already routed in this generation (`prefill_route`)."""

from __future__ import annotations

import copy

from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult


class DeferredSpecificRouteMixin:
    """Route to a child page with one query.

    Wagtail's default fetches the child's base row, then its specific row (`.specific`). A page
    between the site root and a course (a home page, a section) only passes the rest of the path
    on, so its child is handed over as `specific_deferred`: the specific class, with its own
    fields loaded only if the child's `route()` or template reads them.
    """

    def route(self, request, path_components):
        if path_components:
            try:
                child = self.get_children().get(slug=path_components[0])
            except Page.DoesNotExist as error:
                raise Http404 from error
            child._cached_parent_obj = self  # as Wagtail does: get_parent() without a query
            return child.specific_deferred.route(request, path_components[1:])
        return super().route(request, path_components)


# --- routes kept per generation (lms.render_cache) -------------------------------------------


def prefill_route(request: HttpRequest, path: str) -> None:
    """Give Wagtail's `serve` view the Site and the page of this GET from what this process
    keeps per generation (`lms.render_cache`), so that it routes without a query.

    Wagtail reads both from the request when they are there (``request._wagtail_site``,
    ``request._wagtail_route_for_request``). The first request of a generation routes as usual
    and keeps a copy of its result; the next ones each get their own copy of it (what a view
    sets on a page stays with its request), with the page's view restrictions as they were read
    then (Wagtail's `check_view_restrictions` still asks each of them whether this request is
    let in: passwords and logins are checked per request). Wagtail's site root paths (for page
    URLs) come from the same entries. Only plain page routes are kept
    (no arguments for `serve()`, such as a RoutablePageMixin's sub-pages: their routing may
    set things on the request), and only for GET and HEAD.
    """
    from . import render_cache

    if request.method not in ("GET", "HEAD") or hasattr(request, "_wagtail_route_for_request"):
        return
    entries = render_cache.entries_for(request)
    if entries is None:
        return
    hostname = split_domain_port(request._get_raw_host())[0]
    site_key = ("site", hostname, request.get_port())
    try:
        site = entries[site_key]
    except KeyError:
        site = entries[site_key] = Site._find_for_request(request)
    if site is None:
        return
    request._wagtail_site = copy.copy(site)  # its own, as for the pages below
    # Where each site's pages start, for page URLs: Wagtail reads it from the cache once per
    # request; a tuple of named tuples, kept here per generation instead.
    try:
        request._wagtail_cached_site_root_paths = entries["site-root-paths"]
    except KeyError:
        paths = entries["site-root-paths"] = Site.get_site_root_paths()
        request._wagtail_cached_site_root_paths = paths
    route_key = ("route", site.pk, get_language(), path)
    kept = entries.get(route_key)
    if kept is None:
        result = Page.route_for_request(request, path)  # as Wagtail would, then kept
        if result is not None and not result.args and not result.kwargs:
            page = result.page
            restrictions = list(page.get_view_restrictions())
            entries[route_key] = (_copy_page(page), restrictions)
        return
    page, restrictions = kept
    page = _copy_page(page)
    # This copy's restrictions: the rows read for this generation (a list, as the hook iterates).
    page.get_view_restrictions = lambda: restrictions
    request._wagtail_route_for_request = RouteResult(page)


def _copy_page(page: Page) -> Page:
    """A copy of a kept page (and of its cached parent) for one request. `copy.copy` gives a
    model its own field values and related-object cache; the cached ``specific`` would point
    back at the kept page, so it is dropped (a specific page is its own ``specific``)."""
    clone = copy.copy(page)
    for name in ("specific", "specific_deferred"):
        clone.__dict__.pop(name, None)
    parent = page.__dict__.get("_cached_parent_obj")
    if parent is not None:
        clone._cached_parent_obj = _copy_page(parent)
    return clone
