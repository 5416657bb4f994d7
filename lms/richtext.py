"""Rich text that is safe to show whatever way it reached the database.

Wagtail's editor keeps only the features it allows (no `javascript:` links, no scripts) when
text is saved through the admin, but text that arrives another way — an import, the API, a seed
command, a revision restored from before a feature was removed — is rendered as it was stored.
`SafeRichTextBlock` renders its value through `sanitise_html()`, after Wagtail has expanded its
internal links, so whatever the source, no script, event handler or executable URL reaches the
page, and page, document and external links still work.
"""

from __future__ import annotations

from typing import Any

import nh3
from django.utils.encoding import force_str
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks
from wagtail.rich_text import RichText

# What rich text may hold once rendered: the formatting Wagtail's editor produces (paragraphs,
# headings, lists, emphasis, links, images and embeds' wrappers) and tables. Anything else is
# unwrapped (its text is kept); `script` and `style` are dropped with their content.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "div",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
# No `on*` handler, no `style` (CSS can hide or overlay content), no `target`.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Relative URLs (internal links, documents, images) are always kept.
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})


def sanitise_html(html: str) -> SafeString:
    """`html` with only the tags, attributes and URL schemes above, marked safe.

    Removes `<script>` and `<style>` with their content, every event-handler attribute, and any
    `href` or `src` whose scheme is not http, https, mailto or tel (whatever its case, spacing
    or character references); relative URLs are kept.
    """
    cleaned = nh3.clean(
        force_str(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        # Keep links as written: `rel` is not added to every link (there is no `target`).
        link_rel=None,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it


class SafeRichText(RichText):
    """A `RichText` whose HTML is sanitised, however it is rendered (`{{ value }}`,
    `{% include_block %}`, `|richtext`)."""

    def __html__(self) -> str:
        return sanitise_html(super().__html__())


class SafeRichTextBlock(blocks.RichTextBlock):
    """A rich-text block whose value renders through `sanitise_html()` (see the module)."""

    def to_python(self, value: Any) -> SafeRichText:
        return SafeRichText(value)

    def normalize(self, value: Any) -> SafeRichText:
        if isinstance(value, SafeRichText):
            return value
        if isinstance(value, RichText):
            return SafeRichText(value.source)
        return SafeRichText(value and force_str(value))

    def value_from_form(self, value: Any) -> SafeRichText:
        return SafeRichText(value)
