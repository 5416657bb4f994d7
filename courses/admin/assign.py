"""Admin screen to assign a course: pick a course, a unit (its whole subtree, optionally one
learner category) and/or learners, a due date; see what will happen; confirm.

The screen decides nothing about who may be assigned: it offers the units and learners the
person may see, and the confirmation makes one call to `lms.services.assign_course`, which
checks everyone against the person's units and writes all or nothing. Its refusal
(`NotPermitted`) is shown as it is. The preview only reads, to say how many people will be
newly enrolled, re-opened or left as they are; it names and counts only people the person may
see (`LearnerProfile.objects.visible_to`), and stops at anyone else.

Who may use it: anyone with ``cds_lms.assign_courses`` (superusers, site administrators,
unit managers). Administrators see every unit and learner; managers their subtrees.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from courses.models import CoursePage
from lms import services
from lms.admin.units import ORGANISATION_MENU_HOOK, UnitChoiceField, units_visible_to
from lms.exceptions import NotPermitted
from lms.models import (
    Enrollment,
    EnrollmentStatus,
    LearnerCategory,
    LearnerProfile,
    OrganisationUnit,
)

#: The permission this screen asks for; `assign_course` asks for it again.
ASSIGN_PERMISSION = "cds_lms.assign_courses"
#: How many of the people the preview names before it says "and N more".
PREVIEW_NAMES = 20


def can_assign_courses(user: Any) -> bool:
    return user.has_perm(ASSIGN_PERMISSION)


def can_view_enrollments(user: Any) -> bool:
    return user.has_perm("cds_lms.view_enrollment")


# --- the form -----------------------------------------------------------------------------


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoursePage) -> str:
        return obj.title


class LearnerChoiceIterator(ModelChoiceIterator):
    """Iterates the learners the field offers, not every learner it accepts."""

    def __init__(self, field: LearnerChoiceField) -> None:
        super().__init__(field)
        self.queryset = field.offered


class LearnerPickerWidget(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box, with a box to type in that hides the learners whose
    name, email or unit does not match (accents ignored: "nguyen" finds "Nguyễn")."""

    template_name = "courses/admin/widgets/learner_picker.html"

    class Media:
        js = ["courses/admin/learner-picker.js"]
        css = {"all": ["courses/admin/learner-picker.css"]}


class LearnerChoiceField(forms.ModelMultipleChoiceField):
    """Learners, by profile id, as checkboxes.

    The checkboxes offer the learners the person may see. On submission any existing learner
    is accepted: someone outside the person's units (a forged id, or a learner moved to
    another unit since the page was loaded) reaches `assign_course`, which refuses the whole
    assignment and says why, rather than this field quietly dropping the person.
    """

    iterator = LearnerChoiceIterator
    widget = LearnerPickerWidget

    def __init__(self, **kwargs: Any) -> None:
        self.offered = LearnerProfile.objects.none()
        super().__init__(queryset=LearnerProfile.objects.all(), **kwargs)

    def offer(self, queryset: Any) -> None:
        self.offered = queryset
        self.widget.choices = self.choices

    def label_from_instance(self, obj: LearnerProfile) -> str:
        label = f"{obj.full_name} <{obj.user.email or obj.user.get_username()}>"
        return f"{label} · {obj.unit.name}" if obj.unit_id else label


class AssignCourseForm(forms.Form):
    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        label=gettext_lazy("Course"),
        empty_label=gettext_lazy("Choose a course"),
        help_text=gettext_lazy("Published courses only."),
    )
    unit = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(),
        required=False,
        label=gettext_lazy("Unit"),
        empty_label=gettext_lazy("(no unit: only the learners ticked below)"),
        help_text=gettext_lazy("Everyone in the unit and in every unit below it."),
    )
    category = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Learner category"),
        choices=[("", gettext_lazy("Every category")), *LearnerCategory.choices],
        help_text=gettext_lazy("Only the unit's learners of this category."),
    )
    learners = LearnerChoiceField(
        required=False,
        label=gettext_lazy("Learners"),
        help_text=gettext_lazy("People to assign one by one, with or without a unit above."),
    )
    due_date = forms.DateField(
        required=False,
        label=gettext_lazy("Due date"),
        widget=AdminDateInput(),
        help_text=gettext_lazy("dd/mm/yyyy. Leave empty to use the course's own due date."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["unit"].queryset = units_visible_to(user)
        self.fields["learners"].offer(
            LearnerProfile.objects.visible_to(user)
            .filter(user__is_active=True)
            .select_related("user", "unit")
        )

    def clean_due_date(self) -> datetime.date | None:
        due_date = self.cleaned_data["due_date"]
        if due_date and due_date < timezone.localdate():
            raise ValidationError(_("The due date is in the past."))
        return due_date

    def clean(self) -> dict:
        data = super().clean()
        unit, learners = data.get("unit"), data.get("learners")
        if data.get("category") and not unit:
            self.add_error("category", _("Choose a unit: the category narrows down its learners."))
        if self.errors:
            return data
        if not unit and not learners:
            raise ValidationError(_("Choose a unit, some learners, or both."))
        data["user_ids"] = self.chosen_user_ids()
        if not data["user_ids"]:
            if data.get("category"):
                raise ValidationError(
                    _("Nobody matches: the unit has no learners of this category.")
                )
            raise ValidationError(_("Nobody matches: the unit has no learners."))
        return data

    def chosen_user_ids(self) -> set[int]:
        """The accounts of everyone chosen: the unit's active learners (of the category, if
        one is given) and the learners ticked one by one."""
        data = self.cleaned_data
        ids: set[int] = set()
        if data.get("unit"):
            in_unit = LearnerProfile.objects.in_units([data["unit"]]).filter(user__is_active=True)
            if data.get("category"):
                in_unit = in_unit.filter(category=data["category"])
            ids.update(in_unit.values_list("user_id", flat=True))
        if data.get("learners"):
            ids.update(data["learners"].values_list("user_id", flat=True))
        return ids


# --- what an assignment would do ----------------------------------------------------------


@dataclass(frozen=True)
class AssignmentPreview:
    """What `assign_course` would do to these people, as its summary will count it."""

    statuses: dict[int, str]  # user id -> current enrollment status, for those enrolled
    total: int

    @property
    def created(self) -> int:
        return self.total - len(self.statuses)

    @property
    def reopened(self) -> int:
        return sum(status == EnrollmentStatus.WITHDRAWN for status in self.statuses.values())

    @property
    def unchanged(self) -> int:
        return len(self.statuses) - self.reopened

    def outcome(self, user_id: int) -> str:
        status = self.statuses.get(user_id)
        if status is None:
            return _("Newly enrolled")
        if status == EnrollmentStatus.WITHDRAWN:
            return _("Re-opened")
        return _("Already enrolled")


def preview_assignment(*, course: CoursePage, user_ids: set[int]) -> AssignmentPreview:
    """Read, without writing, what assigning `course` to `user_ids` would do (one query)."""
    statuses = dict(
        Enrollment.objects.filter(course=course, user_id__in=user_ids).values_list(
            "user_id", "status"
        )
    )
    return AssignmentPreview(statuses=statuses, total=len(user_ids))


# --- the screen ---------------------------------------------------------------------------


class AssignCourseView(WagtailAdminTemplateMixin, FormView):
    """Choose, preview (a POST without ``confirm``), then assign (a POST with ``confirm``).

    The preview carries the choices on as hidden fields, and the confirmation validates them
    again: nothing the preview showed is trusted.
    """

    form_class = AssignCourseForm
    template_name = "courses/admin/assign_course.html"
    page_title = gettext_lazy("Assign a course")
    header_icon = "calendar-check"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_assign_courses(request.user):
            raise PermissionDenied  # Wagtail sends the person to the dashboard with a message
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_header_buttons(self) -> list[HeaderButton]:
        if not can_view_enrollments(self.request.user):
            return []
        return [
            HeaderButton(
                _("Enrollments"),
                reverse("cds_courses_enrollments:index"),
                icon_name="clipboard-list",
            )
        ]

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self) -> dict:
        # Links from a course page (?course=) or a unit (?unit=); the fields only show a
        # value that is among their choices.
        return {key: self.request.GET[key] for key in ("course", "unit") if key in self.request.GET}

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        context["media"] = context["form"].media
        return context

    def form_valid(self, form: AssignCourseForm) -> HttpResponse:
        if "confirm" in self.request.POST:
            return self.assign(form)
        if "back" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        return self.render_preview(form)

    def render_preview(self, form: AssignCourseForm) -> HttpResponse:
        course, user_ids = form.cleaned_data["course"], form.cleaned_data["user_ids"]
        # The preview names people and counts their enrollments: only for people the user may
        # see. Anyone else (a forged id) stops it here; `assign_course` would refuse them too.
        people = LearnerProfile.objects.visible_to(self.request.user).filter(user_id__in=user_ids)
        outside = len(user_ids) - people.count()
        if outside:
            form.add_error(
                None,
                ngettext(
                    "%(count)d of the chosen people is outside your units; nothing can be "
                    "assigned to them.",
                    "%(count)d of the chosen people are outside your units; nothing can be "
                    "assigned to them.",
                    outside,
                )
                % {"count": outside},
            )
            return self.form_invalid(form)
        preview = preview_assignment(course=course, user_ids=user_ids)
        named = [
            (profile, preview.outcome(profile.user_id))
            for profile in people.select_related("unit").order_by("full_name", "pk")[:PREVIEW_NAMES]
        ]
        due_date = form.cleaned_data["due_date"] or course.default_due_date()
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=preview,
                course=course,
                due_date=due_date,
                named=named,
                more=preview.total - len(named),
            )
        )

    def assign(self, form: AssignCourseForm) -> HttpResponse:
        data = form.cleaned_data
        course = data["course"]
        try:
            summary = services.assign_course(
                course=course,
                users=get_user_model().objects.filter(pk__in=data["user_ids"]).only("pk"),
                by=self.request.user,
                due_date=data["due_date"],
            )
        except NotPermitted as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "“%(course)s” assigned: %(created)d newly enrolled, %(reopened)d re-opened, "
                "%(unchanged)d already enrolled."
            )
            % {
                "course": course.title,
                "created": summary.created,
                "reopened": summary.reopened,
                "unchanged": summary.unchanged,
            },
        )
        # Show the course's enrollments, or, for those who may not list them, the form again.
        if can_view_enrollments(self.request.user):
            next_url = reverse("cds_courses_enrollments:index")
        else:
            next_url = reverse("cds_courses_assign:assign")
        return redirect(f"{next_url}?{urlencode({'course': course.pk})}")


# --- wiring: URL, menu item, buttons on course pages --------------------------------------


urlpatterns = [path("", AssignCourseView.as_view(), name="assign")]


@hooks.register("register_admin_urls")
def register_assign_urls() -> list:
    return [path("assign-course/", include((urlpatterns, "cds_courses_assign")))]


class AssignCourseMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_assign_courses(request.user)


@hooks.register(ORGANISATION_MENU_HOOK)
def register_assign_menu_item() -> MenuItem:
    return AssignCourseMenuItem(
        gettext_lazy("Assign a course"),
        reverse("cds_courses_assign:assign"),
        name="assign-course",
        icon_name="calendar-check",
        order=450,
    )


class AssignCoursePageButton(PageMenuItem):
    """ "Assign to learners" on a published course, in the page explorer and page header."""

    label = gettext_lazy("Assign to learners")
    icon_name = "calendar-check"
    priority = 45

    def is_shown(self, user: Any) -> bool:
        return (
            self.page.specific_class is CoursePage and self.page.live and can_assign_courses(user)
        )

    @property
    def url(self) -> str:
        return reverse("cds_courses_assign:assign") + "?" + urlencode({"course": self.page.pk})


@hooks.register("register_page_listing_more_buttons")
def course_listing_buttons(page: Any, user: Any, next_url: str | None = None) -> list:
    return [AssignCoursePageButton(page=page)]


@hooks.register("register_page_header_buttons")
def course_header_buttons(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> list:
    return [AssignCoursePageButton(page=page)]
