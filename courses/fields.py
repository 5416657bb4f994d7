"""A small model field for a set of choices stored in one text column."""

from __future__ import annotations

from django import forms
from django.db import models


class MultipleChoiceField(models.CharField):
    """Several choices kept as ",a,b," so that `field__contains=",a,"` filters on any database.

    The Python value is a list of choice keys; the form field is a group of checkboxes.
    """

    def from_db_value(self, value, expression, connection) -> list[str]:
        return self.to_python(value)

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        return [part for part in (value or "").split(",") if part]

    def get_prep_value(self, value) -> str:
        items = self.to_python(value)
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj) -> str:
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance) -> None:
        allowed = {key for key, _label in self.choices or []}
        unknown = [item for item in self.to_python(value) if item not in allowed]
        if unknown:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"] % {"value": unknown[0]}
            )
        if not self.blank and not value:
            raise forms.ValidationError(self.error_messages["blank"])

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    @staticmethod
    def contains(key: str) -> str:
        """The value to pass to `__contains` to find rows holding `key`."""
        return f",{key},"
