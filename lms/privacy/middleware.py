"""Ask a person to agree to the privacy notice again when it has changed.

An installing site adds ``"lms.privacy.middleware.ConsentMiddleware"`` to ``MIDDLEWARE``, after
``AuthenticationMiddleware``. A logged-in person whose profile records consent to another
version of the notice than ``LMS_PRIVACY_NOTICE_VERSION`` (`lms.privacy.services.needs_consent`)
is sent to the consent page, with the page they asked for as ``next``: any method, so that a
form posted with an old consent does nothing half-way. Not held back: the privacy notice and the
pages under it (the consent page, downloading one's data, asking for erasure: what a person who
does not agree may still do), logging out, the language switch, static and media files and the
Wagtail admin (staff work there under their duties; its own access rules apply).

People with no recorded consent at all (imported by their unit, made in the admin) are asked
only with ``LMS_PRIVACY_ASK_UNRECORDED_CONSENT = True``.

It costs no query: the profile comes with the user (`lms.auth_backends.UsernameOrEmailBackend`)
and anonymous visitors are never asked (the page cache serves them before this runs anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .services import needs_consent


def exempt_prefixes() -> tuple[str, ...]:
    prefixes = [
        reverse("lms:privacy_consent"),
        reverse("lms:privacy"),
        reverse("lms:logout"),
        reverse("set_language") if _has_url("set_language") else "/i18n/",
        settings.STATIC_URL or "/static/",
        settings.MEDIA_URL or "/media/",
    ]
    if _has_url("wagtailadmin_home"):
        prefixes.append(reverse("wagtailadmin_home"))
    return tuple(prefix for prefix in prefixes if prefix and prefix != "/")


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


class ConsentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and needs_consent(user) and not self._is_exempt(request.path):
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('lms:privacy_consent')}?{query}")
        return self.get_response(request)

    def _is_exempt(self, path: str) -> bool:
        if self._exempt is None:  # URLs resolved once, at the first request that needs it
            self._exempt = exempt_prefixes()
        return path.startswith(self._exempt)
