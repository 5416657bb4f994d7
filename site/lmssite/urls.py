from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import health
from lms.views import accounts

urlpatterns = [
    # Health checks for load balancers and monitoring (lms.health): JSON, never cached.
    path("healthz", health.readiness, name="healthz"),
    path("healthz/live", health.liveness, name="healthz-live"),
    path("", include("lms.articles.urls")),  # robots.txt, sitemap.xml
    # The admin's login and password reset, rate-limited as the public ones (lms.ratelimits):
    # before Wagtail's admin URLs, which would answer these paths first.
    path("admin/login/", accounts.AdminLoginView.as_view(), name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        accounts.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lms.urls")),
    path("learning/", include("courses.urls")),
    path("learning/quizzes/", include("quizzes.urls")),
    path("learning/", include("quizzes.poll_urls")),  # learning/polls/…, learning/surveys/…
    path("certificates/", include("certificates.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", False):  # production on one host (settings/production.py)
    import re

    from django.urls import re_path
    from django.views.static import serve

    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include(wagtail_urls)))
