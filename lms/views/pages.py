"""Pages with fixed content."""

from typing import Any

from django.views.generic import TemplateView

from lms.conf import lms_settings


class PrivacyNoticeView(TemplateView):
    """The privacy notice people consent to at registration, with its version."""

    template_name = "lms/privacy.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            privacy_notice_version=lms_settings.PRIVACY_NOTICE_VERSION, **kwargs
        )
