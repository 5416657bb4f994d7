"""The learner's privacy pages: agree to a changed notice, download one's data, ask for
erasure. Each calls one service of `lms.privacy.services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from ..conf import lms_settings
from ..exceptions import LmsError
from . import services
from .forms import ErasureRequestForm


def safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@method_decorator(never_cache, "dispatch")
class ConsentView(LoginRequiredMixin, TemplateView):
    """The current privacy notice and an "I agree" button (`services.record_consent`)."""

    template_name = "lms/privacy/consent.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            privacy_notice_version=lms_settings.PRIVACY_NOTICE_VERSION,
            next=safe_next(self.request, ""),
            needs_consent=services.needs_consent(self.request.user),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.record_consent(user=request.user)
        messages.success(request, _("Thank you: your consent to the privacy notice is recorded."))
        return HttpResponseRedirect(safe_next(request))


class DownloadMyDataView(LoginRequiredMixin, View):
    """POST: a ZIP of everything held about the person (logged, hence not a GET)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        archive = services.build_data_archive(user=request.user)
        response = HttpResponse(archive, content_type="application/zip")
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
        response["Cache-Control"] = "no-store"
        return response


@method_decorator(never_cache, "dispatch")
class RequestErasureView(LoginRequiredMixin, FormView):
    """Confirm, then ask for one's personal data to be erased (`services.request_erasure`)."""

    form_class = ErasureRequestForm
    template_name = "lms/privacy/erasure_request.html"

    def form_valid(self, form: ErasureRequestForm) -> HttpResponse:
        try:
            services.request_erasure(user=self.request.user, reason=form.cleaned_data["reason"])
        except LmsError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request to erase your data has been sent. An administrator will decide on "
                "it; your account stays open until then."
            ),
        )
        return redirect("lms:profile")
