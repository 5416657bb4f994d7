"""Admin wiring of training targets: the viewset (Organisation menu) and the dashboard."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import TrainingTargetViewSet, training_target_viewset
from .dashboard import TrainingDashboardView, can_view_dashboard


@hooks.register("register_admin_viewset")
def register_training_target_viewset() -> TrainingTargetViewSet:
    return training_target_viewset


@hooks.register("register_admin_urls")
def register_training_dashboard_url() -> list:
    return [
        path(
            "training-dashboard/",
            TrainingDashboardView.as_view(),
            name="cds_lms_training_dashboard",
        )
    ]


class TrainingDashboardMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        return can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_training_dashboard_menu_item() -> MenuItem:
    return TrainingDashboardMenuItem(
        _("Training dashboard"),
        reverse("cds_lms_training_dashboard"),
        name="training-dashboard",
        icon_name="list-ul",
        order=240,
    )
