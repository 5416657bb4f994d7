"""The reference site's home page: the programme at a glance.

Editors choose up to six featured courses and, optionally, the poll to show (else the newest
open poll is shown); the latest articles and the live figures come by themselves.

Featured courses are an `InlinePanel` of `HomePageFeaturedCourse` rows (an `Orderable` with a
page chooser limited to courses) rather than a `ParentalManyToManyField`: editors put the
courses in the order they want (a many-to-many relation has no order), the chooser is Wagtail's
page chooser (a many-to-many field of pages would be a long select of every course), the rows
are kept in the page's revisions (so previews, drafts, moderation and rollback include them) and
`max_num` caps them at six in the editing form.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page

from courses.models import CoursePage
from lms.articles.models import ArticlePage
from lms.routing import DeferredSpecificRouteMixin
from quizzes.blocks import PollBlock
from quizzes.models import Poll

from .figures import home_figures

MAX_FEATURED_COURSES = 6
LATEST_ARTICLES = 3
# The rendition of a course's cover on its card (the template names the same spec), the same
# shape as an article's card image (`lms.articles.models.CARD_IMAGE_SPEC`).
COURSE_CARD_IMAGE = "fill-640x336"

_POLL_BLOCK = PollBlock()


def _cover_renditions() -> Prefetch:
    """The card renditions of the featured courses' covers: one query for every course."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=COURSE_CARD_IMAGE)
    )
    return Prefetch("course__cover_image__renditions", queryset=renditions)


def open_polls(now: datetime.datetime) -> models.QuerySet[Poll]:
    """Published polls within their voting window at `now`, the one that opened last first."""
    return (
        Poll.objects.live()
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by(Coalesce("opens_at", "first_published_at", "created_at").desc(), "-pk")
    )


class HomePage(DeferredSpecificRouteMixin, Page):
    """The province's landing page: featured courses, latest articles, a poll, live figures."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    # No embeds: the page renders its body through lms_sanitised, which keeps no iframe.
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image"],
    )
    poll = models.ForeignKey(
        "cds_quizzes.Poll",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poll"),
        help_text=_("Empty: the newest open poll."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "featured_courses",
            heading=_("Featured courses"),
            label=_("featured course"),
            max_num=MAX_FEATURED_COURSES,
            help_text=_("Up to six courses, in the order they are shown."),
        ),
        FieldPanel("poll"),
        FieldPanel("body"),
    ]
    # The app's label is "cds_site_home"; keep the template under the folder named after the app.
    template = "home/home_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def featured_course_pages(self) -> list[CoursePage]:
        """The live featured courses, in the editors' order, with their cover renditions:
        one query, and one more for the renditions when a course has a cover."""
        rows = (
            self.featured_courses.filter(course__live=True)
            .select_related("course", "course__cover_image")
            .prefetch_related(_cover_renditions())
            .order_by("sort_order")[:MAX_FEATURED_COURSES]
        )
        return [row.course for row in rows]

    def latest_articles(self) -> list[ArticlePage]:
        """The newest live public articles of this site, as the news index orders them, with
        their card renditions: the view restrictions (`public()`), the articles, and the
        renditions when any of them has a hero image."""
        articles = (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .newest_first()
            .with_card_images()
        )
        return list(articles[:LATEST_ARTICLES])

    def poll_to_show(self, now: datetime.datetime | None = None) -> Poll | None:
        """The editors' poll when chosen, else the newest open poll (one query either way)."""
        if self.poll_id:
            return self.poll
        return open_polls(now or timezone.now()).first()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        poll = self.poll_to_show()
        context.update(
            featured_courses=self.featured_course_pages(),
            latest_articles=self.latest_articles(),
            # Rendered by the poll block's own template, so the form votes as everywhere else.
            poll_block=_POLL_BLOCK.bind(poll) if poll is not None else None,
            figures=home_figures(),
        )
        return context


class HomePageFeaturedCourse(Orderable):
    """One course featured on the home page, in the editors' order."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course = models.ForeignKey(
        "cds_courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured course")
        verbose_name_plural = _("featured courses")

    def __str__(self) -> str:
        return str(self.course)
