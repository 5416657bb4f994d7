"""Consent to the privacy notice: its history, and asking again when the notice changes."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from lms import services
from lms.conf import lms_settings
from lms.models import Consent, LearnerProfile
from lms.privacy.services import record_consent
from tests.factories import LearnerProfileFactory

PROFILE_URL = reverse("lms:profile")
CONSENT_URL = reverse("lms:privacy_consent")
# OLD: the notice of the settings (what registration records); NEW: a later one.
OLD, NEW = lms_settings.PRIVACY_NOTICE_VERSION, "2099-01"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def consented(db, province):
    """A learner who registered under the notice of version OLD."""
    return services.register_learner(
        full_name="Phạm Thị Đồng Ý",
        email="dong.y@example.gov.vn",
        password="Hoc-tap-so-2026!",
        unit=province["commune"],
        category="civil_servant",
        consent=True,
    )


def test_registration_starts_the_consent_history(consented):
    consent = Consent.objects.get(user=consented)
    assert (consent.notice_version, consent.method) == (OLD, "registration")
    assert consent.given_at == consented.learner_profile.consented_at


def test_an_unchanged_notice_lets_the_learner_through(client, consented):
    client.force_login(consented)
    assert client.get(PROFILE_URL).status_code == 200


@override_settings(LMS_PRIVACY_NOTICE_VERSION=NEW)
def test_a_changed_notice_is_asked_again_and_agreeing_keeps_the_history(client, consented):
    client.force_login(consented)

    # Given the notice changed, any page sends the learner to the consent page, back after.
    response = client.get(PROFILE_URL + "?tab=1")
    assert response.status_code == 302
    assert response["Location"] == f"{CONSENT_URL}?next=%2Faccounts%2Fprofile%2F%3Ftab%3D1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "The privacy notice has changed." in html and f"version {NEW}" in html

    # When they agree, then they go on where they were going, and both consents are kept.
    response = client.post(CONSENT_URL, {"next": "/accounts/profile/?tab=1"})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/?tab=1"
    assert client.get(PROFILE_URL).status_code == 200
    history = list(Consent.objects.filter(user=consented).values_list("notice_version", "method"))
    assert history == [(OLD, "registration"), (NEW, "reconsent")]
    profile = LearnerProfile.objects.get(user=consented)
    assert profile.consent_version == NEW and profile.consented_at is not None


@override_settings(LMS_PRIVACY_NOTICE_VERSION=NEW)
def test_a_post_before_agreeing_changes_nothing(client, consented, province):
    client.force_login(consented)
    form = {
        "full_name": "Tên Mới",
        "email": "dong.y@example.gov.vn",
        "unit": province["commune"].pk,
        "position": "",
        "category": "civil_servant",
        "phone": "",
    }

    response = client.post(PROFILE_URL, form)

    assert response.status_code == 302 and response["Location"].startswith(CONSENT_URL)
    assert LearnerProfile.objects.get(user=consented).full_name == "Phạm Thị Đồng Ý"


@override_settings(LMS_PRIVACY_NOTICE_VERSION=NEW)
def test_the_notice_logout_and_the_admin_are_not_held_back(client, consented, superuser):
    client.force_login(consented)
    assert client.get(reverse("lms:privacy")).status_code == 200
    # Staff with an old consent work in the admin.
    LearnerProfileFactory(user=superuser, consent_version=OLD)
    client.force_login(superuser)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.force_login(consented)
    response = client.post(reverse("lms:logout"))
    assert response.status_code == 302 and not response["Location"].startswith(CONSENT_URL)


@override_settings(LMS_PRIVACY_NOTICE_VERSION=NEW)
def test_agreeing_twice_records_one_consent_and_next_must_be_local(client, consented):
    client.force_login(consented)

    client.post(CONSENT_URL)
    response = client.post(CONSENT_URL, {"next": "https://evil.example.com/"})

    assert response["Location"] == "/"
    assert Consent.objects.filter(user=consented, notice_version=NEW).count() == 1


def test_accounts_without_a_recorded_consent_are_asked_only_when_configured(client, learner):
    client.force_login(learner)  # made by an import: no consent recorded
    assert client.get(PROFILE_URL).status_code == 200
    with override_settings(LMS_PRIVACY_ASK_UNRECORDED_CONSENT=True):
        assert client.get(PROFILE_URL)["Location"].startswith(CONSENT_URL)
        record_consent(user=learner)
        assert client.get(PROFILE_URL).status_code == 200


def test_the_check_costs_no_query(client, consented, django_assert_num_queries):
    # The same page with and without the middleware costs the same number of queries: the
    # profile comes with the user, in the query the session's user costs anyway.
    client.force_login(consented)
    client.get(PROFILE_URL)  # warm-up
    with django_assert_num_queries(2) as with_middleware:
        client.get(PROFILE_URL)
    without = [m for m in settings.MIDDLEWARE if "privacy" not in m]
    with override_settings(MIDDLEWARE=without), django_assert_num_queries(2) as plain:
        client.get(PROFILE_URL)
    assert len(with_middleware) == len(plain)
