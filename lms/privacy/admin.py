"""Admin screens of personal data protection, for superusers and site administrators only
(``cds_lms.manage_personal_data``; anyone else gets a 403): the erasure requests to decide and
the personal data access log. Both sit in the Organisation menu, next to the learners."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from ..admin.units import ORGANISATION_MENU_HOOK
from ..models import display_name
from . import services
from .access import log_listing
from .models import AccessAction, ErasureRequest, ErasureStatus, PersonalDataAccess

User = get_user_model()


class ManagerRequiredMixin:
    """A 403 page for anyone who may not handle personal data requests (unit managers)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not services.can_manage_personal_data(request.user):
            return TemplateResponse(
                request,
                "lms/admin/import_forbidden.html",
                {
                    "title": _("Personal data"),
                    "message": _(
                        "Only site administrators handle erasure requests and see the personal "
                        "data access log."
                    ),
                },
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


# --- erasure requests -----------------------------------------------------------------------


class ErasureRequestListView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Pending requests with their Approve and Reject buttons, then the latest decisions."""

    template_name = "lms/privacy/admin/erasure_requests.html"
    page_title = gettext_lazy("Erasure requests")
    header_icon = "bin"
    recent_decisions = 25

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        log_listing(request, self)  # names and reasons of the people asking
        return response

    def get_context_data(self, **kwargs: Any) -> dict:
        requests = ErasureRequest.objects.select_related(
            "user__learner_profile__unit", "decided_by"
        )
        return super().get_context_data(
            pending=list(requests.filter(status=ErasureStatus.PENDING).order_by("requested_at")),
            decided=list(
                requests.exclude(status=ErasureStatus.PENDING).order_by("-decided_at", "-pk")[
                    : self.recent_decisions
                ]
            ),
            **kwargs,
        )


class DecideErasureView(ManagerRequiredMixin, View):
    """POST only (a GET is refused with 405 and changes nothing)."""

    http_method_names = ["post"]
    approve = True

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        erasure = get_object_or_404(ErasureRequest.objects.select_related("user"), pk=pk)
        if self.approve:
            done = services.approve_erasure(request=erasure, by=request.user)
            text = _("The request was approved: the person's data has been erased.")
        else:
            done = services.reject_erasure(request=erasure, by=request.user)
            text = _("The request was rejected.")
        if done:
            messages.success(request, text)
        else:
            messages.warning(request, _("This request had already been decided."))
        return redirect("cds_lms_privacy:erasure_requests")


# --- the access log -------------------------------------------------------------------------


class AccessLogFilterSet(WagtailFilterSet):
    actor = django_filters.CharFilter(
        label=gettext_lazy("By"),
        method="filter_person",
        help_text=gettext_lazy("Username, email or name."),
    )
    subject = django_filters.CharFilter(
        label=gettext_lazy("Whose data"),
        method="filter_person",
        help_text=gettext_lazy("Username, email or name."),
    )
    action = django_filters.ChoiceFilter(
        label=gettext_lazy("Action"), choices=AccessAction.choices, empty_label=gettext_lazy("All")
    )
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PersonalDataAccess
        fields: list[str] = []

    def filter_person(self, queryset: Any, name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(**{f"{name}__username__icontains": value})
            | Q(**{f"{name}__email__icontains": value})
            | Q(**{f"{name}__learner_profile__full_name__icontains": value})
        )


class AccessLogView(ManagerRequiredMixin, ReportView):
    page_title = gettext_lazy("Personal data access log")
    header_icon = "history"
    index_url_name = "cds_lms_privacy:access_log"
    index_results_url_name = "cds_lms_privacy:access_log_results"
    filterset_class = AccessLogFilterSet
    paginate_by = 50

    def get_queryset(self) -> Any:
        return PersonalDataAccess.objects.select_related(
            "actor__learner_profile", "subject__learner_profile"
        ).order_by("-at", "-pk")

    @cached_property
    def columns(self) -> list:
        return [
            DateColumn("at", label=gettext_lazy("When"), accessor="at"),
            Column("actor", label=gettext_lazy("By"), accessor=lambda row: _person(row.actor)),
            Column("action", label=gettext_lazy("Action"), accessor="get_action_display"),
            Column(
                "subject",
                label=gettext_lazy("Whose data"),
                accessor=lambda row: _person(row.subject),
            ),
            Column("what", label=gettext_lazy("What")),
        ]


def _person(user: Any) -> str:
    if user is None:
        return "—"
    name = display_name(user)
    return name if name == user.get_username() else f"{name} ({user.get_username()})"


urlpatterns = [
    path("erasure-requests/", ErasureRequestListView.as_view(), name="erasure_requests"),
    path(
        "erasure-requests/<int:pk>/approve/",
        DecideErasureView.as_view(approve=True),
        name="erasure_approve",
    ),
    path(
        "erasure-requests/<int:pk>/reject/",
        DecideErasureView.as_view(approve=False),
        name="erasure_reject",
    ),
    path("access-log/", AccessLogView.as_view(), name="access_log"),
    path(
        "access-log/results/", AccessLogView.as_view(results_only=True), name="access_log_results"
    ),
]


@hooks.register("register_admin_urls")
def register_privacy_urls() -> list:
    return [path("personal-data/", include((urlpatterns, "cds_lms_privacy")))]


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return services.can_manage_personal_data(request.user)


@hooks.register(ORGANISATION_MENU_HOOK)
def register_erasure_menu_item() -> MenuItem:
    return PrivacyMenuItem(
        gettext_lazy("Erasure requests"),
        reverse("cds_lms_privacy:erasure_requests"),
        name="erasure-requests",
        icon_name="bin",
        order=900,
    )


@hooks.register(ORGANISATION_MENU_HOOK)
def register_access_log_menu_item() -> MenuItem:
    return PrivacyMenuItem(
        gettext_lazy("Personal data access log"),
        reverse("cds_lms_privacy:access_log"),
        name="personal-data-access-log",
        icon_name="history",
        order=910,
    )
