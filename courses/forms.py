"""The catalogue's filter form (GET): free text, pillar, audience and delivery mode."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lms.models import LearnerCategory, Pillar
from lms.text import nfc

from .fields import MultipleChoiceField
from .models import DeliveryMode


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words from the course's title or summary."),
    )
    pillar = forms.ChoiceField(
        label=_("Pillar"), required=False, choices=[("", _("All pillars")), *Pillar.choices]
    )
    audience = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("Everyone")), *LearnerCategory.choices],
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode"),
        required=False,
        choices=[("", _("Online or blended")), *DeliveryMode.choices],
    )

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"])

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)

    def filter(self, courses: QuerySet) -> QuerySet:
        """`courses` narrowed by the valid fields (an invalid one is ignored, and shown)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            courses = courses.filter(
                Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"])
            )
        if data.get("pillar"):
            courses = courses.filter(pillar=data["pillar"])
        if data.get("audience"):
            # A course without an audience is for everyone, so it stays in the list.
            courses = courses.filter(
                Q(audience__contains=MultipleChoiceField.contains(data["audience"]))
                | Q(audience=[])
            )
        if data.get("delivery_mode"):
            courses = courses.filter(delivery_mode=data["delivery_mode"])
        return courses
