"""Awareness articles: news, explainers and case studies, organised by the three pillars."""

from __future__ import annotations

import datetime
import html
import math
from http import HTTPMethod
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from ..conf import lms_settings
from ..models import Pillar
from ..search.indexing import FoldedSearchMixin, folded_search_fields
from .blocks import ArticleBodyBlock

# The renditions articles are shown with. The templates name the same specs (the image tag
# takes no variables); the query-budget tests fail if they drift apart, because a rendition
# that was not prefetched costs a query per image.
CARD_IMAGE_SPEC = "fill-640x336"  # cards of the index and of related articles
HERO_IMAGE_SPEC = "fill-1200x630"  # the article's hero, also its Open Graph image

# The feed formats offered: (route suffix, label, media type).
FEED_FORMATS = [("rss", "RSS", "application/rss+xml"), ("atom", "Atom", "application/atom+xml")]

# Body blocks whose text counts towards the reading time, with where their text is.
_TEXT_BLOCKS = {"paragraph": None, "heading": None, "quote": "text"}


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    EXPLAINER = "explainer", _("Explainer")
    CASE_STUDY = "case_study", _("Case study")


class Author(index.Indexed, models.Model):
    """A person who writes articles (a snippet, so one author serves many articles)."""

    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
    ]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The listing (name, role, number of articles) is defined by the viewset; a dotted path, so
# the admin's views are imported only once the apps are ready.
register_snippet(Author, viewset="lms.articles.viewsets.AuthorViewSet")


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "cds_lms.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePageQuerySet(PageQuerySet):
    """Lookups of articles shared by the index, the article page and the feeds."""

    def newest_first(self) -> ArticlePageQuerySet:
        """By the date shown on the article (the editor's publication date, else the day it
        was first published), newest first; then by the moment of first publication."""
        return self.annotate(
            shown_date=Coalesce("published_date", TruncDate("first_published_at"))
        ).order_by(models.F("shown_date").desc(nulls_last=True), "-first_published_at", "-pk")

    def in_pillar(self, pillar: str) -> ArticlePageQuerySet:
        """Articles of `pillar`; none for a value that is not a pillar."""
        if pillar not in Pillar.values:
            return self.none()
        return self.filter(pillar=pillar)

    def tagged(self, tag: Tag | None) -> ArticlePageQuerySet:
        """Articles with `tag`; none when there is no such tag."""
        if tag is None:
            return self.none()
        return self.filter(tagged_items__tag=tag)

    def with_card_images(self) -> ArticlePageQuerySet:
        """With the hero image joined and its card rendition prefetched: one query for the
        renditions of every article in the result, whatever their number. (This is what
        `ImageQuerySet.prefetch_renditions()` does, applied through the joined image, which
        saves the separate query for the images.)"""
        return self.select_related("hero_image").prefetch_related(_renditions(CARD_IMAGE_SPEC))


def _renditions(spec: str) -> models.Prefetch:
    rendition_model = get_image_model().get_rendition_model()
    return models.Prefetch(
        "hero_image__renditions", queryset=rendition_model.objects.filter(filter_spec=spec)
    )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class ArticleIndexPage(RoutablePageMixin, Page):
    """The news at /news/: live articles below it, newest first, filtered by pillar and tag;
    with RSS and Atom feeds of all of them (``feed/rss/``, ``feed/atom/``) and of each pillar
    (``feed/<pillar>/rss/``, ``feed/<pillar>/atom/``)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cds_lms.ArticlePage"]
    template = "lms/articles/article_index_page.html"
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    class Meta:
        verbose_name = _("article index")

    def articles(self) -> ArticlePageQuerySet:
        """Live, public articles of this index, newest first."""
        return ArticlePage.objects.live().public().child_of(self).newest_first()

    def route(self, request: HttpRequest, path_components: list[str]):
        if len(path_components) == 1:
            # One query for the specific article where Wagtail's default costs two (the base
            # page, then `.specific`); the hero image and its rendition come with it.
            article = (
                ArticlePage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .prefetch_related(_renditions(HERO_IMAGE_SPEC))
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self  # as Wagtail does: get_parent() without a query
                return article.route(request, [])
        # The index itself and its feeds (RoutablePageMixin), else Wagtail's own routing.
        return super().route(request, path_components)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        pillar = request.GET.get("pillar", "")
        tag_slug = request.GET.get("tag", "")
        articles = self.articles()
        if pillar:
            articles = articles.in_pillar(pillar)
        tag = None
        if tag_slug:
            tag = Tag.objects.filter(slug=tag_slug).first()
            articles = articles.tagged(tag)
        page = Paginator(articles.with_card_images(), lms_settings.ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            articles=page,
            pillars=Pillar.choices,
            pillar=pillar if pillar in Pillar.values else "",
            pillar_label=dict(Pillar.choices).get(pillar, ""),
            unknown_pillar=bool(pillar) and pillar not in Pillar.values,
            tag=tag,
            tag_slug=tag_slug,
            feeds=self.feed_urls(request, pillar if pillar in Pillar.values else None),
        )
        return context

    # --- feeds ---------------------------------------------------------------------------

    def feed_urls(self, request: HttpRequest, pillar: str | None = None) -> list[dict[str, str]]:
        """The feeds to offer, each as {"title", "type", "url"}: RSS and Atom of all articles,
        then of `pillar` when one is chosen."""
        base = self.get_url(request) or ""
        sources = [(str(_("All articles")), "feed", {})]
        if pillar:
            sources.append((str(Pillar(pillar).label), "pillar_feed", {"pillar": pillar}))
        return [
            {
                "title": f"{title} ({label})",
                "type": mime,
                "url": base + self.reverse_subpage(f"{name}_{fmt}", kwargs=kwargs),
            }
            for title, name, kwargs in sources
            for fmt, label, mime in FEED_FORMATS
        ]

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request: HttpRequest) -> HttpResponse:
        from .feeds import ArticleRssFeed

        return ArticleRssFeed()(request, index=self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request: HttpRequest) -> HttpResponse:
        from .feeds import ArticleAtomFeed

        return ArticleAtomFeed()(request, index=self)

    @path("feed/<str:pillar>/rss/", name="pillar_feed_rss")
    def pillar_feed_rss(self, request: HttpRequest, pillar: str) -> HttpResponse:
        from .feeds import ArticleRssFeed

        return ArticleRssFeed()(request, index=self, pillar=pillar)

    @path("feed/<str:pillar>/atom/", name="pillar_feed_atom")
    def pillar_feed_atom(self, request: HttpRequest, pillar: str) -> HttpResponse:
        from .feeds import ArticleAtomFeed

        return ArticleAtomFeed()(request, index=self, pillar=pillar)


class ArticlePage(FoldedSearchMixin, Page):
    """One article: standfirst, hero image, body, authors, pillar, tags."""

    kind = models.CharField(
        _("kind"), max_length=12, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    standfirst = models.TextField(
        _("standfirst"), max_length=500, help_text=_("The lead: one or two sentences.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_caption = models.CharField(_("caption"), max_length=250, blank=True)
    hero_credit = models.CharField(_("credit"), max_length=150, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    authors = ParentalManyToManyField(Author, blank=True, verbose_name=_("authors"))
    pillar = models.CharField(_("pillar"), max_length=30, choices=Pillar.choices)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    # Editors may set it (an article moved from an older site); else the first publication.
    published_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Empty: the date it is first published."),
    )

    objects = ArticlePageManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("pillar")]),
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        FieldPanel("authors"),
        FieldPanel("tags"),
        FieldPanel("published_date"),
    ]
    # Site search (lms.search): the text anyone may read, folded to ASCII words.
    folded_fields = ("title", "standfirst", "body_text", "search_description")
    search_fields = (
        Page.search_fields
        + [
            index.SearchField("standfirst"),
            index.SearchField("body"),
            index.FilterField("pillar"),
        ]
        + folded_search_fields()
    )
    parent_page_types = ["cds_lms.ArticleIndexPage"]
    subpage_types: list[str] = []
    template = "lms/articles/article_page.html"
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    # How many related articles the foot of an article shows.
    related_count = 3

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def date(self) -> datetime.date | None:
        """The date shown: the editor's publication date, else the first publication."""
        if self.published_date:
            return self.published_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @property
    def published_at(self) -> datetime.datetime | None:
        """The moment of publication for feeds: the first publication, or the start of the
        editor's publication date (in the site's time zone) when they gave one."""
        if self.published_date:
            moment = datetime.datetime.combine(self.published_date, datetime.time.min)
            return timezone.make_aware(moment) if settings.USE_TZ else moment
        return self.first_published_at

    def body_text(self) -> str:
        """The text of the body's paragraphs, headings and quotes, without markup.

        Read from the stored data rather than rendered, so that it costs no query (internal
        links are not looked up) and no template."""
        parts = []
        for raw in self.body.raw_data:
            if raw["type"] not in _TEXT_BLOCKS:
                continue
            value = raw["value"]
            key = _TEXT_BLOCKS[raw["type"]]
            if key is not None:
                value = value.get(key, "") if isinstance(value, dict) else ""
            parts.append(html.unescape(strip_tags(str(value or ""))))
        return " ".join(part for part in parts if part)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read at about 200 words a minute, at least one."""
        words = len(f"{self.title} {self.standfirst} {self.body_text()}".split())
        return max(1, math.ceil(words / 200))

    def related_articles(self, tags: list[Tag]) -> list[ArticlePage]:
        """The newest live, public articles (at most `related_count`) that share this one's
        pillar or one of its `tags`; never this article itself."""
        shares = models.Q(pillar=self.pillar)
        if tags:
            shares |= models.Q(
                pk__in=ArticleTag.objects.filter(tag__in=tags).values("content_object_id")
            )
        return list(
            ArticlePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(shares)
            .newest_first()
            .with_card_images()[: self.related_count]
        )

    def related_courses(self) -> list[Page]:
        """The live courses the body's related-course blocks name, in order, each once."""
        courses: dict[int, Page] = {}
        for block in self.body:
            if block.block_type != "related_course":
                continue
            course = block.value.get("course")
            if course is not None and course.live and course.pk not in courses:
                courses[course.pk] = course
        return list(courses.values())

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        tags = list(self.tags.all())
        parent = self.get_parent()
        context.update(
            authors=list(self.authors.all()),
            tags=tags,
            index_url=parent.get_url(request) if parent else None,
            related_articles=self.related_articles(tags),
            related_courses=self.related_courses(),
        )
        return context
