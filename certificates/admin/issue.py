"""Admin screen to issue certificates by hand: one learner's, or a whole course's (optionally
one unit's subtree) in the background.

The screen decides nothing: one learner's certificate is one call to
`services.issue_certificate`; a course's is one task, `tasks.bulk_issue_certificates`, given
ids, which issues in batches and may be re-run safely. Administrators only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.admin.units import UnitChoiceField, units_visible_to
from lms.models import Enrollment, OrganisationUnit

from .. import services
from ..exceptions import NotCompleted, NoTemplate
from ..models import template_for_course
from . import is_certificate_administrator
from .listing import index_url_for_course
from .templates import CourseChoiceField, course_pages

ONE, COURSE = "one", "course"


class IssueForm(forms.Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("Issue"),
        choices=[
            (ONE, gettext_lazy("One learner's certificate")),
            (COURSE, gettext_lazy("Every missing certificate of the course (in the background)")),
        ],
        initial=COURSE,
        widget=forms.RadioSelect,
    )
    course = CourseChoiceField(
        queryset=OrganisationUnit.objects.none(), label=gettext_lazy("Course")
    )
    learner = forms.CharField(
        required=False,
        label=gettext_lazy("Learner"),
        help_text=gettext_lazy("Username or email, for one learner's certificate."),
    )
    unit = UnitChoiceField(
        queryset=OrganisationUnit.objects.none(),
        required=False,
        label=gettext_lazy("Unit"),
        empty_label=gettext_lazy("(every unit)"),
        help_text=gettext_lazy("For a course: only learners of this unit and the units below."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = course_pages()
        self.fields["unit"].queryset = units_visible_to(user)

    def clean(self) -> dict:
        data = super().clean()
        course = data.get("course")
        if course is not None and template_for_course(course.pk) is None:
            self.add_error("course", _("This course has no certificate template."))
        if data.get("scope") == ONE and course is not None:
            data["enrollment"] = self.find_enrollment(course, data.get("learner", "").strip())
        return data

    def find_enrollment(self, course: Any, learner: str) -> Enrollment | None:
        if not learner:
            self.add_error("learner", _("Give the learner's username or email."))
            return None
        users = get_user_model().objects.filter(Q(username=learner) | Q(email__iexact=learner))
        enrollment = Enrollment.objects.filter(course=course, user__in=users).first()
        if enrollment is None:
            self.add_error("learner", _("This person is not enrolled in the course."))
        return enrollment


class IssueView(WagtailAdminTemplateMixin, FormView):
    form_class = IssueForm
    template_name = "certificates/admin/issue.html"
    page_title = gettext_lazy("Issue certificates")
    header_icon = "doc-full"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_certificate_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: IssueForm) -> HttpResponse:
        data = form.cleaned_data
        course = data["course"]
        if data["scope"] == ONE:
            try:
                certificate = services.issue_certificate(
                    enrollment_id=data["enrollment"].pk, by=self.request.user
                )
            except (NotCompleted, NoTemplate) as error:
                form.add_error(None, str(error))
                return self.form_invalid(form)
            messages.success(
                self.request, _("Certificate %(serial)s issued.") % {"serial": certificate.serial}
            )
        else:
            from ..tasks import bulk_issue_certificates

            unit = data.get("unit")
            args = (course.pk, unit.pk if unit else None, self.request.user.pk)
            transaction.on_commit(lambda: bulk_issue_certificates.enqueue(*args))
            messages.success(
                self.request,
                _("Issuing the missing certificates of “%(course)s” in the background.")
                % {"course": course.title},
            )
        return redirect(index_url_for_course(course.pk))


urlpatterns = [path("", IssueView.as_view(), name="issue")]
