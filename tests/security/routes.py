"""The project's URL routes, read from Django's resolver (Wagtail's admin URLs included, with
the routes the project's apps register through hooks), for the table-driven security tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

#: The packages of this project: a route whose view lives in one of them is the project's.
PROJECT_PACKAGES = ("lms", "courses", "quizzes", "certificates", "home", "lmssite")
#: Namespaces of the project's own URL modules.
PROJECT_NAMESPACES = {"lms", "courses", "quizzes", "polls", "certificates", "lms_articles"}
#: Admin URL names and namespaces that the project's viewsets and hooks register start with
#: one of these, even when the view class is Wagtail's (snippets, ModelViewSet generic views).
PROJECT_NAME_PREFIXES = ("cds_", "wagtailsnippets_cds_", "wagtailsnippetchoosers_cds_")

_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}


def _restricted_methods(func: Any) -> set[str] | None:
    """The methods a `require_http_methods` (or `require_POST`, `require_GET`) decorator lets
    through, read from the decorator's closure; None when no such decorator wraps `func`."""
    while func is not None:
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.upper() in HTTP_METHODS for m in value)
            ):
                return {m.upper() for m in value}
        func = getattr(func, "__wrapped__", None)
    return None


def accepted_methods(callback: Any) -> set[str]:
    """The HTTP methods a view answers (beyond a 405)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        initkwargs = getattr(callback, "view_initkwargs", {}) or {}
        names = initkwargs.get("http_method_names", view_class.http_method_names)
        methods = {m.upper() for m in names if hasattr(view_class, m) and m != "options"}
        # A view that answers in `dispatch()` only (no method handlers) takes every method.
        return methods or set(HTTP_METHODS)
    restricted = _restricted_methods(callback)
    return restricted if restricted is not None else set(HTTP_METHODS)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the bare name
    pattern: str  # the full pattern, prefixes included
    module: str  # where the view's callable is defined
    params: tuple[str, ...]  # the names of the URL's arguments (positional groups as "_0"…)
    callback: Any = field(compare=False, repr=False, default=None)

    @property
    def methods(self) -> set[str]:
        return accepted_methods(self.callback)

    @property
    def csrf_exempt(self) -> bool:
        return bool(getattr(self.callback, "csrf_exempt", False))

    @property
    def is_project(self) -> bool:
        first = self.name.split(":", 1)[0]
        last_namespace = self.name.rsplit(":", 1)[0] if ":" in self.name else self.name
        return (
            first in PROJECT_NAMESPACES
            or last_namespace.startswith(PROJECT_NAME_PREFIXES)
            or self.module.split(".", 1)[0] in PROJECT_PACKAGES
        )


def _params(pattern: str) -> tuple[str, ...]:
    named = _CONVERTER.findall(pattern) + _REGEX_GROUP.findall(pattern)
    if named:
        return tuple(dict.fromkeys(named))
    # Unnamed regex groups (Wagtail's documents serve view): count the capturing ones.
    unnamed = len(re.findall(r"\((?!\?)", pattern))
    return tuple(f"_{i}" for i in range(unnamed))


def _walk(resolver: URLResolver, prefix: str = "", namespaces: tuple[str, ...] = ()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            callback = entry.callback
            module = getattr(callback, "view_class", callback).__module__
            name = ":".join(namespaces + (entry.name or f"<unnamed {pattern}>",))
            yield Route(
                name=name,
                pattern=pattern,
                module=module,
                params=_params(pattern),
                callback=callback,
            )


@cache
def all_routes() -> tuple[Route, ...]:
    return tuple(_walk(get_resolver()))


def project_routes() -> dict[str, Route]:
    return {route.name: route for route in all_routes() if route.is_project}


def project_id_routes() -> dict[str, Route]:
    """The project's routes that take an object id or another key (a code, a token…)."""
    return {name: route for name, route in project_routes().items() if route.params}


def project_post_routes() -> dict[str, Route]:
    """The project's routes whose view accepts POST."""
    return {name: route for name, route in project_routes().items() if "POST" in route.methods}
