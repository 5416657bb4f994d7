"""The production settings' headers and cookie flags, in-process: the production settings module
is executed under a web host's environment (no subprocess), its security settings applied over
the test settings, and real requests answered through its middleware (django-csp's included).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_ENV = {
    "SECRET_KEY": "headers-test-only-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/14",
    "ALLOWED_HOSTS": "daotao.example.gov.vn",
}
# What the production settings read that a developer's shell might hold.
OPTIONAL_ENV = (
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_AGE",
    "TRUSTED_PROXY_COUNT",
    "RATELIMIT_ENABLE",
    "CSP_FRAME_SRC",
    "CSP_MEDIA_SRC",
    "MEDIA_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_REGION_NAME",
)
# The settings of production.py that decide headers and cookies.
SECURITY_SETTINGS = (
    "MIDDLEWARE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
)


def load_production(monkeypatch, tmp_path, **env: str) -> ModuleType:
    """lmssite.settings.production as a web host with `env` computes it (a fresh module
    object: sys.modules and Django's settings are left alone)."""
    for name in OPTIONAL_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in {
        **REQUIRED_ENV,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        **env,
    }.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("lmssite.settings.production")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(monkeypatch, tmp_path, settings):
    """The test settings with production's security settings laid over them."""
    module = load_production(monkeypatch, tmp_path)
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return module


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: (part.split(" ", 1) + [""])[1]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_a_public_page_carries_the_strict_policy_and_the_security_headers(client, production):
    response = client.get(reverse("lms:login"), secure=True)

    assert response.status_code == 200
    csp = directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no inline script, no eval
    assert csp["style-src"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    assert csp["font-src"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert "upgrade-insecure-requests" in csp
    # Lesson and article videos: the embed providers' players only
    assert csp["frame-src"].split() == [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_without_hsts(client, production):
    response = client.get(reverse("lms:login"))

    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


def test_the_load_balancer_says_https_through_x_forwarded_proto(client, production):
    response = client.get(reverse("lms:login"), HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_the_admin_gets_its_own_policy(client, db, production):
    response = client.get(reverse("wagtailadmin_login"), secure=True)

    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" in csp["script-src"].split()  # Wagtail's inline scripts
    assert csp["frame-ancestors"] == "'self'"  # the preview panel
    # Still closed: plugins, foreign forms and base URIs, framing by others
    assert csp["object-src"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_secure_httponly_and_lax(client, learner, production):
    page = client.get(reverse("lms:login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    response = client.post(
        reverse("lms:login"), {"username": learner.username, "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["max-age"] == 12 * 60 * 60  # a working day, not two weeks


def test_the_embed_hosts_and_the_media_storage_come_from_the_environment(monkeypatch, tmp_path):
    module = load_production(
        monkeypatch,
        tmp_path,
        CSP_FRAME_SRC="https://www.youtube-nocookie.com, https://video.example.gov.vn",
        AWS_STORAGE_BUCKET_NAME="lms-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.gov.vn",
    )

    policy = module.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://video.example.gov.vn",
    ]
    assert "https://media.example.gov.vn" in policy["img-src"]
    assert "https://media.example.gov.vn" in policy["media-src"]


def test_plain_http_hosting_sends_no_upgrade_and_no_secure_flags(monkeypatch, tmp_path):
    module = load_production(monkeypatch, tmp_path, SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")

    assert module.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] is False
    assert module.SESSION_COOKIE_SECURE is False and module.CSRF_COOKIE_SECURE is False


def test_the_proxy_header_and_the_trusted_proxies_follow_each_other(monkeypatch, tmp_path):
    behind = load_production(monkeypatch, tmp_path)
    assert behind.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert behind.LMS_TRUSTED_PROXY_COUNT == 1

    alone = load_production(monkeypatch, tmp_path, SECURE_PROXY_SSL_HEADER="off")
    assert alone.SECURE_PROXY_SSL_HEADER is None
    assert alone.LMS_TRUSTED_PROXY_COUNT == 0  # X-Forwarded-For is then the client's word


# --- the strict public policy holds only while our templates have no inline script ---------

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
_EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_of_the_public_site_has_an_inline_script_or_event_handler():
    offenders = []
    for app in ("lms", "courses", "quizzes", "certificates", "site"):
        for path in (ROOT / app).rglob("templates/**/*.html"):
            relative = path.relative_to(ROOT).as_posix()
            if "/admin/" in relative or "wagtailadmin" in relative:
                continue  # rendered in the admin, under its own policy
            text = path.read_text(encoding="utf-8")
            if _INLINE_SCRIPT.search(text) or _EVENT_HANDLER.search(text):
                offenders.append(relative)

    assert offenders == []


def test_the_inline_script_scan_finds_one():
    assert _INLINE_SCRIPT.search("<p></p><script>alert(1)</script>")
    assert not _INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert _EVENT_HANDLER.search('<button type="button" onclick="go()">')
