"""Password rules (AUTH_PASSWORD_VALIDATORS of the reference site) on every form that sets a
password: registration, password change, password reset, the Wagtail admin's "add user".
Each refuses a too-common, an all-digits password and one too close to the account's username
or email, with Django's Vietnamese message, and a too-short one with the library's message;
the full name counts too, compared without diacritics."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import PASSWORD, LearnerProfileFactory, UnitFactory, UserFactory

User = get_user_model()
GOOD = "Hoc-tap-so-2026!"
EMAIL = "pham.duc@example.gov.vn"

# (password, the Vietnamese message Django's validators give for it)
REFUSED = {
    "too common": ("qwerty123456", "Mật khẩu này quá phổ biến."),
    "all digits": ("202620262026", "Mật khẩu này hoàn toàn là số."),
    "like the username": (EMAIL, "Mật khẩu quá giống với"),
}


@pytest.fixture
def learner_named(db):
    profile = LearnerProfileFactory(
        full_name="Trần Thị Học", user__username=EMAIL, user__email=EMAIL
    )
    return profile.user


def register(client, password: str):
    unit = UnitFactory()
    data = {
        "full_name": "Phạm Minh Đức",
        "email": EMAIL,
        "password1": password,
        "password2": password,
        "unit": unit.pk,
        "category": "public_employee",
        "position": "Chuyên viên",
        "consent": "on",
    }
    response = client.post(reverse("lms:register"), data)
    return response, User.objects.filter(email=EMAIL).exists()


def change(client, user, password: str):
    client.force_login(user)
    response = client.post(
        reverse("lms:password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    user.refresh_from_db()
    return response, user.check_password(password)


def reset(client, user, password: str):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page = client.get(reverse("lms:password_reset_confirm", args=[uid, token]), follow=True)
    set_password_url = page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": password, "new_password2": password})
    user.refresh_from_db()
    return response, user.check_password(password)


def admin_add_user(client, password: str, **names):
    client.force_login(UserFactory(username="root-admin", is_staff=True, is_superuser=True))
    data = {
        "username": EMAIL,
        "email": EMAIL,
        "first_name": names.get("first_name", "Đức"),
        "last_name": names.get("last_name", "Phạm Minh"),
        "password1": password,
        "password2": password,
    }
    response = client.post(reverse("wagtailusers_users:add"), data)
    return response, User.objects.filter(username=EMAIL).exists()


FORMS = {
    "registration": lambda client, user, password: register(client, password),
    "password change": change,
    "password reset": reset,
    "admin add user": lambda client, user, password: admin_add_user(client, password),
}


@pytest.mark.parametrize("case", REFUSED)
@pytest.mark.parametrize("form", FORMS)
def test_a_weak_password_is_refused_with_a_vietnamese_message(client, learner_named, form, case):
    password, message = REFUSED[case]
    if form in ("registration", "admin add user"):
        learner_named.delete()  # these forms make the account themselves
    response, saved = FORMS[form](client, learner_named, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not saved


@pytest.mark.parametrize("form", FORMS)
def test_a_good_password_is_accepted(client, learner_named, form):
    if form in ("registration", "admin add user"):
        learner_named.delete()
    response, saved = FORMS[form](client, learner_named, GOOD)

    assert response.status_code == 302
    assert saved


# The library's own messages (lms.password_validation), in English until their Vietnamese
# translations are compiled.
FULL_NAME = "The password is too similar to your full name."
TOO_SHORT = "This password is too short: it must have at least 12 characters."


@pytest.mark.parametrize("form", FORMS)
def test_a_short_password_is_refused(client, learner_named, form, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    if form in ("registration", "admin add user"):
        learner_named.delete()
    response, saved = FORMS[form](client, learner_named, "Hoc-tap-1!")  # 10 characters

    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    assert not saved


@pytest.mark.parametrize("form", ["password change", "password reset"])
def test_a_password_made_of_the_full_name_is_refused(client, learner_named, form, settings):
    settings.LANGUAGE_CODE = "en"
    # "TranThiHoc" is "Trần Thị Học" without diacritics and spaces
    response, saved = FORMS[form](client, learner_named, "TranThiHoc-2026")

    assert response.status_code == 200
    assert FULL_NAME in response.content.decode()
    assert not saved


def test_registration_compares_the_password_with_the_full_name_typed_in(db, client, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    # "PhamMinhDuc" is "Phạm Minh Đức", the name on the registration form
    response, saved = register(client, "PhamMinhDuc-2026")

    assert response.status_code == 200
    assert FULL_NAME in response.content.decode()
    assert not saved


def test_the_admin_form_compares_the_first_and_last_name(client, db, settings):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    response, saved = admin_add_user(
        client, "DoThiHang-2026", first_name="Hằng", last_name="Đỗ Thị"
    )

    assert response.status_code == 200
    assert FULL_NAME in response.content.decode()
    assert not saved


def test_the_rules_are_listed_on_the_form(client, db):
    html = client.get(reverse("lms:register")).content.decode()

    assert re.search(r"ít nhất 12 ký tự", html)
