from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    label = "cds_site_home"
    verbose_name = _("Reference site")
    default_auto_field = "django.db.models.BigAutoField"
