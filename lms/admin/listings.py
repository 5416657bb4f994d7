"""Pieces shared by the read-only record listings of the admin (enrollments, quiz attempts...):
a viewset that offers only its index and export, and how their spreadsheets write values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.translation import gettext
from wagtail.admin.views import generic

from ..spreadsheets import formula_safe, spreadsheet_datetime

CSV = generic.IndexView.FORMAT_CSV
XLSX = generic.IndexView.FORMAT_XLSX


def learner_annotations(user: str = "user") -> dict[str, Any]:
    """Annotations naming the learner of a record through its `user` relation: name (the
    username for an account without a profile), email, unit name and code."""
    profile = f"{user}__learner_profile"
    return {
        "learner_name": Coalesce(F(f"{profile}__full_name"), F(f"{user}__username")),
        "learner_email": F(f"{user}__email"),
        "unit_name": F(f"{profile}__unit__name"),
        "unit_code": F(f"{profile}__unit__code"),
    }


def datetime_text(value: datetime.datetime | None) -> str:
    """A moment in a CSV cell: dd/mm/yyyy hh:mm, local time."""
    return spreadsheet_datetime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def yes_or_empty(value: bool | None) -> str:
    return gettext("Yes") if value else ""


def export_preprocess(
    *, datetimes: Iterable[str] = (), flags: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """`custom_field_preprocess` for an index view: `datetimes` written in local time (a date
    cell in XLSX, dd/mm/yyyy hh:mm in CSV), `flags` as "Yes" or nothing."""
    preprocess: dict[str, dict[str, Any]] = {
        name: {CSV: datetime_text, XLSX: spreadsheet_datetime} for name in datetimes
    }
    preprocess.update({name: {CSV: yes_or_empty, XLSX: yes_or_empty} for name in flags})
    return preprocess


class FormulaSafeExportMixin:
    """For an index view with a spreadsheet export: CSV cells that would start a formula are
    written as text (`lms.spreadsheets.formula_safe`). Wagtail's XLSX export already stores
    them as text."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = super().preprocess_field_value(field, value, export_format)
        return formula_safe(value) if export_format == CSV else value


class ReadOnlyViewSetMixin:
    """For a `ModelViewSet` of records that change only through services: an index (with its
    filters and export) and nothing else: no add, edit, delete, history or usage views, and no
    admin URL for other screens to link an object to. The group edit screen offers only
    `offered_permissions` (codenames)."""

    offered_permissions: tuple[str, ...] = ()

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self) -> list:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self) -> None:
        # No edit view to point at: the history report must not try to link these records.
        pass

    def get_permissions_to_register(self) -> Any:
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename__in=self.offered_permissions,
        )
