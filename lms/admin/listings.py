"""Pieces shared by the read-only record listings of the admin (enrollments, quiz attempts...):
a viewset that offers only its index and export, and how their spreadsheets write values."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext
from wagtail.admin.views import generic

from ..privacy.access import log_export
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


#: Rows fetched from the database at a time while an export is written.
EXPORT_CHUNK_ROWS = 2_000
#: Bytes an XLSX export keeps in memory before its temporary file goes to disk.
XLSX_SPOOL_BYTES = 8 * 1024 * 1024


class ChunkedRows:
    """A queryset read in chunks, for Wagtail's export code, which loops over the rows and
    asks the queryset for its model (headings): the rows are never all in memory at once.
    Lists (reports computed in Python) pass through."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows
        self.model = getattr(rows, "model", None)

    def __iter__(self) -> Iterator[Any]:
        if isinstance(self.rows, QuerySet):
            return self.rows.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        return iter(self.rows)


class StrictFiltersMixin:
    """For an index or report view with filters: a filter the form refuses (a unit outside the
    person's scope, a reversed date range) shows its message and no rows, in the exports too.
    Wagtail ignores such a filter, which would show rows the person did not ask for."""

    def filter_queryset(self, queryset: Any) -> Any:
        if self.filters is not None and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class FormulaSafeExportMixin:
    """For an index or report view with Wagtail's spreadsheet export:

    - CSV cells that would start a formula are written as text (`lms.spreadsheets.formula_safe`;
      Wagtail's XLSX export already stores them as text);
    - every export of personal data is recorded in the personal data access log
      (`lms.privacy`); a view whose rows name nobody (totals, questions) sets
      `exports_personal_data = False`;
    - an export streams: the listing's context (which counts the rows by loading them) is
      skipped, rows are read `EXPORT_CHUNK_ROWS` at a time, CSV goes out line by line and XLSX
      is written to a temporary file that is then sent in blocks. The worker's memory does not
      grow with the number of rows (`bench/export_memory.py` measures it).
    """

    exports_personal_data = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        # Report views filter in `get_filtered_queryset`, index views in `get_queryset`.
        rows = getattr(self, "get_filtered_queryset", self.get_queryset)()
        response = self.as_spreadsheet(rows, request.GET["export"])
        # Law 91/2025/QH15: every export of personal data is logged, once, with the screen and
        # its filters.
        if self.exports_personal_data:
            log_export(request, self)
        return response

    def as_spreadsheet(self, queryset: Any, spreadsheet_format: str) -> HttpResponse:
        return super().as_spreadsheet(ChunkedRows(queryset), spreadsheet_format)

    def write_xlsx_response(self, queryset: Any) -> FileResponse:
        output = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"{self.get_filename()}.xlsx",
        )

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
