"""Wagtail admin for training targets, in the Organisation menu.

Who sees what: the model's own permissions. Site administrators add, change and delete
targets of any unit; unit managers with ``view_trainingtarget`` see the targets set on units of
their subtrees (and the dashboard). Every single-object view starts from the same scoped
queryset, so a target of a unit outside the scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from ..admin.units import ORGANISATION_MENU_HOOK, UnitChoiceField, title_column
from ..conf import lms_settings
from ..models import Enrollment, LearnerProfile, OrganisationUnit, scope_paths, under
from .dashboard import status_badge
from .models import TrainingTarget
from .progress import TargetProgress


def targets_visible_to(user: Any) -> Any:
    """The targets set on units in `user`'s scope (all of them for administrators)."""
    targets = TrainingTarget.objects.select_related("unit").prefetch_related("courses")
    paths = scope_paths(user)
    return targets if paths is None else targets.filter(under("unit__path", paths))


def course_pages() -> Any:
    """Pages of the course page model (`LMS_COURSE_PAGE_MODEL`)."""
    model = apps.get_model(lms_settings.COURSE_PAGE_MODEL)
    return Page.objects.filter(content_type=ContentType.objects.get_for_model(model))


class TrainingTargetForm(WagtailAdminModelForm):
    unit = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(),
        label=_("Unit"),
        help_text=_("The target covers this unit and every unit below it."),
    )
    courses = forms.ModelMultipleChoiceField(
        queryset=Page.objects.none(),
        label=_("Courses"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person has completed the target when they completed every one of them."),
    )

    class Meta:
        model = TrainingTarget
        fields = [
            "unit",
            "title",
            "courses",
            "learner_category",
            "required_percent",
            "starts_on",
            "deadline",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["unit"].queryset = (
            OrganisationUnit.objects.managed_by(user)
            if user is not None
            else OrganisationUnit.objects.all()
        )
        # Live courses, and any course already chosen that has since been unpublished (so an
        # edit does not silently drop it).
        chosen = (
            list(self.instance.courses.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["courses"].queryset = (
            course_pages().filter(Q(live=True) | Q(pk__in=chosen)).order_by("title")
        )


def _count_of(queryset: Any) -> Subquery:
    # COUNT(*) as a correlated subquery, so one query serves the whole page of targets.
    return Subquery(
        queryset.order_by()
        .annotate(total=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("total"),
        output_field=IntegerField(),
    )


def with_own_unit_progress(targets: Any) -> Any:
    """Annotate each target with `own_people` and `own_completed`: how many people it covers in
    its own unit's subtree and how many completed it, as `progress_by_unit` counts them, for
    every target of the page in the same query."""
    target_courses = TrainingTarget.courses.through.objects.filter(
        trainingtarget_id=OuterRef(OuterRef(OuterRef("pk")))
    ).values("page_id")
    courses_done = Subquery(
        Enrollment.objects.filter(
            user_id=OuterRef("user_id"),
            completed_at__isnull=False,
            course_id__in=Subquery(target_courses),
        )
        .order_by()
        .annotate(
            total=Func(
                F("course_id"),
                function="COUNT",
                template="%(function)s(DISTINCT %(expressions)s)",
                output_field=IntegerField(),
            )
        )
        .values("total"),
        output_field=IntegerField(),
    )
    covered = (
        LearnerProfile.objects.filter(unit__path__startswith=OuterRef("unit__path"))
        # Everyone when the target names no category, else that category only.
        .filter(
            Q(Exact(OuterRef("learner_category"), "")) | Q(category=OuterRef("learner_category"))
        )
    )
    course_count = _count_of(
        TrainingTarget.courses.through.objects.filter(trainingtarget_id=OuterRef("pk"))
    )
    return targets.annotate(own_course_count=course_count).annotate(
        own_people=_count_of(covered),
        own_completed=_count_of(
            covered.annotate(courses_done=courses_done).filter(
                courses_done__gte=OuterRef("own_course_count")
            )
        ),
    )


def own_unit_status(target: TrainingTarget) -> dict[str, str]:
    """The status badge of the target on its own unit, today (from the annotations)."""
    has_courses = bool(target.courses.all())  # prefetched; none: nothing counts, as there
    progress = TargetProgress(
        target=target,
        unit=target.unit,
        people=target.own_people if has_courses else 0,
        completed=target.own_completed if has_courses else 0,
        today=timezone.localdate(),
    )
    return status_badge(progress.status)


class StatusColumn(Column):
    cell_template_name = "lms/targets/status_cell.html"


class TrainingTargetIndexView(generic.IndexView):
    default_ordering = ["deadline", "pk"]

    def get_base_queryset(self) -> Any:
        return with_own_unit_progress(targets_visible_to(self.request.user))

    @cached_property
    def columns(self) -> list:
        return [
            title_column(self, "title", label=_("Title")),
            Column("unit", label=_("Unit")),
            Column(
                "courses",
                label=_("Courses"),
                accessor=lambda target: ", ".join(c.title for c in target.courses.all()),
            ),
            Column(
                "learner_category",
                label=_("Learner category"),
                accessor=lambda target: (
                    target.get_learner_category_display() or gettext("Everyone")
                ),
            ),
            Column(
                "required_percent",
                label=_("Required share"),
                accessor=lambda target: f"{target.required_percent}%",
            ),
            DateColumn("deadline", label=_("Deadline")),
            StatusColumn("status", label=_("Status now"), accessor=own_unit_status),
        ]


class TargetScopeMixin:
    def get_queryset(self) -> Any:
        return targets_visible_to(self.request.user)


class TrainingTargetCreateView(generic.CreateView):
    def save_instance(self) -> TrainingTarget:
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class TrainingTargetEditView(TargetScopeMixin, generic.EditView):
    pass


class TrainingTargetDeleteView(TargetScopeMixin, generic.DeleteView):
    pass


class TrainingTargetHistoryView(history.HistoryView):
    def get_base_object_queryset(self) -> Any:
        return targets_visible_to(self.request.user)


class TrainingTargetViewSet(ModelViewSet):
    model = TrainingTarget
    name = "training-targets"
    url_namespace = "cds_lms_training_targets"
    icon = "tasks"
    menu_label = _("Training targets")
    menu_order = 400
    menu_hook = ORGANISATION_MENU_HOOK
    list_per_page = 50
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = TrainingTargetIndexView
    add_view_class = TrainingTargetCreateView
    edit_view_class = TrainingTargetEditView
    delete_view_class = TrainingTargetDeleteView
    history_view_class = TrainingTargetHistoryView

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        return super().get_common_view_kwargs(usage_url_name=None, **kwargs)

    def get_form_class(self, for_update: bool = False) -> type[forms.Form]:
        return TrainingTargetForm


training_target_viewset = TrainingTargetViewSet()
