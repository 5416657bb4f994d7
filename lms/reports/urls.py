"""URL patterns of Wagtail report views."""

from __future__ import annotations

from django.urls import URLPattern, path


def report_paths(
    route: str, view_class: type, name: str, *, results_name: str | None = None
) -> list[URLPattern]:
    """The page of a report (`route`, `name`) and the view of its results alone
    (`route` + "results/", `name` + "_results" unless `results_name`), which the filters
    call to refresh the results without reloading the page."""
    return [
        path(route, view_class.as_view(), name=name),
        path(
            f"{route}results/",
            view_class.as_view(results_only=True),
            name=results_name or f"{name}_results",
        ),
    ]
