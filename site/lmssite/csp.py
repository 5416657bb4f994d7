"""The reference site's Content-Security-Policy middleware (production settings).

django-csp's middleware sends CONTENT_SECURITY_POLICY on every response; this one sends
CONTENT_SECURITY_POLICY_ADMIN instead under its URL_PREFIXES (the Wagtail admin). The public
pages carry no inline script or style and get the strict policy. Wagtail 8's admin still writes
inline scripts (inline panels, date pickers), inline styles, and its bundled axe-core compiles
templates with `new Function`, so it needs 'unsafe-inline' and 'unsafe-eval'; it also frames
itself (the preview panel). Only signed-in staff reach it, and the rest of its policy (sources,
framing by others, forms, base URI, plugins) stays closed.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}
        prefixes = tuple(admin.get("URL_PREFIXES", ()))
        # A view's own decorator (csp_override) still wins over the admin policy.
        if not report_only and prefixes and parts.config is None:
            if request.path_info.startswith(prefixes):
                parts.config = default_config(admin.get("DIRECTIVES", {}))
        return parts
