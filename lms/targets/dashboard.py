"""The managers' training dashboard: how the units in a person's scope stand against the
training targets that apply to them.

- The landing page shows the person's top units (the units they manage; every root unit for
  administrators), and for each target on that unit or above it, a table of its child units.
- ``?unit=<id>`` drills down to one unit (outside the person's scope: 404).
- ``?unit=<id>&view=people`` (and any unit without sub-units) lists the learners of the
  subtree, with done / not done for each target.

Under the targets, each series other apps register (`lms.targets.series`: certificates issued
per week, for instance) is drawn for the people of the units shown, with its table.

The numbers come from `lms.targets.progress`; the query count depends on the number of targets
and series shown, never on the number of units or people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Enrollment, LearnerProfile, OrganisationUnit, path_in_scope, scope_paths
from .charts import Bar, bar_chart, line_chart, week_starts
from .models import TargetStatus, TrainingTarget
from .progress import TargetProgress, progress_by_unit
from .series import WeeklySeries, counts_per_week, series_counts, weekly_series

#: The permissions that open the dashboard (any of them).
DASHBOARD_PERMISSIONS = (
    "cds_lms.view_trainingtarget",
    "cds_lms.add_trainingtarget",
    "cds_lms.change_trainingtarget",
)

#: Background and text colour of each status badge; the badge always shows its text too, so
#: the colour is never the only sign.
STATUS_COLOURS = {
    TargetStatus.MET: ("#d3ebff", "#003d70"),
    TargetStatus.ON_TRACK: ("#d7f3df", "#0d5224"),
    TargetStatus.AT_RISK: ("#ffe8b3", "#6b4100"),
    TargetStatus.BEHIND: ("#fbdcd9", "#8a1c12"),
}

PEOPLE_PER_PAGE = 50
WEEKS = 12


def can_view_dashboard(user: Any) -> bool:
    return any(user.has_perm(permission) for permission in DASHBOARD_PERMISSIONS)


def status_badge(status: str) -> dict[str, str]:
    """What a status badge shows: its text, and colours that pass WCAG AA contrast."""
    background, colour = STATUS_COLOURS[TargetStatus(status)]
    return {
        "status": str(status),
        "label": str(TargetStatus(status).label),
        "style": f"background:{background};color:{colour}",
    }


def ancestor_paths(unit: OrganisationUnit) -> list[str]:
    """The tree paths of the unit and every unit above it."""
    step = OrganisationUnit.steplen
    return [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]


def top_units(paths: list[str] | None) -> list[OrganisationUnit]:
    """The highest units of a scope: the root units for everyone-seers, else the managed units
    that lie under no other managed unit."""
    if paths is None:
        return list(OrganisationUnit.objects.filter(depth=1))
    tops = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return list(OrganisationUnit.objects.filter(path__in=tops))


def targets_for(units: list[OrganisationUnit]) -> dict[int, list[TrainingTarget]]:
    """The targets that apply to each unit (set on it or on a unit above it), in one query
    (and one for their courses)."""
    paths = {path for unit in units for path in ancestor_paths(unit)}
    targets = list(
        TrainingTarget.objects.filter(unit__path__in=paths)
        .select_related("unit")
        .prefetch_related("courses")
    )
    return {unit.pk: [t for t in targets if unit.path.startswith(t.unit.path)] for unit in units}


def course_ids(target: TrainingTarget) -> list[int]:
    return [course.pk for course in target.courses.all()]  # prefetched


def weekly_completions(
    target: TrainingTarget, unit: OrganisationUnit, today: datetime.date
) -> list[tuple[datetime.date, int]]:
    """Completions of the target's courses by the people it covers in `unit`'s subtree, per
    week over the last `WEEKS` weeks (Mondays, the current week last). One query."""
    enrollments = Enrollment.objects.filter(
        course_id__in=course_ids(target),
        user__learner_profile__unit__path__startswith=unit.path,
    )
    if target.learner_category:
        enrollments = enrollments.filter(user__learner_profile__category=target.learner_category)
    return counts_per_week(enrollments, "completed_at", week_starts(today, WEEKS))


@dataclass
class TargetPanel:
    """One target as seen from one unit: the unit's total, its child units' rows, charts."""

    target: TrainingTarget
    total: TargetProgress
    rows: list[TargetProgress]
    weekly: list[tuple[datetime.date, int]]
    bar_svg: SafeString = field(init=False)
    line_svg: SafeString = field(init=False)

    def __post_init__(self) -> None:
        self.bar_svg = bar_chart(
            [Bar(row.unit.name, row.percent) for row in self.rows],
            required=self.target.required_percent,
            title=gettext("Completion of “%(target)s” by unit") % {"target": self.target.title},
        )
        self.line_svg = line_chart(
            self.weekly,
            title=gettext("Completions of “%(target)s” per week") % {"target": self.target.title},
        )

    @property
    def badge(self) -> dict[str, str]:
        return status_badge(self.total.status)

    @property
    def row_badges(self) -> list[tuple[TargetProgress, dict[str, str]]]:
        return [(row, status_badge(row.status)) for row in self.rows]


def target_panels(
    unit: OrganisationUnit,
    children: list[OrganisationUnit],
    targets: list[TrainingTarget],
    today: datetime.date,
) -> list[TargetPanel]:
    """Five queries per target: two for the child rows, two for the unit's total, one for the
    weekly completions."""
    return [
        TargetPanel(
            target=target,
            total=progress_by_unit(target, [unit], today=today)[0],
            rows=progress_by_unit(target, children, today=today),
            weekly=weekly_completions(target, unit, today),
        )
        for target in targets
    ]


@dataclass
class SeriesChart:
    """One registered series for the units shown: its counts per week and their chart."""

    series: WeeklySeries
    weekly: list[tuple[datetime.date, int]]
    line_svg: SafeString = field(init=False)

    def __post_init__(self) -> None:
        self.line_svg = line_chart(
            self.weekly, title=str(self.series.label), description=str(self.series.description)
        )


def series_charts(units: list[OrganisationUnit], today: datetime.date) -> list[SeriesChart]:
    """Every registered series for the people of `units` and the units below them, over the
    completions chart's weeks: one query per series."""
    paths = [unit.path for unit in units]
    weeks = week_starts(today, WEEKS)
    return [
        SeriesChart(series=series, weekly=series_counts(series, paths, weeks))
        for series in weekly_series()
    ]


def unit_report_url(unit: OrganisationUnit) -> str | None:
    """The unit summary report of `unit`, or None where that report is not installed."""
    try:
        return reverse("cds_lms_reports:unit_summary") + f"?unit={unit.pk}"
    except NoReverseMatch:
        return None


@dataclass
class PersonRow:
    profile: LearnerProfile
    results: list[str | None]  # per target: "done", "not_done", or None (not covered)


def people_rows(page: PaginatorPage, targets: list[TrainingTarget]) -> list[PersonRow]:
    """Done / not done per target for one page of learners: one query per target."""
    profiles = list(page.object_list)
    user_ids = [profile.user_id for profile in profiles]
    done_by_target = []
    for target in targets:
        ids = course_ids(target)
        done = set()
        if ids:
            done = set(
                Enrollment.objects.filter(
                    user_id__in=user_ids, course_id__in=ids, completed_at__isnull=False
                )
                .order_by()
                .values("user_id")
                .annotate(courses=Count("course_id", distinct=True))
                .filter(courses__gte=len(ids))
                .values_list("user_id", flat=True)
            )
        done_by_target.append(done)
    rows = []
    for profile in profiles:
        results: list[str | None] = []
        for target, done in zip(targets, done_by_target, strict=True):
            if target.learner_category and profile.category != target.learner_category:
                results.append(None)
            else:
                results.append("done" if profile.user_id in done else "not_done")
        rows.append(PersonRow(profile=profile, results=results))
    return rows


class TrainingDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Training dashboard")
    header_icon = "list-ul"
    template_name = "lms/targets/dashboard.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("cds_lms_training_dashboard"), "label": self.page_title},
        ]
        for unit in self.trail:
            items.append({"url": self.unit_url(unit), "label": unit.name})
        return items

    @staticmethod
    def unit_url(unit: OrganisationUnit, *, people: bool = False) -> str:
        url = reverse("cds_lms_training_dashboard") + f"?unit={unit.pk}"
        return url + "&view=people" if people else url

    def get_unit(self, paths: list[str] | None) -> OrganisationUnit | None:
        raw = self.request.GET.get("unit")
        if not raw:
            return None
        try:
            unit = OrganisationUnit.objects.get(pk=int(raw))
        except (ValueError, OrganisationUnit.DoesNotExist) as error:
            raise Http404 from error
        if not path_in_scope(unit.path, paths):
            raise Http404  # as if it did not exist: no hint of units outside the scope
        return unit

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        paths = scope_paths(self.request.user)
        unit = self.get_unit(paths)
        self.trail: list[OrganisationUnit] = []
        context: dict[str, Any] = {"today": today, "unit": unit}
        if unit is None:
            focus = top_units(paths)
        else:
            focus = [unit]
            self.trail = [
                ancestor
                for ancestor in OrganisationUnit.objects.filter(path__in=ancestor_paths(unit))
                if path_in_scope(ancestor.path, paths)
            ]
        children_of = self.children_of(focus)
        targets = targets_for(focus)
        show_people = unit is not None and (
            self.request.GET.get("view") == "people" or not children_of[unit.pk]
        )
        if show_people:
            context.update(self.people_context(unit, targets[unit.pk]))
        else:
            context["sections"] = [
                {
                    "unit": focus_unit,
                    "people_url": self.unit_url(focus_unit, people=True),
                    "report_url": unit_report_url(focus_unit),
                    "panels": target_panels(
                        focus_unit, children_of[focus_unit.pk], targets[focus_unit.pk], today
                    ),
                    "child_urls": {
                        child.pk: self.unit_url(child) for child in children_of[focus_unit.pk]
                    },
                }
                for focus_unit in focus
            ]
            if focus:
                context["series_charts"] = series_charts(focus, today)
                context["scope_names"] = ", ".join(focus_unit.name for focus_unit in focus)
        context["show_people"] = show_people
        context.update(super().get_context_data(**kwargs))
        return context

    @staticmethod
    def children_of(units: list[OrganisationUnit]) -> dict[int, list[OrganisationUnit]]:
        """The child units of each of `units`, in one query."""
        children: dict[int, list[OrganisationUnit]] = {unit.pk: [] for unit in units}
        if not units:
            return children
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path, depth=unit.depth + 1)
        for child in OrganisationUnit.objects.filter(condition):
            for unit in units:
                if child.path.startswith(unit.path):
                    children[unit.pk].append(child)
        return children

    def people_context(
        self, unit: OrganisationUnit, targets: list[TrainingTarget]
    ) -> dict[str, Any]:
        profiles = (
            LearnerProfile.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit", "user")
            .order_by("full_name", "pk")
        )
        paginator = Paginator(profiles, PEOPLE_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return {
            "targets": targets,
            "people": people_rows(page, targets),
            "page_obj": page,
            "units_url": self.unit_url(unit),
        }
