"""Wagtail admin for learner profiles: the list (search, filters, CSV/XLSX export) and edits.

Every view starts from ``LearnerProfile.objects.visible_to(user)``: a unit manager lists,
exports, inspects and opens only learners of the subtrees they manage (any other learner is a
404), site administrators see everyone. Edits go through `lms.services.update_learner`.
Learners come in by registration or import, so there is no "add" screen here.

Opening the list, a learner's details or edit form, and every export, is recorded in the
personal data access log (`lms.privacy`, Law No. 91/2025/QH15).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import IntegrityError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet

from .. import services
from ..models import LearnerCategory, LearnerProfile, OrganisationUnit
from ..privacy.access import log_listing, log_person
from .listings import FormulaSafeExportMixin, StrictFiltersMixin, export_preprocess
from .units import (
    ORGANISATION_MENU_HOOK,
    NfcSearchMixin,
    UnitChoiceField,
    UnitFilter,
    title_column,
    units_visible_to,
)


def learners_visible_to(user: Any) -> Any:
    """The learners `user` may see, with what every screen shows of them in the same query."""
    return LearnerProfile.objects.visible_to(user).select_related("user", "unit")


class LearnerScopeMixin:
    """Single-object views: a learner outside the user's scope does not exist (404)."""

    def get_queryset(self) -> Any:
        return learners_visible_to(self.request.user)


class LearnerFilterSet(WagtailFilterSet):
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
        method="filter_unit_subtree",
        help_text=_("Learners of the unit and of every unit below it."),
    )
    category = django_filters.ChoiceFilter(
        label=_("Learner category"),
        choices=LearnerCategory.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LearnerProfile
        fields = []

    def filter_unit_subtree(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.in_units([value]) if value else queryset


class LearnerIndexView(
    StrictFiltersMixin, FormulaSafeExportMixin, NfcSearchMixin, generic.IndexView
):
    page_title = _("Learners")
    default_ordering = "full_name"
    # Spreadsheets have no time zones: times are written as people here read them.
    custom_field_preprocess = export_preprocess(datetimes=["user.date_joined"])

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if not self.is_export:  # an export is logged as one (FormulaSafeExportMixin)
            log_listing(request, self)
        return response

    def get_base_queryset(self) -> Any:
        # unit_code: an export column that stays empty, not an error, for a learner without
        # a unit (a dotted "unit.code" would fail on None).
        return learners_visible_to(self.request.user).annotate(unit_code=F("unit__code"))

    @cached_property
    def columns(self) -> list:
        return [
            title_column(self, "full_name", label=_("Full name"), sort_key="full_name"),
            Column("email", label=_("Email"), accessor="user.email", sort_key="user__email"),
            Column("unit", label=_("Unit"), sort_key="unit__path"),
            Column("position", label=_("Position"), sort_key="position"),
            Column(
                "category",
                label=_("Learner category"),
                accessor="get_category_display",
                sort_key="category",
            ),
            DateColumn(
                "date_joined",
                label=_("Date joined"),
                accessor="user.date_joined",
                sort_key="user__date_joined",
            ),
        ]


class LearnerProfileForm(WagtailAdminModelForm):
    unit = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(), required=False, label=_("Unit")
    )

    class Meta:
        model = LearnerProfile
        fields = ["full_name", "unit", "position", "category", "phone", "employee_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nobody can move a learner to a unit they may not see.
        self.fields["unit"].queryset = units_visible_to(self.for_user)

    def clean_employee_code(self) -> str:
        # The model's conditional unique constraint would only give a form-wide "constraint
        # violated"; say it on the field. (A field that fails here skips that constraint check.)
        code = self.cleaned_data["employee_code"].strip()
        if (
            code
            and LearnerProfile.objects.filter(employee_code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Another learner already has this employee code."))
        return code


class LearnerEditView(LearnerScopeMixin, generic.EditView):
    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        log_person(request, self.object.user, "learner edit form")
        return response

    def save_instance(self) -> LearnerProfile:
        data = self.form.cleaned_data
        return services.update_learner(
            profile=self.object,
            full_name=data["full_name"],
            unit=data["unit"],
            position=data["position"],
            category=data["category"],
            phone=data["phone"],
            employee_code=data["employee_code"],
            by=self.request.user,
        )

    def form_valid(self, form: LearnerProfileForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except IntegrityError:
            # The form checked the employee code; another edit took it in the meantime.
            form.add_error("employee_code", _("Another learner already has this employee code."))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class LearnerDeleteView(LearnerScopeMixin, generic.DeleteView):
    pass


class LearnerInspectView(generic.InspectView):
    def get_object(self, queryset: Any = None) -> LearnerProfile:
        profile = get_object_or_404(learners_visible_to(self.request.user), pk=self.pk)
        log_person(self.request, profile.user, "learner details")
        return profile

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "user":
            return _("Email")
        return super().get_field_label(field_name, field)

    def get_user_display_value(self) -> str:
        return self.object.user.email


class LearnerHistoryView(history.HistoryView):
    def get_base_object_queryset(self) -> Any:
        return learners_visible_to(self.request.user)


class LearnerProfileViewSet(ModelViewSet):
    model = LearnerProfile
    name = "learners"
    url_namespace = "cds_lms_learners"
    icon = "user"
    menu_label = _("Learners")
    menu_order = 100
    menu_hook = ORGANISATION_MENU_HOOK
    list_per_page = 50
    search_fields = ["full_name", "user__email", "employee_code"]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = LearnerFilterSet
    list_export = [
        "full_name",
        "user.email",
        "employee_code",
        "unit_code",
        "unit",
        "position",
        "get_category_display",
        "phone",
        "user.date_joined",
    ]
    export_headings = {
        "full_name": _("Full name"),
        "user.email": _("Email"),
        "employee_code": _("Employee code"),
        "unit_code": _("Unit code"),
        "unit": _("Unit"),
        "position": _("Position"),
        "get_category_display": _("Learner category"),
        "phone": _("Phone"),
        "user.date_joined": _("Date joined"),
    }
    export_filename = "learners"
    inspect_view_enabled = True  # what unit managers (read-only) open from the list
    inspect_view_fields = [
        "full_name",
        "user",
        "unit",
        "position",
        "category",
        "phone",
        "employee_code",
        "consented_at",
        "created_at",
    ]
    copy_view_enabled = False
    add_to_reference_index = False  # keeps profile saves (and imports) free of index writes
    index_view_class = LearnerIndexView
    edit_view_class = LearnerEditView
    delete_view_class = LearnerDeleteView
    inspect_view_class = LearnerInspectView
    history_view_class = LearnerHistoryView

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        # No add view: learners register themselves or are imported.
        return super().get_common_view_kwargs(add_url_name=None, usage_url_name=None, **kwargs)

    def get_urlpatterns(self) -> list:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]

    def get_form_class(self, for_update: bool = False) -> type[forms.Form]:
        return LearnerProfileForm


learner_viewset = LearnerProfileViewSet()


@hooks.register("register_admin_viewset")
def register_learner_viewset() -> LearnerProfileViewSet:
    return learner_viewset
