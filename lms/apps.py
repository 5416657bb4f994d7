from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    label = "cds_lms"
    verbose_name = _("Learning platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers system checks)
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="cds_lms_sync_roles")

        from .page_cache import connect_signals as connect_page_cache_signals

        connect_page_cache_signals()  # publishing, moving or deleting a page clears the cache
