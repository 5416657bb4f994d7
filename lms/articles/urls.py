"""Site-wide discovery: ``robots.txt`` and ``sitemap.xml``.

Include it at the top of the site's URLs, before Wagtail's page routes, without a prefix:
``path("", include("lms.articles.urls"))``. The feeds are not here: each article index serves
its own (see `ArticleIndexPage`).
"""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from .views import robots_txt

app_name = "lms_articles"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    # Wagtail's sitemap: the live, public pages of the request's site. Our template, so the
    # site needs no `django.contrib.sitemaps` in INSTALLED_APPS for Django's.
    path(
        "sitemap.xml",
        sitemap,
        {"template_name": "lms/articles/sitemap.xml", "content_type": "application/xml"},
        name="sitemap",
    ),
]
