"""The base of this project's Wagtail reports."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from wagtail.admin.views.reports import ReportView

from ..admin.listings import FormulaSafeExportMixin
from .explained import ExplainedReportMixin


class LmsReportView(ExplainedReportMixin, FormulaSafeExportMixin, ReportView):
    """A report seen by people with `report_permission` (or whom `may_view` lets in), with a
    paragraph saying how to read it, streamed exports whose text cells start no formula, and
    decimals written to XLSX as numbers (openpyxl would write them as text)."""

    report_permission: str = ""
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        Decimal: {ReportView.FORMAT_XLSX: float},
    }

    def may_view(self, user: Any) -> bool:
        return bool(self.report_permission) and user.has_perm(self.report_permission)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
