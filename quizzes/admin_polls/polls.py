"""Polls in the admin: the snippet listing (with each poll's vote count and a "Results" link)
and the poll results report, with Wagtail's CSV/XLSX export of the votes per choice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from lms.admin.listings import FormulaSafeExportMixin

from ..models import Poll, PollChoice, PollVote
from ..poll_services import PollResults, percent_of, poll_results

POLL_PERMISSIONS = ["add", "change", "publish", "delete", "view"]


def results_url(poll: Poll) -> str:
    return reverse("cds_quizzes_reports:poll_results") + f"?poll={poll.pk}"


class PollIndexView(IndexView):
    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().annotate(vote_count=Count("votes"))

    def get_list_more_buttons(self, instance: Poll) -> list:
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(gettext("Results"), url=results_url(instance), icon_name="table", priority=15)
        )
        return buttons


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Polls")
    menu_order = 100
    index_view_class = PollIndexView
    list_display = [
        "question",
        Column("vote_count", label=_("Votes"), sort_key="vote_count"),
        "closes_at",
        UpdatedAtColumn(),
        LiveStatusTagColumn(),
    ]
    list_filter = ["voters", "results_visibility"]
    copy_view_enabled = False  # a copy would start without votes but look like the original


# --- the poll results report --------------------------------------------------------------


class PollResultsFilterSet(WagtailFilterSet):
    poll = django_filters.ModelChoiceFilter(
        label=_("Poll"), queryset=Poll.objects.order_by("-created_at"), empty_label=_("All")
    )

    class Meta:
        model = PollChoice
        fields = []


def _share_text(choice: PollChoice) -> str:
    return f"{number_format(choice.share, decimal_pos=1)}%"


class PollResultsView(FormulaSafeExportMixin, ReportView):
    """Votes per choice of every poll (or of the poll chosen), with the share of the poll's
    votes; with one poll chosen, its results as the learners' chart above the table."""

    page_title = _("Poll results")
    exports_personal_data = False  # votes counted per choice
    header_icon = "list-ul"
    index_url_name = "cds_quizzes_reports:poll_results"
    index_results_url_name = "cds_quizzes_reports:poll_results_results"
    results_template_name = "quizzes/admin/poll_results_results.html"
    filterset_class = PollResultsFilterSet
    paginate_by = 100
    any_permission_required = POLL_PERMISSIONS
    permission_policy = ModelPermissionPolicy(Poll)
    list_export = ["poll_question", "text", "vote_count", "share"]
    export_headings = {
        "poll_question": _("Poll"),
        "text": _("Choice"),
        "vote_count": _("Votes"),
        "share": _("Share (%)"),
    }
    export_filename = "poll-results"
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        Decimal: {ReportView.FORMAT_XLSX: float},
    }

    def get_queryset(self) -> Any:
        # Each choice with its votes and its poll's votes (a correlated COUNT): one query.
        poll_total = (
            PollVote.objects.filter(poll_id=OuterRef("poll_id"))
            .order_by()
            .values("poll_id")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return PollChoice.objects.annotate(
            poll_question=F("poll__question"),
            vote_count=Count("votes"),
            poll_total=Coalesce(Subquery(poll_total, output_field=IntegerField()), Value(0)),
        ).order_by("-poll__created_at", "poll_id", "sort_order", "pk")

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        for choice in object_list:
            choice.share = percent_of(choice.vote_count, choice.poll_total)
        return object_list

    def to_row_dict(self, item: PollChoice) -> dict:
        item.share = percent_of(item.vote_count, item.poll_total)
        return super().to_row_dict(item)

    @cached_property
    def columns(self) -> list:
        return [
            Column("poll_question", label=_("Poll")),
            Column("text", label=_("Choice")),
            Column("vote_count", label=_("Votes")),
            Column("share", label=_("Share"), accessor=_share_text),
        ]

    @cached_property
    def chosen_poll(self) -> Poll | None:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("poll")
        return None

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        poll = self.chosen_poll
        if poll is not None and not self.is_export:
            results: PollResults = poll_results(poll)
            context.update(
                poll=poll,
                results=results,
                chart=results.chart(),
                chart_id=f"poll-{poll.pk}-admin-chart",
            )
        return context
