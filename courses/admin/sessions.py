"""Wagtail admin for training sessions: listing, create and edit forms, cancelling a session.

A `ModelViewSet`, not a `SnippetViewSet`: a session is an operational record (places taken, a
cancellation, registrations hanging off it) whose state changes through `courses.services`, not
editorial content; snippets' extras (drafts, revisions, locking, workflows, previews) would
offer nothing a session can use, and a model viewset sits in the Organisation menu next to the
enrollments like the other record screens.

What the screens add to Wagtail's generic views:

- the form offers the courses grouped "blended first" and, as trainers, the people with the
  Trainer role; `TrainingSession.clean()` refuses a capacity below the places taken, and the
  edit view checks it again under a row lock, because learners may register while the form is
  being saved. A raised capacity gives the new places to the waitlist
  (`services.fill_from_waitlist`), who are emailed;
- places taken and the cancellation are never written from the form: the save keeps what the
  database holds at that moment;
- "Cancel session" (a confirmation page, then a POST) calls `services.cancel_session`; a session
  with registrations or attendance cannot be deleted, only cancelled, so its learners are told;
- the edit view shows the registrations (registered, the waitlist in its order, cancelled)
  read-only, with links to the trainer's sheets and exports on the front end;
- trainers (``view_trainingsession`` only) list the sessions they lead and nothing else, with
  links to their sheets; anyone who may take any attendance or change sessions lists them all.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
    TabbedInterface,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from lms import roles
from lms.admin.units import ORGANISATION_MENU_HOOK, ListingTitleColumn, NfcSearchMixin
from lms.models import display_name

from .. import services
from ..models import (
    AttendanceRecord,
    AttendanceStatus,
    CoursePage,
    DeliveryMode,
    Registration,
    RegistrationStatus,
    SessionKind,
    TrainingSession,
)

#: The permission that shows every session (administrators), not only the ones a trainer leads.
ALL_SESSIONS_PERMISSION = "cds_courses.take_any_attendance"


def sees_all_sessions(user: Any) -> bool:
    """Administrators (take any attendance) and whoever may change sessions see them all."""
    return user.has_perm(ALL_SESSIONS_PERMISSION) or user.has_perm(
        "cds_courses.change_trainingsession"
    )


def sessions_visible_to(user: Any) -> QuerySet[TrainingSession]:
    """Every session for administrators; for a trainer, the sessions they lead."""
    if sees_all_sessions(user):
        return TrainingSession.objects.all()
    return TrainingSession.objects.led_by(user)


def local_moment(value: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


# --- the links a session offers (front-end sheets and exports) ------------------------------


def sheet_links(session: TrainingSession) -> list[tuple[str, str, str]]:
    """(label, URL, icon) of the trainer's pages for `session`; each page checks for itself
    that the person may take the session's attendance."""
    return [
        (
            gettext("Attendance sheet"),
            reverse("courses:attendance_sheet", args=[session.pk]),
            "tasks",
        ),
        (
            gettext("Check-in screen (QR code)"),
            reverse("courses:checkin_screen", args=[session.pk]),
            "view",
        ),
        (
            gettext("Sign-in sheet (PDF)"),
            reverse("courses:signin_sheet", args=[session.pk]),
            "doc-full",
        ),
        (
            gettext("Attendance (CSV)"),
            reverse("courses:attendance_export", args=[session.pk, "csv"]),
            "download",
        ),
        (
            gettext("Attendance (XLSX)"),
            reverse("courses:attendance_export", args=[session.pk, "xlsx"]),
            "download",
        ),
    ]


# --- the form -------------------------------------------------------------------------------


class GroupedCourseIterator(ModelChoiceIterator):
    """The courses as two option groups: blended courses first (the ones that hold sessions),
    then online-only courses, which may still get a session (a live online class, or a course
    being turned into a blended one)."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        blended, online = [], []
        for course in self.queryset:
            group = blended if course.delivery_mode == DeliveryMode.BLENDED else online
            group.append(self.choice(course))
        if blended:
            yield (gettext("Blended courses"), blended)
        if online:
            yield (gettext("Online courses"), online)


class CourseChoiceField(forms.ModelChoiceField):
    iterator = GroupedCourseIterator

    def label_from_instance(self, obj: CoursePage) -> str:
        if not obj.live:
            return gettext("%(title)s (not published)") % {"title": obj.title}
        return obj.title


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{display_name(obj)} <{obj.email or obj.get_username()}>"


class TrainingSessionForm(WagtailAdminModelForm):
    """The session's own fields. Places taken and the cancellation are not among them: they
    change through `courses.services` only."""

    course = CourseChoiceField(
        queryset=CoursePage.objects.none(),
        label=_("Course"),
        empty_label=_("Choose a course"),
        help_text=_("Blended courses are listed first."),
    )
    trainers = TrainerChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Trainers"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People with the Trainer role. They take the session's attendance and see it "
            "in their list of sessions."
        ),
    )

    # The model's field, made to read "example.vn/meet" as https:// (Django 6's default).
    meeting_url = TrainingSession._meta.get_field("meeting_url").formfield(assume_scheme="https")

    class Meta:
        model = TrainingSession
        fields = [
            "course",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "meeting_url",
            "capacity",
            "trainers",
            "registration_opens_at",
            "registration_closes_at",
            "cancellation_deadline",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.order_by("title")
        # Trainers who have since left the role stay offered (and ticked) on their sessions,
        # so saving the form does not quietly take them off.
        User = get_user_model()
        current = (
            list(self.instance.trainers.values_list("pk", flat=True)) if self.instance.pk else []
        )
        in_role = User.objects.filter(groups__name=roles.TRAINER).values("pk")
        self.fields["trainers"].queryset = (
            User.objects.filter(Q(pk__in=in_role) | Q(pk__in=current))
            .select_related("learner_profile")
            .order_by("learner_profile__full_name", "username")
        )


class RegistrationsPanel(Panel):
    """Read-only: who registered for the session, the waitlist in its order, who cancelled,
    with each registered learner's attendance, and links to the trainer's sheets. Shown on
    the edit view only (a new session has no registrations)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/sessions/registrations_panel.html"

        def is_shown(self) -> bool:
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context: dict | None = None) -> dict:
            context = super().get_context_data(parent_context)
            session = self.instance
            rows = list(
                Registration.objects.filter(session=session)
                .select_related("user__learner_profile__unit")
                .order_by("queued_at", "pk")
            )
            attendance = dict(
                AttendanceRecord.objects.filter(session=session).values_list("user_id", "status")
            )
            for row in rows:
                row.learner_name = display_name(row.user)
                status = attendance.get(row.user_id)
                row.attendance = AttendanceStatus(status).label if status else ""
            registered = [r for r in rows if r.status == RegistrationStatus.REGISTERED]
            registered.sort(key=lambda r: (r.registered_at or r.queued_at, r.pk))
            cancelled = [r for r in rows if r.status == RegistrationStatus.CANCELLED]
            cancelled.sort(key=lambda r: (r.cancelled_at or r.queued_at, r.pk))
            context.update(
                session=session,
                registered=registered,
                waitlist=[r for r in rows if r.status == RegistrationStatus.WAITLISTED],
                cancelled=cancelled,
                links=sheet_links(session),
            )
            return context


session_edit_handler = TabbedInterface(
    [
        ObjectList(
            [
                FieldPanel("course"),
                FieldPanel("title"),
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                MultiFieldPanel(
                    [
                        FieldPanel("venue_name"),
                        FieldPanel("venue_address"),
                        FieldPanel("meeting_url"),
                    ],
                    heading=_("Where"),
                    help_text=_(
                        "An in-person session needs its venue; a live online session, its "
                        "meeting link."
                    ),
                ),
                FieldPanel("capacity"),
                FieldPanel("trainers"),
            ],
            heading=_("Session"),
        ),
        ObjectList(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("cancellation_deadline"),
            ],
            heading=_("Registration window"),
        ),
        ObjectList([RegistrationsPanel()], heading=_("Registrations and attendance")),
    ],
    base_form_class=TrainingSessionForm,
)


# --- the listing ----------------------------------------------------------------------------


class SessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=CoursePage.objects.order_by("title"),
        empty_label=_("All"),
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_when",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=SessionKind.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("scheduled", _("Scheduled")), ("cancelled", _("Cancelled"))],
        empty_label=_("All"),
        widget=forms.RadioSelect,
        method="filter_status",
    )

    class Meta:
        model = TrainingSession
        fields = []

    def filter_when(self, queryset: Any, name: str, value: str) -> Any:
        # A session under way is still "upcoming": its sheets are in use until it ends.
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gt=now)
        if value == "past":
            return queryset.filter(ends_at__lte=now)
        return queryset

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        if value == "scheduled":
            return queryset.filter(cancelled_at__isnull=True)
        if value == "cancelled":
            return queryset.filter(cancelled_at__isnull=False)
        return queryset


def _waitlist_count() -> Coalesce:
    # A correlated COUNT, so the page stays one query and no join multiplies the session rows;
    # a session without a waitlist has no group to count, hence the 0.
    count = Subquery(
        Registration.objects.filter(session=OuterRef("pk"), status=RegistrationStatus.WAITLISTED)
        .order_by()
        .values("session")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )
    return Coalesce(count, 0)


def session_rows(user: Any) -> QuerySet[TrainingSession]:
    """The sessions `user` may list, with what the listing shows joined or prefetched in."""
    trainers = (
        get_user_model()
        .objects.select_related("learner_profile")
        .order_by("learner_profile__full_name", "username")
    )
    return (
        sessions_visible_to(user)
        .annotate(course_title=F("course__title"), waitlist_count=_waitlist_count())
        .prefetch_related(Prefetch("trainers", queryset=trainers))
    )


class SessionIndexView(NfcSearchMixin, generic.IndexView):
    default_ordering = "-starts_at"

    def get_base_queryset(self) -> QuerySet[TrainingSession]:
        return session_rows(self.request.user)

    @cached_property
    def can_change(self) -> bool:
        return self.user_has_permission("change")

    def session_url(self, session: TrainingSession) -> str:
        """The edit form for those who may change sessions, else the attendance sheet."""
        if self.can_change:
            return reverse(self.edit_url_name, args=[session.pk])
        return reverse("courses:attendance_sheet", args=[session.pk])

    def get_list_more_buttons(self, instance: TrainingSession) -> list:
        buttons = super().get_list_more_buttons(instance)
        if self.can_change and not instance.is_cancelled:
            buttons.append(
                MenuItem(
                    gettext("Cancel session"),
                    url=reverse(cancel_url_name(), args=[instance.pk]),
                    icon_name="cross",
                    priority=25,
                )
            )
        for priority, (label, url, icon) in enumerate(sheet_links(instance), start=40):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons

    @cached_property
    def columns(self) -> list:
        return [
            ListingTitleColumn(
                "title",
                label=_("Title"),
                sort_key="title",
                get_url=self.session_url,
                get_buttons=self.get_list_buttons,
            ),
            Column("course_title", label=_("Course"), sort_key="course__title"),
            Column(
                "starts_at",
                label=_("Starts"),
                accessor=lambda session: local_moment(session.starts_at),
                sort_key="starts_at",
            ),
            Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
            Column(
                "venue",
                label=_("Venue"),
                accessor=lambda session: session.venue_name or session.get_kind_display(),
                sort_key="venue_name",
            ),
            Column(
                "places",
                label=_("Places taken"),
                accessor=lambda session: f"{session.seats_taken} / {session.capacity}",
                sort_key="seats_taken",
            ),
            Column("waitlist_count", label=_("Waitlist"), sort_key="waitlist_count"),
            Column(
                "trainers",
                label=_("Trainers"),
                accessor=lambda session: ", ".join(
                    display_name(trainer) for trainer in session.trainers.all()
                ),
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor=lambda session: (
                    gettext("Cancelled") if session.is_cancelled else gettext("Scheduled")
                ),
                sort_key="cancelled_at",
                primary=lambda session: not session.is_cancelled,
            ),
        ]


# --- create and edit ------------------------------------------------------------------------


class SessionEditView(generic.EditView):
    #: The waitlisted registrations the save gave a place to.
    promoted: list[int] | tuple = ()

    def get_queryset(self) -> QuerySet[TrainingSession]:
        return sessions_visible_to(self.request.user)

    def save_instance(self) -> TrainingSession:
        # `save_instance` of the generic view writes the form (with its trainers) once the
        # service has locked the session and checked the capacity against the places taken.
        self.promoted = services.update_session(
            session=self.form.instance, save=super().save_instance
        )
        return self.form.instance

    def form_valid(self, form: TrainingSessionForm) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # Learners registered while the form was sent: nothing was saved (the save is
            # atomic); say so as the form would have.
            if hasattr(error, "error_dict"):
                problems_by_field = error.error_dict
            else:
                problems_by_field = {None: error.error_list}
            for field, problems in problems_by_field.items():
                form.add_error(field if field in form.fields else None, problems)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self) -> str | None:
        message = super().get_success_message()
        if self.promoted:
            message += " " + ngettext(
                "%(count)d learner moved from the waitlist into a place and is emailed.",
                "%(count)d learners moved from the waitlist into places and are emailed.",
                len(self.promoted),
            ) % {"count": len(self.promoted)}
        return message

    @cached_property
    def header_more_buttons(self) -> list:
        buttons = list(super().header_more_buttons)
        if not self.object.is_cancelled:
            buttons.append(
                Button(
                    gettext("Cancel session"),
                    url=reverse(cancel_url_name(), args=[self.object.pk]),
                    icon_name="cross",
                    priority=15,
                )
            )
        for priority, (label, url, icon) in enumerate(sheet_links(self.object), start=40):
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class SessionCreateView(generic.CreateView):
    def save_instance(self) -> TrainingSession:
        session = super().save_instance()
        # One more session counts for the attendance criterion: progress bars move.
        services.schedule_changed(course_id=session.course_id)
        return session


class SessionDeleteView(generic.DeleteView):
    def get_queryset(self) -> QuerySet[TrainingSession]:
        return sessions_visible_to(self.request.user)

    def refuse(self, refusal: str) -> HttpResponse:
        messages.error(self.request, refusal)
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Say why before asking "are you sure?", rather than after.
        if refusal := services.deletion_refusal(self.object):
            return self.refuse(refusal)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        if refusal := services.deletion_refusal(self.object):
            return self.refuse(refusal)
        course_id = self.object.course_id
        response = super().form_valid(form)
        services.schedule_changed(course_id=course_id)
        return response


# --- cancelling a session -------------------------------------------------------------------


class CancelSessionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Ask "are you sure?" (GET), then cancel through `services.cancel_session` (POST)."""

    model = TrainingSession
    permission_required = "change"
    template_name = "courses/admin/sessions/cancel_session.html"
    page_title = _("Cancel session")
    header_icon = "cross"
    index_url_name: str = ""
    edit_url_name: str = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(sessions_visible_to(request.user), pk=kwargs["pk"])

    @property
    def edit_url(self) -> str:
        return reverse(self.edit_url_name, args=[self.object.pk])

    def get_page_subtitle(self) -> str:
        return self.object.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext("Training sessions")},
            {"url": self.edit_url, "label": self.object.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.object.is_cancelled:
            messages.info(request, gettext("This session is already cancelled."))
            return redirect(self.edit_url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict:
        active = Registration.objects.filter(session=self.object).exclude(
            status=RegistrationStatus.CANCELLED
        )
        return super().get_context_data(
            session=self.object,
            starts=local_moment(self.object.starts_at),
            to_notify=active.count(),
            edit_url=self.edit_url,
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_cancelled = self.object.is_cancelled
        to_notify = (
            Registration.objects.filter(session=self.object)
            .exclude(status=RegistrationStatus.CANCELLED)
            .count()
        )
        services.cancel_session(session=self.object, by=request.user)
        if was_cancelled:
            messages.info(request, gettext("This session is already cancelled."))
        else:
            messages.success(
                request,
                ngettext(
                    "“%(title)s” cancelled. %(count)d learner is being emailed.",
                    "“%(title)s” cancelled. %(count)d learners are being emailed.",
                    to_notify,
                )
                % {"title": self.object.title, "count": to_notify},
            )
        return redirect(self.edit_url)


# --- the viewset ----------------------------------------------------------------------------


class TrainingSessionViewSet(ModelViewSet):
    model = TrainingSession
    name = "sessions"
    url_namespace = "cds_courses_sessions"
    url_prefix = "training-sessions"
    icon = "date"
    menu_label = _("Training sessions")
    menu_order = 420  # after Enrollments (400), before Assign a course (450)
    menu_hook = ORGANISATION_MENU_HOOK
    list_per_page = 50
    search_fields = ["title", "venue_name"]
    search_backend_name = None  # the database, so a search sees the same rows as the scope
    filterset_class = SessionFilterSet
    copy_view_enabled = False  # a copy would carry no registrations, but every date: confusing
    add_to_reference_index = False  # sessions are records, not content others link to
    edit_handler = session_edit_handler
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView

    def get_common_view_kwargs(self, **kwargs: Any) -> dict:
        # No usage view: nothing refers to a session through the reference index.
        return super().get_common_view_kwargs(usage_url_name=None, **kwargs)

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path(
                "cancel/<int:pk>/",
                CancelSessionView.as_view(
                    index_url_name=self.get_url_name("index"),
                    edit_url_name=self.get_url_name("edit"),
                ),
                name="cancel",
            ),
        ]

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        # Every permission of the model, "view" included: it is how trainers list their
        # sessions, so the group editor must show it.
        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(self.model))


session_viewset = TrainingSessionViewSet()


def cancel_url_name() -> str:
    return session_viewset.get_url_name("cancel")


@hooks.register("register_admin_viewset")
def register_session_viewset() -> TrainingSessionViewSet:
    return session_viewset
