"""Report views whose results open with a paragraph saying how to read them."""

from __future__ import annotations

from typing import Any


class ExplainedReportMixin:
    """For a Wagtail `ReportView`: `explanation` (lazy translated) is shown above the results,
    on the page and when the filters refresh them."""

    results_template_name = "lms/reports/explained_results.html"
    explanation: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report_explanation"] = self.explanation
        return context
