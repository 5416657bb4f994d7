from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

TEMPLATE_PERMISSIONS = {
    f"cds_certificates.{action}_certificatetemplate"
    for action in ("add", "change", "delete", "view")
}

COURSE_TEMPLATE_PERMISSIONS = {
    f"cds_certificates.{action}_coursecertificatetemplate"
    for action in ("add", "change", "delete", "view")
}


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "cds_certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import roles
        from lms.signals import course_completed

        from . import hooks_front  # noqa: F401  (the learner dashboard's panel)
        from .signals import on_course_completed

        course_completed.connect(on_course_completed, dispatch_uid="cds_certificates_issue")
        roles.register_role_permissions(
            roles.SITE_ADMINISTRATOR,
            TEMPLATE_PERMISSIONS
            | COURSE_TEMPLATE_PERMISSIONS
            | {"cds_certificates.view_certificate"},
        )
        # Unit managers list the certificates of their units' learners (admin listing).
        roles.register_role_permissions(roles.UNIT_MANAGER, {"cds_certificates.view_certificate"})
