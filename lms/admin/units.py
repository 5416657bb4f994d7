"""Wagtail admin for the organisation tree and the people who manage its units.

The screens change nothing themselves: creating, editing (and moving), deleting units and
assigning or removing managers all go through `lms.services`, so the tree invariants and the
audit log are the same as for imports and commands.

Who sees what:

- site administrators and superusers see, add, edit and delete every unit;
- unit managers (``view_organisationunit``) see only the subtrees they manage, read-only;
- assigning and removing unit managers needs the ``*_unitmanagerassignment`` permissions.

The three screens (learners, units, unit managers) share one "Organisation" menu; another app
or module adds an item to it through the ``ORGANISATION_MENU_HOOK`` hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from .. import services
from ..exceptions import UnitDeleteError, UnitMoveError
from ..models import (
    LearnerProfile,
    OrganisationUnit,
    OrganisationUnitQuerySet,
    UnitManagerAssignment,
)
from ..text import nfc

#: Register a ``MenuItem``-returning function with this hook to add it to the Organisation menu.
ORGANISATION_MENU_HOOK = "register_cds_lms_organisation_menu_item"

# Four no-break spaces per level and an arrow, as Wagtail indents collections: plain text, so
# the same label works in a table cell and in a <select> option.
_INDENT = "\u00a0" * 4


# --- scope and shared widgets -------------------------------------------------------------


def units_visible_to(user: Any) -> OrganisationUnitQuerySet:
    """The units `user` may see in the admin: all of them for whoever administers the tree or
    may see every learner (superusers included), the managed subtrees for unit managers."""
    if user.has_perm("cds_lms.change_organisationunit") or user.has_perm(
        "cds_lms.view_all_learners"
    ):
        return OrganisationUnit.objects.all()
    return OrganisationUnit.objects.managed_by(user)


def indented_unit_name(unit: OrganisationUnit) -> str:
    """The unit's name pushed right by its depth in the tree ("↳" under its parent)."""
    level = unit.depth - 1
    if level <= 0:
        return unit.name
    return f"{_INDENT * level}↳ {unit.name}"


class UnitChoiceField(forms.ModelChoiceField):
    """A choice of unit in tree order (the manager's ordering), labels indented by depth."""

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        return indented_unit_name(obj)


class UnitFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: OrganisationUnit) -> str:
        return indented_unit_name(obj)


class UnitFilter(django_filters.ModelChoiceFilter):
    """Filter by one unit chosen among those the user may see (pass ``queryset=`` a callable
    taking the request)."""

    field_class = UnitFilterField


class UnitFilterAdapter(BaseFilterAdapter):
    """The active-filter chip names the unit plainly: indentation only helps in a list."""

    def get_active_filters(self) -> Any:
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            self.value.name,
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(UnitFilter, UnitFilterAdapter)


class ListingTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The first column of a listing: a link to the object and the row's action buttons.

    Wagtail builds this column itself only from a field name; ours need a custom accessor
    (the indented name, a person's name) and a sort key of our choosing (none in the tree).
    """

    def __init__(self, *args: Any, get_buttons: Callable[[Any], list], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._get_buttons = get_buttons

    def get_buttons(self, instance: Any, parent_context: dict) -> list:
        return self._get_buttons(instance)


def title_column(view: generic.IndexView, name: str, **kwargs: Any) -> ListingTitleColumn:
    """A `ListingTitleColumn` linking to the edit view, or to the inspect view for readers."""
    return ListingTitleColumn(
        name,
        get_url=lambda obj: view.get_edit_url(obj) or view.get_inspect_url(obj),
        get_buttons=view.get_list_buttons,
        **kwargs,
    )


class NfcSearchMixin:
    """Search with the query in Unicode NFC, as names are stored: Vietnamese typed with
    combining marks (NFD) finds the same people as when typed precomposed."""

    @cached_property
    def search_query(self) -> str:
        return nfc(super().search_query)


def person_label(user: Any) -> str:
    """A person as administrators know them: the profile's full name and the email."""
    try:
        name = user.learner_profile.full_name
    except LearnerProfile.DoesNotExist:
        name = user.get_full_name()
    email = user.email or user.get_username()
    return f"{name} <{email}>" if name else email


# --- organisation units -------------------------------------------------------------------


def _count(queryset: Any) -> Subquery:
    # COUNT(*) as a correlated subquery: one query for the whole page, and no join that would
    # multiply the unit rows (and with them the other counts).
    return Subquery(
        queryset.order_by()
        .annotate(total=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("total"),
        output_field=IntegerField(),
    )


class OrganisationUnitForm(WagtailAdminModelForm):
    parent = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(),
        required=False,
        label=_("Parent unit"),
        empty_label=_("(none: a top-level unit)"),
        help_text=_("Moving a unit moves all of its sub-units and learners with it."),
    )

    class Meta:
        model = OrganisationUnit
        fields = ["code", "name", "kind"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["parent"].queryset = (
            units_visible_to(user) if user is not None else OrganisationUnit.objects.all()
        )
        if self.instance.pk and "parent" not in self.initial:
            parent = self.instance.get_parent()
            self.initial["parent"] = parent.pk if parent else None
        self.order_fields(["parent", "code", "name", "kind"])

    def clean_parent(self) -> OrganisationUnit | None:
        parent = self.cleaned_data["parent"]
        if self.instance.pk:
            try:
                services.check_unit_move(self.instance, parent)
            except UnitMoveError as error:
                raise ValidationError(str(error), code="invalid_move") from error
        return parent


class UnitIndexView(NfcSearchMixin, generic.IndexView):
    default_ordering = "path"  # tree order: every unit right under its parent

    def get_base_queryset(self) -> Any:
        managers = UnitManagerAssignment.objects.select_related(
            "user", "user__learner_profile"
        ).order_by("user__username")
        return (
            units_visible_to(self.request.user)
            .annotate(
                learners_direct=_count(LearnerProfile.objects.filter(unit=OuterRef("pk"))),
                learners_total=_count(
                    LearnerProfile.objects.filter(unit__path__startswith=OuterRef("path"))
                ),
            )
            .prefetch_related(Prefetch("manager_assignments", queryset=managers))
        )

    @cached_property
    def columns(self) -> list:
        return [
            title_column(self, "name", label=_("Name"), accessor=indented_unit_name),
            Column("code", label=_("Code"), classname="w-whitespace-nowrap"),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("learners_direct", label=_("Learners in the unit")),
            Column("learners_total", label=_("Learners incl. sub-units")),
            Column(
                "managers",
                label=_("Managers"),
                accessor=lambda unit: ", ".join(
                    person_label(a.user) for a in unit.manager_assignments.all()
                ),
            ),
        ]

    def get_list_more_buttons(self, instance: OrganisationUnit) -> list:
        buttons = super().get_list_more_buttons(instance)
        if self.add_url:
            buttons.append(
                MenuItem(
                    gettext("Add sub-unit"),
                    url=f"{self.add_url}?parent={instance.pk}",
                    icon_name="plus",
                    priority=15,
                )
            )
        if managers_url := unit_managers_url(self.request.user, instance):
            buttons.append(
                MenuItem(gettext("Unit managers"), url=managers_url, icon_name="user", priority=25)
            )
        return buttons


def unit_managers_url(user: Any, unit: OrganisationUnit) -> str | None:
    """The managers listing of `unit`, for those allowed to see it."""
    policy = policy_registry.get_by_type(UnitManagerAssignment)
    if not policy.user_has_any_permission(user, ["add", "change", "delete", "view"]):
        return None
    return reverse(unit_manager_viewset.get_url_name("index")) + f"?unit={unit.pk}"


class UnitCreateView(generic.CreateView):
    def get_initial(self) -> dict:
        initial = super().get_initial()
        if parent := self.request.GET.get("parent"):
            initial["parent"] = parent  # validated against the user's units by the field
        return initial

    def save_instance(self) -> OrganisationUnit:
        data = self.form.cleaned_data
        unit = services.create_unit(
            code=data["code"], name=data["name"], kind=data["kind"], parent=data["parent"]
        )
        log(instance=unit, action="wagtail.create", user=self.request.user)
        return unit


class UnitEditView(generic.EditView):
    def get_queryset(self) -> Any:
        return units_visible_to(self.request.user)

    def save_instance(self) -> OrganisationUnit:
        data = self.form.cleaned_data
        unit = services.update_unit(
            unit=self.object,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            parent=data["parent"],
            user=self.request.user,
        )
        log(instance=unit, action="wagtail.edit", user=self.request.user)
        return unit

    def form_valid(self, form: OrganisationUnitForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except UnitMoveError as error:
            # The form checked the move, but the tree may have changed since: nothing was
            # saved (the service is atomic), so show the same error as the form would.
            form.add_error("parent", str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        if managers_url := unit_managers_url(self.request.user, self.object):
            buttons.append(
                Button(gettext("Unit managers"), url=managers_url, icon_name="user", priority=5)
            )
        return buttons


class UnitDeleteView(generic.DeleteView):
    def get_queryset(self) -> Any:
        return units_visible_to(self.request.user)

    def refuse(self, error: UnitDeleteError) -> HttpResponse:
        messages.error(self.request, str(error))
        return redirect(reverse(self.index_url_name))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Say why before asking "are you sure?", rather than after.
        try:
            services.check_unit_delete(self.object)
        except UnitDeleteError as error:
            return self.refuse(error)
        return super().get(request, *args, **kwargs)

    def delete_action(self) -> None:
        services.delete_unit(unit=self.object, user=self.request.user)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except UnitDeleteError as error:
            return self.refuse(error)


class OrganisationUnitViewSet(ModelViewSet):
    model = OrganisationUnit
    name = "units"
    url_namespace = "cds_lms_units"
    icon = "site"
    menu_label = _("Organisation units")
    menu_order = 200
    list_per_page = 100
    search_fields = ["name", "code"]
    search_backend_name = None  # the database: names and codes, no search index to keep
    copy_view_enabled = False  # a copy would share the code, and skip the tree service
    add_to_reference_index = False  # learners' units are PROTECTed; no usage index needed
    index_view_class = UnitIndexView
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    delete_view_class = UnitDeleteView

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        return super().get_common_view_kwargs(usage_url_name=None, **kwargs)

    def get_form_class(self, for_update: bool = False) -> type[forms.Form]:
        return OrganisationUnitForm


# --- unit managers ------------------------------------------------------------------------


class UnitManagerForm(forms.Form):
    """Who manages which unit. Not a model form: assigning someone twice is not an error,
    the service simply keeps the one assignment."""

    user = forms.CharField(
        label=_("Manager"),
        max_length=254,
        help_text=_("The email address or username of the person's account."),
    )
    unit = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(),
        label=_("Unit"),
        help_text=_("The person will see this unit and every unit below it."),
    )

    def __init__(
        self, *args: Any, instance: Any = None, for_user: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance  # what the generic create view expects a form to carry
        self.fields["unit"].queryset = (
            units_visible_to(for_user) if for_user is not None else OrganisationUnit.objects.all()
        )

    def clean_user(self) -> Any:
        login = self.cleaned_data["user"].strip()
        matches = list(
            get_user_model()
            ._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .order_by("pk")[:2]
        )
        exact = [user for user in matches if user.get_username().lower() == login.lower()]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("Several accounts use this email address; enter the username instead.")
            )
        raise ValidationError(_("No account has this email address or username."))


class UnitManagerIndexView(NfcSearchMixin, generic.IndexView):
    page_title = _("Unit managers")
    add_item_label = _("Assign a unit manager")
    default_ordering = ["unit__path", "user__username"]

    def get_base_queryset(self) -> Any:
        return UnitManagerAssignment.objects.select_related(
            "unit", "user", "user__learner_profile"
        ).filter(unit__in=units_visible_to(self.request.user))

    @cached_property
    def columns(self) -> list:
        return [
            title_column(self, "user", label=_("Manager"), accessor=lambda a: person_label(a.user)),
            Column("unit", label=_("Unit")),
            DateColumn("created_at", label=_("Manager since")),
        ]


class UnitManagerFilterSet(WagtailFilterSet):
    unit = UnitFilter(
        label=_("Unit"),
        queryset=lambda request: units_visible_to(request.user),
    )

    class Meta:
        model = UnitManagerAssignment
        fields = []


class UnitManagerCreateView(generic.CreateView):
    page_title = _("Assign")
    submit_button_label = _("Assign")
    submit_button_active_label = _("Assigning…")

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict:
        initial = super().get_initial()
        if unit := self.request.GET.get("unit"):
            initial["unit"] = unit
        return initial

    def save_instance(self) -> UnitManagerAssignment:
        user, unit = self.form.cleaned_data["user"], self.form.cleaned_data["unit"]
        self.already_assigned = UnitManagerAssignment.objects.filter(user=user, unit=unit).exists()
        return services.assign_unit_manager(user=user, unit=unit, by=self.request.user)

    def get_success_message(self, instance: UnitManagerAssignment) -> str:
        values = {"person": person_label(instance.user), "unit": instance.unit.name}
        if self.already_assigned:
            return gettext("%(person)s already manages “%(unit)s”; nothing changed.") % values
        return gettext("%(person)s now manages “%(unit)s” and every unit below it.") % values

    def get_success_buttons(self) -> list:
        return []  # there is no edit view: an assignment is only made or removed

    def get_success_url(self) -> str:
        return reverse(self.index_url_name) + f"?unit={self.object.unit_id}"


class UnitManagerDeleteView(generic.DeleteView):
    page_title = _("Remove unit manager")

    def get_queryset(self) -> Any:
        return UnitManagerAssignment.objects.select_related("user", "unit").filter(
            unit__in=units_visible_to(self.request.user)
        )

    @property
    def confirmation_message(self) -> str:
        return gettext(
            "Stop %(person)s managing “%(unit)s”? They will no longer see its learners."
        ) % {"person": person_label(self.object.user), "unit": self.object.unit.name}

    def delete_action(self) -> None:
        services.remove_unit_manager(
            user=self.object.user, unit=self.object.unit, by=self.request.user
        )

    def get_success_message(self) -> str:
        return gettext("%(person)s no longer manages “%(unit)s”.") % {
            "person": person_label(self.object.user),
            "unit": self.object.unit.name,
        }


class UnitManagerViewSet(ModelViewSet):
    model = UnitManagerAssignment
    name = "unit-managers"
    url_namespace = "cds_lms_unit_managers"
    icon = "user"
    menu_label = _("Unit managers")
    menu_order = 300
    list_per_page = 50
    search_fields = ["user__username", "user__email", "user__learner_profile__full_name"]
    search_backend_name = None
    filterset_class = UnitManagerFilterSet
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = UnitManagerIndexView
    add_view_class = UnitManagerCreateView
    delete_view_class = UnitManagerDeleteView

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        # An assignment has nothing to edit and no history of its own (the unit's history
        # records assignments and removals).
        return super().get_common_view_kwargs(
            edit_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_urlpatterns(self) -> list:
        kept = {"index", "index_results", "add", "delete"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]

    def get_form_class(self, for_update: bool = False) -> type[forms.Form]:
        return UnitManagerForm


# --- registration -------------------------------------------------------------------------

unit_viewset = OrganisationUnitViewSet()
unit_manager_viewset = UnitManagerViewSet()


class OrganisationViewSetGroup(ModelViewSetGroup):
    """The "Organisation" menu: learners (registered from `lms.admin.learners` through the
    submenu hook), organisation units and unit managers."""

    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 250
    submenu_hook = ORGANISATION_MENU_HOOK
    items = (unit_viewset, unit_manager_viewset)


@hooks.register("register_admin_viewset")
def register_organisation_viewsets() -> OrganisationViewSetGroup:
    return OrganisationViewSetGroup()


@hooks.register("register_log_actions")
def register_unit_log_actions(actions: Any) -> None:
    actions.register_action(
        "cds_lms.unit.remove_manager", _("Remove unit manager"), _("Unit manager removed")
    )
