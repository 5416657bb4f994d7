"""Views of discovery that are not pages: ``robots.txt``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything but the admin and the learners' own pages, and are told
    where the sitemap is. A site changes the rules by overriding the template
    ``lms/articles/robots.txt``."""
    return TemplateResponse(
        request,
        "lms/articles/robots.txt",
        {
            "admin_url": reverse("wagtailadmin_home"),
            "sitemap_url": request.build_absolute_uri(reverse("lms_articles:sitemap")),
        },
        content_type="text/plain; charset=utf-8",
    )
