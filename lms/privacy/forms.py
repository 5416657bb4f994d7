"""Forms of the learner's privacy pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account will be closed and my personal data erased; my "
            "certificates can still be verified under the name printed on them."
        ),
        error_messages={"required": _("Tick the box to confirm your request.")},
    )
