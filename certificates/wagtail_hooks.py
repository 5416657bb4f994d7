"""Admin wiring of `certificates`: the "Certificates" menu (issued certificates, templates,
course templates, issuing) and the log actions. The screens live in `certificates/admin/`."""

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin import CERTIFICATES_MENU_HOOK, is_certificate_administrator
from .admin import issue as issue_admin
from .admin.listing import certificate_viewset
from .admin.templates import (
    certificate_template_viewset,
    course_template_viewset,
    template_listing_buttons,
)


class CertificatesViewSetGroup(SnippetViewSetGroup):
    """The "Certificates" menu; other modules add items to it through
    ``CERTIFICATES_MENU_HOOK``."""

    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 400
    submenu_hook = CERTIFICATES_MENU_HOOK
    items = (certificate_viewset, certificate_template_viewset, course_template_viewset)


@hooks.register("register_admin_viewset")
def register_certificates_viewsets() -> CertificatesViewSetGroup:
    return CertificatesViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [
        path("certificates/issue/", include((issue_admin.urlpatterns, "cds_certificates_issue")))
    ]


class IssueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return is_certificate_administrator(request.user)


@hooks.register(CERTIFICATES_MENU_HOOK)
def register_issue_menu_item() -> MenuItem:
    return IssueMenuItem(
        _("Issue certificates"),
        reverse("cds_certificates_issue:issue"),
        name="issue-certificates",
        icon_name="plus",
        order=300,
    )


hooks.register("register_snippet_listing_buttons", template_listing_buttons)


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        "cds_certificates.certificate.issue", _("Issue certificate"), _("Certificate issued")
    )
    actions.register_action(
        "cds_certificates.certificate.reissue",
        _("Reissue certificate"),
        _("Certificate replaced by a new one"),
    )
    actions.register_action(
        "cds_certificates.certificate.revoke", _("Revoke certificate"), _("Certificate revoked")
    )


# Register the report column and the training dashboard's "certificates issued" series.
from . import dashboard_series, report_columns  # noqa: E402, F401
from .privacy import PERSONAL_DATA_HOOK  # noqa: E402, F401  (registers the personal data hooks)
