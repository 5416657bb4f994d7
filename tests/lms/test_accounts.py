"""The public account pages: register, log in and out, reset a password, the profile,
the privacy notice, the language switcher and the home page."""

import re
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from home.models import HomePage
from lms import roles, services
from lms.conf import lms_settings
from lms.exceptions import DuplicateEmailError
from lms.models import LearnerProfile
from tests.factories import PASSWORD, LearnerProfileFactory, UnitFactory, UserFactory

User = get_user_model()

REGISTER_URL = reverse("lms:register")
LOGIN_URL = reverse("lms:login")
LOGOUT_URL = reverse("lms:logout")
PROFILE_URL = reverse("lms:profile")
NEW_PASSWORD = "Hoc-tap-so-2026!"


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, the language of the source strings the assertions quote (the site's
    default, Vietnamese, is tested in the language switcher test)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def registration(province):
    """A complete, valid registration form; tests change what they need."""
    return {
        "full_name": "Nguyễn Thị Mai",
        "email": "mai.nguyen@example.gov.vn",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "unit": province["commune"].pk,
        "category": "public_employee",
        "position": "Chuyên viên",
        "consent": "on",
    }


@pytest.fixture
def home_page(db):
    """The reference site's home page, made the root of the default site."""
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Chuyển đổi số Thái Bình",
            slug="trang-chu",
            intro="Học trực tuyến về chính quyền số, kinh tế số và xã hội số.",
            body="<p>Ba trụ cột của Nghị quyết 02.</p>",
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    cache.clear()  # Wagtail caches the site root paths; start every test from the same state
    return home


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# --- registration ----------------------------------------------------------------------


@override_settings(LMS_PRIVACY_NOTICE_VERSION="2026-test")
def test_registration_creates_a_logged_in_learner_with_profile_and_consent(
    client, registration, province
):
    # Given a full name typed with decomposed diacritics (NFD) and an email in mixed case
    registration["full_name"] = "Nguye\u0302\u0303n Thi\u0323 Mai"
    registration["email"] = "Mai.Nguyen@Example.gov.vn"
    before = timezone.now()

    # When the person registers
    response = client.post(REGISTER_URL, registration, follow=True)

    # Then they land on their profile, logged in, with a welcome message
    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Welcome, Nguyễn Thị Mai!" in response.content.decode()
    user = User.objects.get()
    assert logged_in_user_id(client) == str(user.pk)
    assert user.username == user.email == "mai.nguyen@example.gov.vn"
    assert user.check_password(NEW_PASSWORD)
    # And the profile holds what they typed, the name in NFC
    profile = user.learner_profile
    assert profile.full_name == "Nguyễn Thị Mai"
    assert profile.unit == province["commune"]
    assert (profile.category, profile.position) == ("public_employee", "Chuyên viên")
    # And they have the Learner role and their consent is recorded with the notice's version
    assert list(user.groups.values_list("name", flat=True)) == [roles.LEARNER]
    assert profile.consent_version == "2026-test"
    assert before <= profile.consented_at <= timezone.now()


def test_registration_without_consent_creates_no_account(client, registration):
    # Given a form whose consent box is left unticked
    del registration["consent"]

    # When it is submitted
    response = client.post(REGISTER_URL, registration)

    # Then the form comes back with the reason, and nobody was created or logged in
    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == [
        "You must agree to the privacy notice to create an account."
    ]
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None


def test_registration_with_an_existing_email_in_another_case_is_refused(
    client, registration, learner
):
    # Given an account already uses an email, and someone registers it in capitals
    registration["email"] = learner.email.upper()
    users_before = User.objects.count()
    profiles_before = LearnerProfile.objects.count()

    # When the form is submitted
    response = client.post(REGISTER_URL, registration)

    # Then a clear error is shown on the email field and nothing is written
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "An account with this email address already exists. Log in or reset your password."
    ]
    assert "An account with this email address already exists" in response.content.decode()
    assert User.objects.count() == users_before
    assert LearnerProfile.objects.count() == profiles_before
    assert logged_in_user_id(client) is None


def test_a_double_submission_creates_one_account(registration):
    # Given the same form sent twice, e.g. a double click before the first answer arrives
    first, second = Client(), Client()

    # When both requests arrive
    first_response = first.post(REGISTER_URL, registration)
    second_response = second.post(REGISTER_URL, registration)

    # Then one account exists; the second request is told the address is taken
    assert first_response.status_code == 302
    assert second_response.status_code == 200
    assert "email" in second_response.context["form"].errors
    assert User.objects.count() == 1
    assert LearnerProfile.objects.count() == 1


def test_two_registrations_racing_past_the_email_check_still_make_one_account(province):
    # Given two workers that both found the email free (the check ran before either wrote)
    details = {
        "full_name": "Phạm Văn Đua",
        "email": "dua@example.gov.vn",
        "password": NEW_PASSWORD,
        "unit": province["department"],
        "category": "civil_servant",
        "consent": True,
    }
    services.register_learner(**details)

    # When the second one writes
    with mock.patch("lms.services.email_taken", return_value=False):
        with pytest.raises(DuplicateEmailError):
            services.register_learner(**details)

    # Then the unique username decided: one account, one profile
    assert User.objects.count() == 1
    assert LearnerProfile.objects.count() == 1


def test_registration_applies_django_password_validators(client, registration):
    # Given a password that is common and entirely numeric, and a mismatching confirmation
    registration.update(password1="12345678", password2="12345678")

    # When the form is submitted
    response = client.post(REGISTER_URL, registration)

    # Then the validators' messages are shown and no account exists
    errors = response.context["form"].errors["password2"]
    assert "This password is too common." in errors
    assert "This password is entirely numeric." in errors
    assert not User.objects.exists()


def test_registration_lists_units_in_tree_order_indented_by_depth(client, province):
    # When the registration page is opened
    response = client.get(REGISTER_URL)

    # Then the units appear in tree order, each indented one step per level
    labels = [label for _value, label in response.context["form"].fields["unit"].choices][1:]
    indent = "\u00a0" * 4
    assert labels == [
        "Tỉnh Thái Bình",
        indent + "Huyện Vũ Thư",
        indent * 2 + "Xã Tân Hòa",
        indent + "Sở Thông tin và Truyền thông",
    ]
    # And the consent label links to the privacy notice
    assert f'href="{reverse("lms:privacy")}"' in response.content.decode()


def test_registration_enforces_csrf(registration):
    # Given a browser-like client that checks CSRF tokens
    client = Client(enforce_csrf_checks=True)

    # When the form is posted without a token, nothing is created
    response = client.post(REGISTER_URL, registration)
    assert response.status_code == 403
    assert not User.objects.exists()

    # But with the token from the form page, registration succeeds
    client.get(REGISTER_URL)
    token = client.cookies["csrftoken"].value
    response = client.post(REGISTER_URL, {**registration, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert User.objects.count() == 1


def test_a_logged_in_person_opening_register_goes_to_the_profile(client, learner):
    client.force_login(learner)
    response = client.get(REGISTER_URL)
    assert response.status_code == 302
    assert response.url == PROFILE_URL


# --- log in and out ----------------------------------------------------------------------


@pytest.fixture
def named_user(db):
    """An account whose username is not its email, to tell the two logins apart."""
    user = UserFactory(username="hoc.vien", email="hoc.vien@example.gov.vn")
    LearnerProfileFactory(user=user, full_name="Đỗ Thị Hằng")
    return user


@pytest.mark.parametrize("login", ["hoc.vien", "HOC.VIEN@example.gov.vn"])
def test_login_by_username_or_email(client, named_user, login):
    # Given the login page, labelled for both
    page = client.get(LOGIN_URL)
    assert page.context["form"].fields["username"].label == "Username or email"

    # When the person logs in with their username or their email (any case)
    response = client.post(LOGIN_URL, {"username": login, "password": PASSWORD})

    # Then they are logged in and sent to their learning dashboard
    assert response.status_code == 302
    assert response.url == reverse("lms:dashboard")
    assert logged_in_user_id(client) == str(named_user.pk)


def test_login_with_a_wrong_password_says_so(client, named_user):
    response = client.post(LOGIN_URL, {"username": "hoc.vien", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username or email and password" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_logout_refuses_get_and_works_by_post(client, learner):
    # Given a logged-in learner
    client.force_login(learner)

    # When a link (GET) tries to log them out, it is refused and they stay logged in
    assert client.get(LOGOUT_URL).status_code == 405
    assert logged_in_user_id(client) == str(learner.pk)

    # When they press the logout button (POST), they are logged out and sent home
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_id(client) is None


def test_the_header_shows_the_login_state(client, learner):
    # Anonymous: log in and register links
    html = client.get(reverse("lms:privacy")).content.decode()
    assert f'href="{LOGIN_URL}"' in html and f'href="{REGISTER_URL}"' in html

    # Logged in: the full name from the profile, a profile link and a POST logout form
    client.force_login(learner)
    html = client.get(reverse("lms:privacy")).content.decode()
    assert "Trần Thị Học" in html
    assert f'href="{PROFILE_URL}"' in html
    assert f'<form class="lms-inline-form" method="post" action="{LOGOUT_URL}">' in html


# --- password reset ----------------------------------------------------------------------


def test_password_reset_sends_an_email_with_a_working_link(client, named_user):
    # When the person asks for a reset with their email in another case
    response = client.post(reverse("lms:password_reset"), {"email": "Hoc.Vien@example.gov.vn"})

    # Then they are told to check their mail, and one email went to their address
    assert response.status_code == 302
    assert response.url == reverse("lms:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hoc.vien@example.gov.vn"]
    assert "Reset your password" in message.subject
    assert "Đỗ Thị Hằng" in message.body

    # When they open the link and choose a new password
    link = re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    # Then the password is changed and they can log in with it
    assert done.status_code == 302
    assert done.url == reverse("lms:password_reset_complete")
    assert client.login(username="hoc.vien", password=NEW_PASSWORD)


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("lms:password_reset"), {"email": "ai.do@example.gov.vn"})
    assert response.status_code == 302
    assert response.url == reverse("lms:password_reset_done")
    assert mail.outbox == []


# --- profile -------------------------------------------------------------------------------


def test_profile_requires_login(client, db):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_profile_shows_the_details_and_the_consent(client, learner):
    # Given a learner who consented to the current notice on 05/03/2026 (Vietnam time)
    profile = learner.learner_profile
    profile.consent_version = lms_settings.PRIVACY_NOTICE_VERSION
    profile.consented_at = datetime(2026, 3, 5, 1, 0, tzinfo=UTC)
    profile.save()
    client.force_login(learner)

    # When they open their profile
    html = client.get(PROFILE_URL).content.decode()

    # Then their details fill the form and the consent is shown with a dd/mm/yyyy date
    assert 'value="Trần Thị Học"' in html
    assert f'<option value="{profile.unit_id}" selected>' in html
    assert lms_settings.PRIVACY_NOTICE_VERSION in html
    assert "05/03/2026" in html


def test_profile_edit_saves_the_learners_details(client, learner, province):
    # Given a logged-in learner
    client.force_login(learner)

    # When they change their details (a decomposed name, a new unit, a new email)
    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Tra\u0302\u0300n Thi\u0323 Ho\u0323c Mới",
            "email": "Hoc.Moi@example.gov.vn",
            "unit": province["commune"].pk,
            "position": "Phó phòng",
            "category": "civil_servant",
            "phone": "0912 345 678",
        },
        follow=True,
    )

    # Then they are back on the profile with a confirmation, and everything is saved
    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Your profile has been saved." in response.content.decode()
    learner.refresh_from_db()
    profile = LearnerProfile.objects.get(user=learner)
    assert learner.email == "hoc.moi@example.gov.vn"
    assert profile.full_name == "Trần Thị Học Mới"
    assert (profile.unit, profile.position, profile.phone) == (
        province["commune"],
        "Phó phòng",
        "0912 345 678",
    )


def test_profile_refuses_another_accounts_email(client, learner):
    # Given another account's email address
    other = UserFactory(email="khac@example.gov.vn")
    client.force_login(learner)
    email_before = learner.email

    # When the learner tries to take it (in another case)
    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Trần Thị Học",
            "email": "KHAC@example.gov.vn",
            "unit": learner.learner_profile.unit_id,
            "position": "",
            "category": "civil_servant",
            "phone": "",
        },
    )

    # Then the form says why, and neither account changed
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Another account already uses this email address."
    ]
    learner.refresh_from_db()
    other.refresh_from_db()
    assert learner.email == email_before
    assert other.email == "khac@example.gov.vn"


def test_profile_rejects_an_invalid_phone_and_a_removed_unit(client, learner):
    client.force_login(learner)
    response = client.post(
        PROFILE_URL,
        {
            "full_name": "Trần Thị Học",
            "email": learner.email,
            "unit": "",
            "category": "civil_servant",
            "phone": "abc",
        },
    )
    assert set(response.context["form"].errors) == {"unit", "phone"}
    assert LearnerProfile.objects.get(user=learner).phone == ""


def test_an_account_without_a_profile_gets_one_on_the_profile_page(client, superuser):
    # Given a superuser made without a learner profile
    client.force_login(superuser)

    # When they open the profile page
    response = client.get(PROFILE_URL)

    # Then it works, with an empty profile named after the account and no unit required
    assert response.status_code == 200
    profile = LearnerProfile.objects.get(user=superuser)
    assert profile.full_name == "root-admin"
    assert response.context["form"].fields["unit"].required is False
    assert "Not recorded" in response.content.decode()


def test_profile_page_query_count_is_pinned(client, learner, province, django_assert_num_queries):
    # Given a logged-in learner and a tree of many units
    for _ in range(20):
        UnitFactory(parent=province["commune"])
    client.force_login(learner)

    # When the profile page is opened, it costs (the session comes from the cache):
    #   1. the user with their learner profile (the authentication backend joins it; it serves
    #      ensure_profile and the header's name),
    #   2. the units for the unit <select>, one query however many units there are.
    with django_assert_num_queries(2):
        response = client.get(PROFILE_URL)
    assert response.status_code == 200


# --- privacy notice, language, home page ---------------------------------------------------


@override_settings(LMS_PRIVACY_NOTICE_VERSION="2026-02")
def test_privacy_notice_names_the_law_and_its_version(client, db):
    html = client.get(reverse("lms:privacy")).content.decode()
    assert "91/2025/QH15" in html
    assert "2026-02" in html


def test_language_switcher_switches_the_page_to_english(client, settings):
    # Given the site in its default language, Vietnamese
    settings.LANGUAGE_CODE = "vi"
    privacy_url = reverse("lms:privacy")
    assert '<html lang="vi">' in client.get(privacy_url).content.decode()

    # When the visitor chooses English in the header's switcher (a POST that keeps the page)
    response = client.post(reverse("set_language"), {"language": "en", "next": privacy_url})

    # Then they come back to the same page, now in English
    assert response.status_code == 302
    assert response.url == privacy_url
    html = client.get(privacy_url).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Privacy notice</h1>" in html
    assert 'aria-current="true"' in html.split('value="en"')[1].split(">")[0]


def test_home_page_renders_with_calls_to_action(client, home_page, learner):
    # When an anonymous visitor opens the home page
    html = client.get("/").content.decode()

    # Then it shows the page's title, intro and body, and invites them to register or log in
    assert '<h1 id="home-title">Chuyển đổi số Thái Bình</h1>' in html
    assert "Học trực tuyến về chính quyền số" in html
    assert "<p>Ba trụ cột của Nghị quyết 02.</p>" in html
    assert f'href="{REGISTER_URL}"' in html and f'href="{LOGIN_URL}"' in html

    # And a logged-in learner is sent on to their profile instead
    client.force_login(learner)
    html = client.get("/").content.decode()
    assert "Go to my profile" in html
