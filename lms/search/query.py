"""Running a site search: which pages, whose enrolments, which hits are shown.

Read-only; the view only parses the query (`lms.search.forms`) and renders what `search()`
returns. Work is bounded: at most `MAX_TERMS` words, at most `MAX_RESULTS` hits, and a fixed
number of queries whatever the number of hits (see `search()`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Page, get_page_models

from lms.models import Enrollment

from .indexing import SearchResult, is_searchable

RESULTS_PER_PAGE = 10
# Hits fetched for one search, best first: enough pages to browse, a bound on the work.
MAX_RESULTS = 100
# Words of a query used; the others are left out (and the person told).
MAX_TERMS = 10


def searchable_page_models() -> list[type[Page]]:
    """The page types site search covers: every page model that gives folded text and
    describes its hits (`lms.search.indexing.is_searchable`), whatever app defines it."""
    return [model for model in get_page_models() if is_searchable(model)]


def search_kinds() -> dict[str, type[Page]]:
    """The values of the `kind` filter, each with its page type, in app order."""
    return {model.get_search_kind(): model for model in searchable_page_models()}


def enrolled_course_ids(user: AbstractBaseUser | AnonymousUser) -> frozenset[int]:
    """Ids of the courses `user` is enrolled in (in progress or completed): one query, none
    for an anonymous visitor."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Enrollment.objects.current().filter(user=user).values_list("course_id", flat=True)
    )


@dataclass
class SearchOutcome:
    """The hits shown, one page of them: the paginator's page over the hits this person may
    see, what each hit of the page looks like, how many hits were left out because they matched
    only text the person may not read, and whether there were more than `MAX_RESULTS` hits."""

    page: PaginatorPage
    results: list[SearchResult] = field(default_factory=list)
    hidden: int = 0
    truncated: bool = False


def search(
    request: HttpRequest,
    *,
    terms: Sequence[str],
    kind: str = "",
    page_number: str | int | None = None,
) -> SearchOutcome:
    """The hits of folded `terms` (all of them must match) among live public pages of the
    searchable types (of `kind` only, if given), best first, one page of them.

    The best `MAX_RESULTS` hits are fetched at once, and those that matched only text this
    person may not read (a lesson's body, for people not enrolled in its course) are dropped
    before paginating: every page is full and the count is the count of what they may see.
    Hits with the words in their title come first.

    Queries, whatever the number of hits: the person's enrolments (when logged in), the view
    restrictions (`public()`), the hits (base rows, then one query per page type among them),
    their parents, and the request's Site for their URLs (only when something is shown).
    """
    kinds = search_kinds()
    models = [kinds[kind]] if kind in kinds else list(kinds.values())
    if not models or not terms:
        return SearchOutcome(page=Paginator([], RESULTS_PER_PAGE).get_page(1))
    enrolled = enrolled_course_ids(request.user)
    hits = list(
        Page.objects.live()
        .public()
        .type(*models)
        .specific()
        .search(" ".join(terms), operator="and")[: MAX_RESULTS + 1]
    )
    truncated = len(hits) > MAX_RESULTS
    hits = hits[:MAX_RESULTS]
    _attach_parents(hits)
    shown = [hit for hit in hits if hit.search_is_visible(terms, enrolled)]
    # Hits with more of the words in their title first; a stable sort keeps the database's
    # order of relevance among equals.
    shown.sort(key=lambda hit: -hit.search_title_score(terms))
    page = Paginator(shown, RESULTS_PER_PAGE).get_page(page_number)
    return SearchOutcome(
        page=page,
        results=[hit.search_result(request, terms, enrolled) for hit in page.object_list],
        hidden=len(hits) - len(shown),
        truncated=truncated,
    )


def _attach_parents(pages: Collection[Page]) -> None:
    """Give each page its parent (the base row, in one query), so that `get_parent()` costs
    nothing while the hits are checked and described."""
    step = Page.steplen
    parent_paths = {page.path[:-step] for page in pages if page.depth > 1}
    parents = {
        parent.path: parent
        for parent in Page.objects.filter(path__in=parent_paths).only(
            "pk", "path", "depth", "title", "content_type_id"
        )
    }
    for page in pages:
        page._cached_parent_obj = parents.get(page.path[:-step])
