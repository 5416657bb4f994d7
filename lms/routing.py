"""Page routing that costs one query per level of the URL instead of two."""

from __future__ import annotations

from django.http import Http404
from wagtail.models import Page


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
