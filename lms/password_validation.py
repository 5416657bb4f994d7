"""Password validators of the library, for AUTH_PASSWORD_VALIDATORS."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import (
    UserAttributeSimilarityValidator,
    exceeds_maximum_length_ratio,
)
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .search.folding import fold, fold_words


def _full_names(user) -> list[str]:
    """The names a person is known by here: the learner profile's full name (the one on the
    certificate) and the account's first and last name (Wagtail's user form)."""
    names = []
    try:
        names.append(user.learner_profile.full_name)
    except (ObjectDoesNotExist, AttributeError):
        pass
    get_full_name = getattr(user, "get_full_name", None)
    if callable(get_full_name):
        names.append(get_full_name())
    return [name for name in names if name and name.strip()]


class FullNameSimilarityValidator(UserAttributeSimilarityValidator):
    """Django's check against the username, names and email, and also against the person's
    full name compared without diacritics and spaces: "TranThiHoc2026" is too close to
    "Trần Thị Học" although no word of it is spelt the same."""

    def validate(self, password: str, user=None) -> None:
        super().validate(password, user)
        if not user:
            return
        folded_password = fold(password).replace(" ", "")
        for name in _full_names(user):
            words = fold_words(name)
            for part in [*words, "".join(words)]:
                if exceeds_maximum_length_ratio(folded_password, self.max_similarity, part):
                    continue
                ratio = SequenceMatcher(a=folded_password, b=part).quick_ratio()
                if ratio >= self.max_similarity:
                    raise ValidationError(
                        _("The password is too similar to your full name."),
                        code="password_too_similar",
                    )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message of the library's own: Django 5.2 changed its msgid ("%d") and
    its Vietnamese catalogue still translates the old one, so Vietnamese users were told in
    English."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
