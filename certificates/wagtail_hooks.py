"""Admin wiring of `certificates`: the template snippet and the log actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_order = 400
    add_to_admin_menu = True
    list_display = ["name", "page_size", "orientation", "validity_months", "updated_at"]


register_snippet(CertificateTemplateViewSet)


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
