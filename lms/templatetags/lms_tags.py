"""Template tags of the public pages: the site's and the programme's names, without queries;
a page's StreamField with the blocks everybody sees the same rendered once per publish."""

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lms import render_cache
from lms.conf import lms_settings
from lms.richtext import sanitise_html

register = template.Library()


@register.simple_tag
def lms_site_name() -> str:
    """The site's name from Wagtail's `WAGTAIL_SITE_NAME` (may be a lazy, translated string)."""
    return str(getattr(settings, "WAGTAIL_SITE_NAME", "") or _("Learning platform"))


@register.simple_tag
def lms_programme_name() -> str:
    """The training programme's name (`LMS_PROGRAMME_NAME`)."""
    return str(lms_settings.PROGRAMME_NAME)


@register.simple_tag
def lms_catalogue_url() -> str:
    """Where the main navigation's "Courses" link points (`LMS_CATALOGUE_URL`)."""
    return str(lms_settings.CATALOGUE_URL)


@register.simple_tag
def lms_news_url() -> str:
    """Where the main navigation's "News" link points (`LMS_NEWS_URL`; empty: no link)."""
    return str(lms_settings.NEWS_URL)


@register.filter
def lms_sanitised(html: object) -> SafeString:
    """`{{ page.body|richtext|lms_sanitised }}`: rich text of a `RichTextField` with only the
    tags, attributes and URL schemes `lms.richtext.sanitise_html` keeps (no script, event
    handler or executable link, however the text reached the database)."""
    return sanitise_html(str(html))


@register.filter
def lms_startswith(value: object, prefix: object) -> bool:
    """`request.path|lms_startswith:url`: marks the navigation link of the current section."""
    return bool(prefix) and str(value).startswith(str(prefix))


@register.simple_tag(takes_context=True)
def lms_stream(context: Any, page: Any, field_name: str = "body") -> SafeString:
    """`{% lms_stream page "body" %}`: the page's StreamField, as ``{% include_block %}`` of
    each block would render it, with the HTML of the blocks that are the same for everybody
    kept per publish and language (`lms.render_cache`). A block whose class, or a parent class
    outside Wagtail, overrides ``get_context``, ``render`` or ``render_basic`` (a poll, which
    shows the person's vote) is rendered for each request. Previews render every block."""
    stream = getattr(page, field_name)
    context = context.flatten()  # what {% include_block %} hands each block
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False) or not render_cache.enabled():
        return _render(stream, range(len(stream)), context)
    key = ("stream", page.pk, field_name, page.latest_revision_id, get_language())
    pieces = render_cache.remember(request, key, lambda: _shared_pieces(stream, context))
    return mark_safe(
        "".join(
            piece if isinstance(piece, str) else stream[piece].render_as_block(context=context)
            for piece in pieces
        )
    )


def _render(stream: Any, indexes: Any, context: dict) -> SafeString:
    return format_html_join(
        "", "{}", ((stream[i].render_as_block(context=context),) for i in indexes)
    )


def _shared_pieces(stream: Any, context: dict) -> list[str | int]:
    """The stream as HTML strings (runs of shared blocks) and indexes (blocks to render)."""
    pieces: list[str | int] = []
    run: list[str] = []
    for index, child in enumerate(stream):
        if _is_shared(child.block):
            run.append(str(child.render_as_block(context=context)))
            continue
        if run:
            pieces.append("".join(run))
            run = []
        pieces.append(index)
    if run:
        pieces.append("".join(run))
    return pieces


def _is_shared(block: Any) -> bool:
    """Whether a block renders the same for everybody: none of its rendering methods is
    overridden outside Wagtail's own block classes."""
    for name in ("get_context", "render", "render_basic"):
        for klass in type(block).__mro__:
            if name in klass.__dict__:
                if not klass.__module__.startswith("wagtail."):
                    return False
                break
    return True


@register.tag("lms_shared")
def do_lms_shared(parser: template.base.Parser, token: template.base.Token) -> "SharedNode":
    """``{% lms_shared "name" value ... %}…{% endlms_shared %}``: the enclosed HTML, rendered
    once per publish, language and values and kept (`lms.render_cache`); previews render it
    every time. Only for HTML that the named values decide entirely: nothing of the person
    looking (their name, a CSRF token, a message) may be inside, unless it is one of the
    values (a set of completed lesson ids, for instance)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("lms_shared needs a name")
    nodelist = parser.parse(("endlms_shared",))
    parser.delete_first_token()
    return SharedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class SharedNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: list) -> None:
        self.nodelist = nodelist
        self.values = values

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False) or not render_cache.enabled():
            return self.nodelist.render(context)
        key = ("shared", get_language(), *(value.resolve(context) for value in self.values))
        return render_cache.remember(request, key, lambda: self.nodelist.render(context))
