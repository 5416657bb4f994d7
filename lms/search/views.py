"""The search page at /search/: courses, lessons and articles."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.views.generic import TemplateView

from .folding import query_terms
from .forms import SearchForm
from .query import MAX_TERMS, search


class SearchView(TemplateView):
    """GET `q` (the words) and `kind` (course, lesson, article…): one page of hits.

    No search runs for empty words, nor for words refused by the form (too long); the page
    then shows a prompt or the form's message. Words of punctuation only are a search that
    finds nothing."""

    template_name = "lms/search/results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = SearchForm(_without_nul(self.request.GET))
        form.is_valid()
        # A refused field is missing from `cleaned_data`: no words, or every kind.
        query = form.cleaned_data.get("q", "")
        terms, terms_left_out = query_terms(query, limit=MAX_TERMS)
        outcome = None
        if query:  # even without words (":"): the page then says "0 results"
            outcome = search(
                self.request,
                terms=terms,
                kind=form.cleaned_data.get("kind", ""),
                page_number=self.request.GET.get("page"),
            )
        return super().get_context_data(
            form=form,
            query=query,
            searched=bool(query),
            terms=terms,
            terms_left_out=terms_left_out,
            max_terms=MAX_TERMS,
            outcome=outcome,
            page_range=(
                outcome.page.paginator.get_elided_page_range(outcome.page.number, on_ends=1)
                if outcome
                else []
            ),
            **kwargs,
        )


def _without_nul(data: QueryDict) -> QueryDict:
    """`data` with every NUL in the words read as a space.

    A NUL is never meant (a pasted binary, a probe); Django's form would refuse it with a
    message its Vietnamese catalogue leaves in English, and PostgreSQL refuses it in a string.
    """
    values = data.getlist("q")
    if not any("\x00" in value for value in values):
        return data
    data = data.copy()
    data.setlist("q", [value.replace("\x00", " ") for value in values])
    return data
