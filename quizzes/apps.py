from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "cds_quizzes"
    verbose_name = _("Quizzes and polls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .completion import register

        register()
