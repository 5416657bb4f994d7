"""Rate limits (lms.ratelimits) of logging in (public and admin), registering, asking for a
password reset and checking in: N attempts pass, the next one gets 429 with a message and has
no effect; another address is not affected; the per-IP rule covers every username; the
counters reset with the cache they live in. Small rates are set per test through
LMS_RATE_LIMITS."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.signals import user_login_failed
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from courses import checkin
from courses.models import AttendanceRecord
from lms.models import LearnerProfile
from lms.ratelimits import client_ip
from lms.services import enroll
from tests.factories import (
    PASSWORD,
    LearnerProfileFactory,
    UserFactory,
    make_catalogue,
    make_course,
    make_session,
)

TOO_MANY = "Too many attempts. Please try again in"
LOGIN_URL = reverse("lms:login")
ADMIN_LOGIN_URL = reverse("wagtailadmin_login")
REGISTER_URL = reverse("lms:register")
RESET_URL = reverse("lms:password_reset")
ADMIN_RESET_URL = reverse("wagtailadmin_password_reset")
OTHER_IP = "198.51.100.7"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def rates(settings):
    """Small rates, so that a test reaches each limit in a few requests."""
    settings.LMS_RATE_LIMITS = {
        "login": {"ip": "4/m", "username": "2/m"},
        "register": {"ip": "2/h"},
        "password_reset": {"ip": "3/h", "email": "2/h"},
        "check_in": {"ip": "3/m", "user": "2/m"},
    }


def login(client, username, password="wrong-password", *, url=LOGIN_URL, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def assert_refused(response):
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert int(response["Retry-After"]) > 0


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- login ---------------------------------------------------------------------------------


def test_login_over_the_username_limit_is_refused_even_with_the_right_password(
    client, learner, rates
):
    failures = []
    user_login_failed.connect(lambda **kw: failures.append(kw), weak=False, dispatch_uid="t")
    try:
        # Given two wrong passwords for one account, typed in different cases
        assert login(client, learner.username).status_code == 200
        assert login(client, learner.username.upper()).status_code == 200
        assert len(failures) == 2

        # When the right password comes third (still within the minute)
        response = login(client, learner.username, PASSWORD)
    finally:
        user_login_failed.disconnect(dispatch_uid="t")

    # Then it is refused without trying it: no session, no login, no failure recorded
    assert_refused(response)
    assert not logged_in(client)
    learner.refresh_from_db()
    assert learner.last_login is None
    assert len(failures) == 2
    # The typed username is shown again; the page itself is not limited
    assert learner.username in response.content.decode()
    assert client.get(LOGIN_URL).status_code == 200


def test_the_per_username_limit_follows_the_account_to_another_address(client, learner, rates):
    login(client, learner.username)
    login(client, learner.username)

    response = login(client, learner.username, PASSWORD, REMOTE_ADDR=OTHER_IP)

    assert_refused(response)


def test_the_ip_limit_covers_every_username_and_not_another_address(client, learner, rates):
    # Given four attempts from one address at four different accounts
    for n in range(4):
        assert login(client, f"someone{n}@example.gov.vn").status_code == 200

    # Then a fifth account from that address is refused, right password or not
    assert_refused(login(client, learner.username, PASSWORD))
    assert not logged_in(client)

    # And the same person from another address logs in
    response = login(client, learner.username, PASSWORD, REMOTE_ADDR=OTHER_IP)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_limit_ends_with_its_counters(client, learner, rates):
    login(client, learner.username)
    login(client, learner.username)
    assert_refused(login(client, learner.username, PASSWORD))

    cache.clear()  # the window's counters expire with their cache entries

    assert login(client, learner.username, PASSWORD).status_code == 302


def test_the_admin_login_is_limited_with_the_same_counters(client, db, rates):
    admin = UserFactory(username="bien.tap", is_staff=True, is_superuser=True)
    # Given two wrong passwords on the public form
    login(client, "bien.tap")
    login(client, "bien.tap")

    # Then the admin's form refuses the right one
    response = login(client, "bien.tap", PASSWORD, url=ADMIN_LOGIN_URL)
    assert_refused(response)
    assert not logged_in(client)
    admin.refresh_from_db()
    assert admin.last_login is None

    # And the admin logs in there once the account's window is over
    cache.clear()
    assert login(client, "bien.tap", PASSWORD, url=ADMIN_LOGIN_URL).status_code == 302


def test_no_limit_without_a_rate(client, learner, settings):
    settings.LMS_RATE_LIMITS = {"login": {"ip": None, "username": None}}
    for _ in range(8):
        login(client, learner.username)

    assert login(client, learner.username, PASSWORD).status_code == 302


# --- registration --------------------------------------------------------------------------


@pytest.fixture
def registration(db):
    from tests.factories import UnitFactory

    unit = UnitFactory()
    return lambda email: {
        "full_name": "Phạm Minh Đức",
        "email": email,
        "password1": "Hoc-tap-so-2026!",
        "password2": "Hoc-tap-so-2026!",
        "unit": unit.pk,
        "category": "public_employee",
        "position": "Chuyên viên",
        "consent": "on",
    }


def test_registration_over_the_ip_limit_creates_no_account(client, registration, rates):
    # Given two registrations from one address (refused ones count too)
    assert client.post(REGISTER_URL, {**registration("a@example.gov.vn"), "consent": ""})
    assert client.post(REGISTER_URL, {**registration("b@example.gov.vn"), "password2": "x"})

    # When a third, valid one comes
    response = client.post(REGISTER_URL, registration("duc@example.gov.vn"))

    # Then it is refused, the form keeps what was typed, and no account exists
    assert_refused(response)
    assert "duc@example.gov.vn" in response.content.decode()
    assert not LearnerProfile.objects.exists()
    assert not logged_in(client)

    # And from another address it goes through
    response = client.post(REGISTER_URL, registration("duc@example.gov.vn"), REMOTE_ADDR=OTHER_IP)
    assert response.status_code == 302
    assert LearnerProfile.objects.filter(user__email="duc@example.gov.vn").exists()


# --- password reset ------------------------------------------------------------------------


def test_password_reset_over_the_email_limit_sends_no_email(client, learner, rates):
    assert client.post(RESET_URL, {"email": learner.email}).status_code == 302
    assert client.post(RESET_URL, {"email": learner.email.upper()}).status_code == 302
    assert len(mail.outbox) == 2

    response = client.post(RESET_URL, {"email": learner.email}, REMOTE_ADDR=OTHER_IP)

    assert_refused(response)
    assert len(mail.outbox) == 2


def test_password_reset_over_the_ip_limit_sends_no_email_and_another_address_may(
    client, learner, rates
):
    for n in range(3):
        assert client.post(RESET_URL, {"email": f"ai{n}@example.gov.vn"}).status_code == 302

    assert_refused(client.post(RESET_URL, {"email": learner.email}))
    assert mail.outbox == []  # unknown addresses get no mail; the refused one neither

    assert client.post(RESET_URL, {"email": learner.email}, REMOTE_ADDR=OTHER_IP).status_code == 302
    assert len(mail.outbox) == 1


def test_the_admin_password_reset_is_limited_too(client, db, rates):
    staff = UserFactory(username="quan.tri@example.gov.vn", is_staff=True, is_superuser=True)
    client.post(RESET_URL, {"email": staff.email})
    client.post(RESET_URL, {"email": staff.email})
    sent = len(mail.outbox)

    response = client.post(ADMIN_RESET_URL, {"email": staff.email})

    assert_refused(response)
    assert len(mail.outbox) == sent


# --- check-in ------------------------------------------------------------------------------


@pytest.fixture
def session(db):
    """A session of a blended course that started five minutes ago: check-in is open."""
    course = make_course(make_catalogue(), lessons=1, delivery_mode="blended")
    return make_session(course, starts_in_hours=-5 / 60)


def enrolled(session, **fields):
    user = LearnerProfileFactory(**fields).user
    enroll(user=user, course=session.course)
    return user


def check_in(client, session, code, **extra):
    url = reverse("courses:session_checkin", args=[session.pk])
    return client.post(url, {"code": code}, **extra)


def valid_code(session) -> str:
    return checkin.make_code(session.pk, checkin.current_step(timezone.now()))


def test_check_in_over_the_per_person_limit_records_nothing(client, session, rates):
    client.force_login(enrolled(session))
    # Given two wrong codes
    assert check_in(client, session, "1-2-abc").status_code == 400
    assert check_in(client, session, "nonsense").status_code == 400

    # When the right code comes third, even from another address
    response = check_in(client, session, valid_code(session), REMOTE_ADDR=OTHER_IP)

    # Then it is refused and no attendance is recorded
    assert_refused(response)
    assert not AttendanceRecord.objects.exists()

    cache.clear()
    assert check_in(client, session, valid_code(session)).status_code == 200
    assert AttendanceRecord.objects.count() == 1


def test_check_in_over_the_ip_limit_covers_everybody_behind_that_address(client, session, rates):
    first, second = enrolled(session), enrolled(session)
    client.force_login(first)
    check_in(client, session, "wrong")
    check_in(client, session, "wrong")
    client.force_login(second)
    check_in(client, session, "wrong")

    # The second person has tried once, but the address has used its three attempts
    assert_refused(check_in(client, session, valid_code(session)))
    assert not AttendanceRecord.objects.exists()

    # From another address, someone who has not tried yet checks in
    third = enrolled(session)
    client.force_login(third)
    assert check_in(client, session, valid_code(session), REMOTE_ADDR=OTHER_IP).status_code == 200
    assert list(AttendanceRecord.objects.values_list("user", flat=True)) == [third.pk]


def test_opening_the_check_in_page_is_not_limited(client, session, rates):
    client.force_login(enrolled(session))
    url = reverse("courses:session_checkin", args=[session.pk])
    for _ in range(5):
        assert client.get(url).status_code == 200


# --- the client's address ------------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_client_is_remote_addr_whatever_it_claims(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", "10.9.9.9")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1

    # The client wrote "10.9.9.9" itself; the load balancer appended what it saw
    assert client_ip(request_from("10.0.0.2", "10.9.9.9, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"  # no header: the peer
    assert client_ip(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_behind_a_proxy_two_learners_are_counted_apart(client, learner, rates, settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    for n in range(4):
        login(client, f"someone{n}@example.gov.vn", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert_refused(login(client, learner.username, HTTP_X_FORWARDED_FOR="203.0.113.9"))

    # Same proxy (REMOTE_ADDR), another client behind it
    response = login(client, learner.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302


def test_certificate_verification_counts_the_same_address(client, db, settings):
    """django-ratelimit's key="ip" (certificates/views.py) follows lms.ratelimits.client_ip
    through RATELIMIT_IP_META_KEY."""
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATES_VERIFY_RATE = "1/m"
    url = reverse("certificates:verify", args=["khong-co-ma-nay"])

    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 404


# --- production's cache --------------------------------------------------------------------


def test_the_counters_work_on_the_production_cache(client, learner, rates, settings):
    """Redis (lms.redis_cache, as in settings/production.py), where every worker of every host
    counts in the same place. Needs the development machine's Redis; skipped without it."""
    redis = pytest.importorskip("redis")
    location = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "lms.redis_cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"cds-ratelimit-test-{uuid.uuid4().hex}",
        }
    }
    try:
        login(client, learner.username)
        login(client, learner.username)

        assert_refused(login(client, learner.username, PASSWORD))
        assert not logged_in(client)
    finally:
        cache.clear()  # Redis database 14 is this suite's own
