"""Forms of the public account pages. They validate input; `lms.services` applies the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .exceptions import ConsentRequiredError, DuplicateEmailError, LmsError
from .models import LearnerProfile, OrganisationUnit, phone_validator

User = get_user_model()

# One level of the unit tree in a <select>: non-breaking spaces survive HTML's whitespace
# collapsing inside <option>, so the hierarchy stays visible without any script.
INDENT = "\u00a0" * 4


class UnitChoiceField(forms.ModelChoiceField):
    """Organisation units in tree order, each label indented by its depth."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", OrganisationUnit.objects.order_by("path"))
        kwargs.setdefault("empty_label", _("Choose your unit…"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        return INDENT * (obj.depth - 1) + obj.name


def _profile_field(name: str, **kwargs: Any) -> forms.Field:
    # The model's own label, length and choices, so the forms and the admin say the same thing.
    return LearnerProfile._meta.get_field(name).formfield(**kwargs)


def _email_field() -> forms.EmailField:
    return User._meta.get_field("email").formfield(
        required=True, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ServiceErrorsMixin:
    """Shows an `LmsError` raised by a service as an error on the field it concerns."""

    service_error_fields: dict[type[LmsError], str] = {}

    def add_service_error(self, error: LmsError) -> None:
        field = next(
            (name for kind, name in self.service_error_fields.items() if isinstance(error, kind)),
            None,  # a non-field error, shown above the form
        )
        self.add_error(field, str(error))


class RegistrationForm(ServiceErrorsMixin, SetPasswordMixin, forms.Form):
    """A new learner's account, profile and consent to the privacy notice."""

    service_error_fields = {DuplicateEmailError: "email", ConsentRequiredError: "consent"}

    full_name = _profile_field("full_name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = _email_field()
    password1, password2 = SetPasswordMixin.create_password_fields()
    unit = UnitChoiceField(label=_("Unit"))
    category = _profile_field("category")
    position = _profile_field(
        "position", widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("You must agree to the privacy notice to create an account.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form so the link and the words follow the request's language.
        self.fields["consent"].label = format_html(
            gettext(
                'I have read the <a href="{url}" target="_blank" rel="noopener">privacy '
                "notice</a> (opens in a new tab) and agree that my personal data is processed "
                "for this training programme."
            ),
            url=reverse("lms:privacy"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.validate_passwords()
        # The validators compare the password with the account's username, email and the
        # full name (lms.password_validation reads it from first_name on a user without a
        # profile yet).
        email = cleaned.get("email") or ""
        full_name = cleaned.get("full_name") or ""
        self.validate_password_for_user(User(username=email, email=email, first_name=full_name))
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's login form, labelled for the username-or-email backend."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct username or email and password. Note that the password "
            "is case-sensitive."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or email")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class ProfileForm(ServiceErrorsMixin, forms.Form):
    """A learner's own details."""

    service_error_fields = {DuplicateEmailError: "email"}

    full_name = _profile_field("full_name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = _email_field()
    unit = UnitChoiceField(label=_("Unit"))
    position = _profile_field(
        "position", widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
    )
    category = _profile_field("category")
    phone = _profile_field(
        "phone",
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def __init__(self, *args: Any, profile: LearnerProfile, **kwargs: Any) -> None:
        kwargs["initial"] = {
            "full_name": profile.full_name,
            "email": profile.user.email,
            "unit": profile.unit_id,
            "position": profile.position,
            "category": profile.category,
            "phone": profile.phone,
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        # Once a person belongs to a unit they may move, not leave: the unit is what their
        # managers' reports count them under. Accounts made without one may stay without.
        self.fields["unit"].required = profile.unit_id is not None
