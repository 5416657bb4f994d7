"""The admin's screens for article authors (a snippet)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    """Authors listed by name with their role and how many articles name them; searchable by
    name and role."""

    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = [
        "name",
        "role",
        Column("article_count", label=_("Articles"), sort_key="article_count"),
    ]
    # Searched with the ORM (a few hundred rows at most): the search backend cannot search a
    # queryset annotated with the article count.
    search_fields = ["name", "role"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Author]:
        # The count in the same query as the authors (not one query per row).
        return Author.objects.annotate(article_count=Count("articlepage", distinct=True))
