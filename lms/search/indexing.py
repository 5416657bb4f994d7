"""How a page takes part in site search: `FoldedSearchMixin`.

A searchable page declares where its text is (`folded_fields`, and `private_folded_fields` for
text only some people may read), lists the folded fields in its `search_fields`, and may
override how a hit is described (`search_result()`) or who reads its private text
(`search_may_read_private()`)::

    class LessonPage(FoldedSearchMixin, Page):
        folded_fields = ("title", "search_description")
        private_folded_fields = ("body",)
        search_fields = Page.search_fields + folded_search_fields(private=True)

Wagtail indexes the folded text when the page is saved (and `manage.py update_index` rebuilds
it), next to whatever else `search_fields` lists for the admin's own search.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, ClassVar, TypedDict

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText, get_text_for_indexing
from wagtail.search import index

from .folding import excerpt, fold_words, highlight, index_text

# A place a page's text is read from: an attribute name (a model field, a property or a
# method without arguments), or a function of the page.
TextSource = str | Callable[[Any], Any]


class SearchResult(TypedDict):
    """What the results page shows of one hit; `title`, `context` and `snippet` are escaped
    HTML with the matched words in `<mark>`."""

    page: Any
    kind: str
    kind_label: str
    url: str
    title: SafeString
    context_label: str
    context: SafeString
    snippet: SafeString


def folded_search_fields(*, private: bool = False) -> list[index.SearchField]:
    """The `search_fields` entries that index a `FoldedSearchMixin` page's folded text: its
    public text and, with `private`, its private text. Add them to the page's other search
    fields."""
    fields = [index.SearchField("search_folded")]
    if private:
        fields.append(index.SearchField("search_folded_private"))
    return fields


# What site search calls on a page type and its hits (`lms.search.query`).
SEARCH_METHODS = (
    "search_folded",
    "search_is_visible",
    "search_title_score",
    "search_result",
    "get_search_kind",
    "get_search_kind_label",
)


def is_searchable(model: type) -> bool:
    """Whether pages of `model` take part in site search: they give folded text, say which
    hits to show and describe them (the duck type of `FoldedSearchMixin`)."""
    return all(callable(getattr(model, name, None)) for name in SEARCH_METHODS)


def stream_text(value: Any) -> str:
    """The words of a StreamField value: its text, rich text (tags stripped) and the text of
    structs and lists inside it. Read from the raw JSON, so that images, documents and pages
    the blocks choose are not loaded (no query); blocks with `search_index=False` are left out.
    """
    block = getattr(value, "stream_block", None)
    if block is None:
        return ""
    return " ".join(part for part in _block_text(block, list(value.raw_data)) if part)


def _block_text(block: blocks.Block, raw: Any) -> Iterator[str]:
    if raw is None or not getattr(block, "search_index", True):
        return
    if isinstance(block, blocks.RichTextBlock):
        yield get_text_for_indexing(str(raw))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield str(raw)
    elif isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from _block_text(child_block, child.get("value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_text(child_block, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Lists are saved as [{"type": "item", "value": …, "id": …}], older ones as values.
            is_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            yield from _block_text(block.child_block, item["value"] if is_item else item)
    # Other blocks (choosers, embeds, numbers, dates, tables) hold no words to search.


def _page_class(page: Any) -> type:
    """The specific class of `page`, read from its content type (cached: no query)."""
    return page.specific_class or type(page)


class FoldedSearchMixin:
    """A page found by site search, through its text folded to ASCII words (see
    `lms.search.folding`): "chuyen doi so" finds "Chuyển đổi số".

    Override points: `folded_fields` and `private_folded_fields` (where the text is),
    `search_may_read_private()` (who may read the private text), `search_result()` (how a hit
    is shown), `search_kind` (the name of the `kind` filter, else the model name without
    "page"), `search_snippet_length`.
    """

    # Text anyone may read: attribute names or functions of the page. The title comes first.
    folded_fields: ClassVar[Sequence[TextSource]] = ("title", "search_description")
    # Text for some people only (a lesson's body: for its course's learners). A hit that only
    # this text matches is not shown to the others; it is never quoted to them.
    private_folded_fields: ClassVar[Sequence[TextSource]] = ()
    search_kind: ClassVar[str | None] = None
    # Characters of text quoted under a hit.
    search_snippet_length: ClassVar[int] = 240

    # --- what the index reads -------------------------------------------------------------

    def search_folded(self) -> str:
        """The public text, folded (indexed through `SearchField("search_folded")`)."""
        return index_text(self.search_public_text())

    def search_folded_private(self) -> str:
        """The private text, folded (indexed through `SearchField("search_folded_private")`)."""
        return index_text(self.search_private_text())

    def search_public_text(self) -> str:
        """The text of `folded_fields`, as written."""
        return self._search_text(self.folded_fields)

    def search_private_text(self) -> str:
        """The text of `private_folded_fields`, as written."""
        return self._search_text(self.private_folded_fields)

    def _search_text(self, sources: Sequence[TextSource]) -> str:
        return " ".join(text for text in (self._text_of(source) for source in sources) if text)

    def _text_of(self, source: TextSource) -> str:
        if callable(source):
            value = source(self)
        else:
            value = getattr(self, source)
            if callable(value):
                value = value()
        if value is None:
            return ""
        if isinstance(value, RichText):
            return get_text_for_indexing(value.source)
        if hasattr(value, "stream_block"):
            return stream_text(value)
        if isinstance(source, str) and self._is_rich_text_field(source):
            return get_text_for_indexing(str(value))
        return str(value)

    @classmethod
    def _is_rich_text_field(cls, name: str) -> bool:
        try:
            field = cls._meta.get_field(name)  # type: ignore[attr-defined]
        except FieldDoesNotExist:
            return False
        return isinstance(field, RichTextField) and not isinstance(field, StreamField)

    # --- who sees what --------------------------------------------------------------------

    @classmethod
    def get_search_kind(cls) -> str:
        """The value of the results page's `kind` filter for this type: `search_kind`, else the
        model name without its "page" suffix ("coursepage" → "course")."""
        if cls.search_kind:
            return cls.search_kind
        name = cls._meta.model_name  # type: ignore[attr-defined]
        return name.removesuffix("page") or name

    @classmethod
    def get_search_kind_label(cls) -> str:
        """How a hit of this type is labelled: the model's verbose name."""
        return capfirst(cls._meta.verbose_name)  # type: ignore[attr-defined]

    def search_may_read_private(self, enrolled_course_ids: Collection[int]) -> bool:
        """Whether a person enrolled in `enrolled_course_ids` (page ids) may read the private
        text: by default, people enrolled in this page or in its parent (a lesson's course).

        The results page hands each hit its parent (`_cached_parent_obj`), so this costs no
        query there."""
        if not self.private_folded_fields:
            return True
        if self.pk in enrolled_course_ids:  # type: ignore[attr-defined]
            return True
        parent = self.get_parent()  # type: ignore[attr-defined]
        return parent is not None and parent.pk in enrolled_course_ids

    def search_is_visible(self, terms: Sequence[str], enrolled_course_ids: Collection[int]) -> bool:
        """Whether this hit of `terms` (every one of them matched) may be shown: always when
        the person may read the private text, else only when the public text holds every
        term, so that a hit on private text alone does not reveal it."""
        if self.search_may_read_private(enrolled_course_ids):
            return True
        public_words = set(fold_words(self.search_public_text()))
        return all(term in public_words for term in terms)

    def search_title_score(self, terms: Sequence[str]) -> int:
        """How many of `terms` the title holds: hits are shown by this first, then in the
        database's order of relevance, so that ranking is the same on every database (their
        scores ignore a folded title: SQLite's bm25 weighs every column alike)."""
        title_words = set(fold_words(self._search_text(self.folded_fields[:1])))
        return sum(term in title_words for term in terms)

    # --- how a hit is shown ---------------------------------------------------------------

    def search_context_page(self) -> Any | None:
        """The page a hit is shown as part of: the parent when it is itself searchable (a
        lesson's course), else none."""
        parent = self.get_parent()  # type: ignore[attr-defined]
        if parent is not None and is_searchable(_page_class(parent)):
            return parent
        return None

    def search_snippet_text(self, *, include_private: bool) -> str:
        """The text quoted under a hit: the public text after the title, then the private text
        when the person may read it."""
        parts = [self._search_text(self.folded_fields[1:])]
        if include_private:
            parts.append(self.search_private_text())
        return " ".join(part for part in parts if part)

    def search_result(
        self, request: HttpRequest, terms: Sequence[str], enrolled_course_ids: Collection[int]
    ) -> SearchResult:
        """How this hit of `terms` is shown to the person of `request`, enrolled in the courses
        of `enrolled_course_ids`: kind, title, URL, the page it is part of, and an excerpt
        where the words are (of the private text only for people who may read it)."""
        context_page = self.search_context_page()
        include_private = bool(self.private_folded_fields) and self.search_may_read_private(
            enrolled_course_ids
        )
        return SearchResult(
            page=self,
            kind=self.get_search_kind(),
            kind_label=self.get_search_kind_label(),
            url=self.get_url(request) or "",  # type: ignore[attr-defined]
            title=highlight(self.title, terms),  # type: ignore[attr-defined]
            context_label=(
                capfirst(_page_class(context_page)._meta.verbose_name) if context_page else ""
            ),
            context=highlight(context_page.title, terms) if context_page else SafeString(""),
            snippet=excerpt(
                self.search_snippet_text(include_private=include_private),
                terms,
                length=self.search_snippet_length,
            ),
        )
