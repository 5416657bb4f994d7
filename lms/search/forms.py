"""The search form (GET): the words, and which kind of page to show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lms.conf import lms_settings
from lms.text import nfc

from .query import search_kinds


class SearchForm(forms.Form):
    """Both fields are optional and read one by one: refused words stop the search, an unknown
    kind only widens it to every kind."""

    q = forms.CharField(label=_("Search for"), required=False)
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (kind, model.get_search_kind_label()) for kind, model in search_kinds().items()
        ]

    def clean_q(self) -> str:
        """The words as typed, in NFC with whitespace collapsed; refused when longer than
        `LMS_SEARCH_MAX_QUERY_LENGTH` (a search of a pasted page would be slow and useless)."""
        value = nfc(self.cleaned_data["q"])
        limit = lms_settings.SEARCH_MAX_QUERY_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                ngettext(
                    "Your search is too long: use at most %(limit)d character.",
                    "Your search is too long: use at most %(limit)d characters.",
                    limit,
                )
                % {"limit": limit},
                code="too_long",
            )
        return value
