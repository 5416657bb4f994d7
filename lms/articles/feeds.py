"""RSS 2.0 and Atom feeds of an article index: all its articles, or one pillar's.

They are served by `ArticleIndexPage`'s routes (``feed/rss/``, ``feed/atom/``,
``feed/<pillar>/rss/``, ``feed/<pillar>/atom/`` below the index's URL), so each index of a site
has its own feeds wherever it sits in the page tree. Links are made absolute with the request's
host, as the page's canonical URL is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext

from ..models import Pillar

if TYPE_CHECKING:
    from .models import ArticleIndexPage, ArticlePage

# Articles in one feed, newest first.
FEED_SIZE = 20


@dataclass(frozen=True)
class FeedSource:
    """What a feed lists: the articles of `index`, of `pillar` only when one is given."""

    index: ArticleIndexPage
    pillar: str | None = None

    @property
    def pillar_label(self) -> str:
        return str(Pillar(self.pillar).label) if self.pillar else ""


class ArticleRssFeed(Feed):
    """The newest articles of an index (or of one of its pillars) as RSS 2.0.

    Four queries whatever the number of articles: the view restrictions (for `public()`), the
    articles, then their authors and their tags, each in one prefetch."""

    feed_type = Rss201rev2Feed

    @property
    def language(self) -> str:
        # Articles are written in the site's language, whatever language the visitor chose.
        return settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any):
        self.request = request  # a feed object serves one request (see ArticleIndexPage)
        return super().__call__(request, *args, **kwargs)

    def get_object(
        self, request: HttpRequest, *, index: ArticleIndexPage, pillar: str | None = None
    ) -> FeedSource:
        """The index and pillar of the feed; `Http404` for a value that is not a pillar."""
        if pillar is not None and pillar not in Pillar.values:
            raise Http404("No such pillar.")
        return FeedSource(index=index, pillar=pillar)

    def title(self, source: FeedSource) -> str:
        if source.pillar:
            return f"{source.index.title}: {source.pillar_label}"
        return source.index.title

    def link(self, source: FeedSource) -> str:
        url = source.index.get_url(self.request) or "/"
        return f"{url}?pillar={source.pillar}" if source.pillar else url

    def description(self, source: FeedSource) -> str:
        text = source.index.search_description or source.index.intro
        if text:
            return text
        if source.pillar:
            return gettext("The newest articles on %(pillar)s.") % {"pillar": source.pillar_label}
        return gettext("The newest articles.")

    def items(self, source: FeedSource) -> list[ArticlePage]:
        articles = source.index.articles()
        if source.pillar:
            articles = articles.in_pillar(source.pillar)
        return list(articles.prefetch_related("authors", "tags")[:FEED_SIZE])

    def item_title(self, article: ArticlePage) -> str:
        return article.title  # plain text: the feed generator escapes it

    def item_description(self, article: ArticlePage) -> str:
        return article.standfirst

    def item_link(self, article: ArticlePage) -> str:
        return article.get_url(self.request)

    def item_pubdate(self, article: ArticlePage) -> datetime.datetime | None:
        return article.published_at

    def item_updateddate(self, article: ArticlePage) -> datetime.datetime | None:
        return article.last_published_at or article.published_at

    def item_author_name(self, article: ArticlePage) -> str | None:
        names = [author.name for author in article.authors.all()]
        return ", ".join(names) if names else None

    def item_categories(self, article: ArticlePage) -> list[str]:
        return [article.get_pillar_display(), *(tag.name for tag in article.tags.all())]


class ArticleAtomFeed(ArticleRssFeed):
    """The same articles as Atom 1.0 (the description becomes the subtitle)."""

    feed_type = Atom1Feed

    def subtitle(self, source: FeedSource) -> str:
        return self.description(source)
