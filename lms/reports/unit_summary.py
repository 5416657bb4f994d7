"""The unit summary report: how units stand against the training targets that apply to them,
one row per (target, unit), with filters and Wagtail's CSV/XLSX export.

- The rows are the child units of the chosen unit (``?unit=<id>``, the link the training
  dashboard uses); without a unit, the child units of each of the person's top units (as on the
  dashboard). "Include the unit itself" adds the chosen unit's own total; a unit without child
  units always shows its own row. Each unit counts its whole subtree.
- A target applies to a unit when it is set on it or on a unit above it
  (`lms.targets.dashboard.targets_for`), so a target set on a child unit shows on that child's
  row only.
- Filters: the unit (in the person's scope: another one is refused with a message and no rows),
  one target, a learner category, a status, and the targets' deadline between two dates (a
  range that ends before it starts is refused, no rows).
- The learner category filter keeps the targets *of that category* only: an all-category
  target counts every category of people, so showing its numbers under a category filter
  would pass them off as that category's.

Who sees it: whoever may see the training dashboard (`can_view_dashboard`), within the same
scope (`scope_paths`). The numbers come from `lms.targets.progress.progress_by_unit`: the rows
are a list built in Python, and the query count depends on the number of targets shown (and on
how many depths the rows span), never on the number of units or people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from ..admin.listings import CSV, XLSX
from ..admin.units import UnitFilter
from ..models import LearnerCategory, OrganisationUnit, scope_paths, under
from ..targets.admin import StatusColumn
from ..targets.dashboard import (
    TrainingDashboardView,
    ancestor_paths,
    can_view_dashboard,
    status_badge,
    targets_for,
    top_units,
)
from ..targets.models import TargetStatus, TrainingTarget
from ..targets.progress import TargetProgress, progress_by_unit
from .base import LmsReportView
from .learner_progress import OrderedDateRangeFilter, cell_text

# --- scope ----------------------------------------------------------------------------------


def request_scope(request: HttpRequest) -> list[str] | None:
    """`scope_paths` of the request's user, read once per request: the filters' choices and the
    view all need it."""
    if not hasattr(request, "_cds_lms_scope_paths"):
        request._cds_lms_scope_paths = scope_paths(request.user)  # type: ignore[attr-defined]
    return request._cds_lms_scope_paths  # type: ignore[attr-defined]


def units_in_scope(request: HttpRequest) -> QuerySet[OrganisationUnit]:
    paths = request_scope(request)
    units = OrganisationUnit.objects.all()
    return units if paths is None else units.filter(under("path", paths))


def targets_in_scope(request: HttpRequest) -> QuerySet[TrainingTarget]:
    """The targets that apply somewhere in the scope: set on a unit of it or above it."""
    paths = request_scope(request)
    targets = TrainingTarget.objects.select_related("unit").order_by("deadline", "title", "pk")
    if paths is None:
        return targets
    # `ancestor_paths` reads only the path, so an unsaved unit spares loading the managed ones.
    above = {p for path in paths for p in ancestor_paths(OrganisationUnit(path=path))}
    return targets.filter(Q(unit__path__in=above) | under("unit__path", paths))


# --- the rows -------------------------------------------------------------------------------


def unit_summary(
    focus: list[OrganisationUnit],
    *,
    targets: QuerySet[TrainingTarget],
    include_focus: bool = False,
    today: datetime.date,
) -> list[TargetProgress]:
    """One row per (target, unit) for the child units of each of `focus` (and each focus unit
    itself with `include_focus`, or when it has no child units), against every target of
    `targets` that applies to the unit. Sorted by target (deadline first), then tree order.

    Queries: the child units (one), the applicable targets and their courses (two), the ids of
    `targets` (one); then two per target and per depth of the rows (`progress_by_unit`).
    """
    if not focus:
        return []
    children_of = TrainingDashboardView.children_of(focus)
    units: list[OrganisationUnit] = []
    for unit in focus:
        if include_focus or not children_of[unit.pk]:
            units.append(unit)
        units.extend(children_of[unit.pk])
    wanted = set(targets.values_list("pk", flat=True))
    units_of: dict[int, list[OrganisationUnit]] = defaultdict(list)
    by_pk: dict[int, TrainingTarget] = {}
    unit_by_pk = {unit.pk: unit for unit in units}
    for unit_pk, applying in targets_for(units).items():
        unit = unit_by_pk[unit_pk]
        for target in applying:
            if target.pk in wanted:
                by_pk.setdefault(target.pk, target)
                units_of[target.pk].append(unit)
    rows: list[TargetProgress] = []
    for target_pk, target_units in units_of.items():
        # `progress_by_unit` groups by one depth at a time.
        by_depth: dict[int, list[OrganisationUnit]] = defaultdict(list)
        for unit in target_units:
            by_depth[unit.depth].append(unit)
        for same_depth in by_depth.values():
            rows.extend(progress_by_unit(by_pk[target_pk], same_depth, today=today))
    rows.sort(key=lambda row: (row.target.deadline, row.target.pk, row.unit.path))
    return rows


# --- filters --------------------------------------------------------------------------------


class TargetChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: TrainingTarget) -> str:
        # Titles repeat from unit to unit ("Kỹ năng số 2026"): name the unit too.
        return f"{obj.title} ({obj.unit.name})"


class TargetFilter(django_filters.ModelChoiceFilter):
    field_class = TargetChoiceField


class CheckboxFilter(django_filters.Filter):
    """A tick box: unticked is the default (no "active filter" chip), not "No"."""

    field_class = forms.BooleanField


class CheckboxFilterAdapter(BaseFilterAdapter):
    """The active-filter chip of a ticked box says "Yes", not "True"."""

    def get_active_filters(self) -> Any:
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            gettext("Yes"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(CheckboxFilter, CheckboxFilterAdapter)


class UnitSummaryFilterSet(WagtailFilterSet):
    """Filters the targets; `unit`, `include_unit` and `status` are read by the view, which
    chooses the row units and keeps the rows of a status."""

    unit = UnitFilter(
        label=_("Unit"),
        queryset=units_in_scope,
        method="left_to_the_view",
        help_text=_("Its child units, each with every unit below it. Empty: your top units."),
    )
    include_unit = CheckboxFilter(label=_("Include the unit itself"), method="left_to_the_view")
    target = TargetFilter(
        label=_("Target"), queryset=targets_in_scope, empty_label=_("All"), method="one_target"
    )
    learner_category = django_filters.ChoiceFilter(
        label=_("Learner category"),
        choices=LearnerCategory.choices,
        empty_label=_("All"),
        help_text=_(
            "Only the targets set for that category: a target for everyone counts every "
            "category, so it is left out."
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=TargetStatus.choices,
        empty_label=_("All"),
        method="left_to_the_view",
        widget=forms.RadioSelect,
    )
    deadline = OrderedDateRangeFilter(
        label=_("Deadline between"), field_name="deadline", widget=DateRangePickerWidget
    )

    class Meta:
        model = TrainingTarget
        fields: list[str] = []

    def one_target(self, queryset: Any, name: str, value: TrainingTarget | None) -> Any:
        return queryset.filter(pk=value.pk) if value else queryset

    def left_to_the_view(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset


# --- the view -------------------------------------------------------------------------------


def status_text(status: str) -> str:
    return str(TargetStatus(status).label)


def date_text(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


class UnitSummaryReportView(LmsReportView):
    page_title = _("Unit summary")
    exports_personal_data = False  # totals per unit and target
    header_icon = "list-ul"
    index_url_name = "cds_lms_reports:unit_summary"
    index_results_url_name = "cds_lms_reports:unit_summary_results"
    explanation = _(
        "One row per training target and unit: the child units of the unit you choose (your "
        "top units' child units when you choose none), each counting every unit below it, "
        "against every target set on the unit or above it. The expected share is where steady "
        "progress from the target's start to its deadline would stand today."
    )
    filterset_class = UnitSummaryFilterSet
    export_filename = "unit-summary"
    paginate_by = 50
    export_headings = {
        "target.title": _("Target"),
        "unit.code": _("Unit code"),
        "unit.name": _("Unit"),
        "people": _("People covered"),
        "completed": _("Completed"),
        "percent": _("Completion (%)"),
        "target.required_percent": _("Required (%)"),
        "expected_percent": _("Expected today (%)"),
        "status": _("Status"),
        "target.deadline": _("Deadline"),
    }
    list_export = list(export_headings)
    custom_field_preprocess = {
        "status": {CSV: status_text, XLSX: status_text},
        "target.deadline": {CSV: date_text},  # XLSX: a date cell
    }

    def may_view(self, user: Any) -> bool:
        return can_view_dashboard(user)

    def get_queryset(self) -> QuerySet[TrainingTarget]:
        return TrainingTarget.objects.all()

    def get_filtered_queryset(self) -> list[TargetProgress]:  # type: ignore[override]
        # Wagtail ignores filters that do not validate; a report must rather show nothing than
        # rows the person did not ask for (a unit outside the scope, a reversed range).
        if not self.filters.is_valid():
            return []
        chosen = self.filters.form.cleaned_data
        unit = chosen.get("unit")
        focus = [unit] if unit else top_units(request_scope(self.request))
        rows = unit_summary(
            focus,
            targets=self.filters.qs,
            include_focus=bool(chosen.get("include_unit")),
            today=timezone.localdate(),
        )
        if status := chosen.get("status"):
            rows = [row for row in rows if row.status == status]
        return rows

    def unit_url(self, unit: OrganisationUnit) -> str:
        """This report for `unit`'s child units, with the other filters kept."""
        params = self.request.GET.copy()
        for name in ("unit", self.page_kwarg, "export"):
            params.pop(name, None)
        params["unit"] = unit.pk
        return f"{reverse(self.index_url_name)}?{params.urlencode()}"

    @cached_property
    def columns(self) -> list:
        return [
            Column("target", label=_("Target"), accessor="target.title"),
            Column("unit_code", label=_("Unit code"), accessor="unit.code"),
            TitleColumn(
                "unit_name",
                label=_("Unit"),
                accessor="unit.name",
                get_url=lambda row: self.unit_url(row.unit),
            ),
            Column("people", label=_("People covered")),
            Column("completed", label=_("Completed")),
            Column(
                "percent", label=_("Completion (%)"), accessor=lambda row: cell_text(row.percent)
            ),
            Column("required", label=_("Required (%)"), accessor="target.required_percent"),
            Column(
                "expected",
                label=_("Expected today (%)"),
                accessor=lambda row: cell_text(row.expected_percent),
            ),
            StatusColumn(
                "status", label=_("Status"), accessor=lambda row: status_badge(row.status)
            ),
            DateColumn("deadline", label=_("Deadline"), accessor="target.deadline"),
        ]
