from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from lms.routing import DeferredSpecificRouteMixin


class HomePage(DeferredSpecificRouteMixin, Page):
    """The province's landing page. Later issues add featured courses, articles and a poll."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    # The app's label is "cds_site_home"; keep the template under the folder named after the app.
    template = "home/home_page.html"
    max_count = 1

    class Meta:
        verbose_name = _("home page")
