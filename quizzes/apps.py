from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The question bank is content: those who write content keep it.
BANK_PERMISSIONS = {
    f"cds_quizzes.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("question", "questioncategory")
}
# Editors publish polls with their articles (and choose them in poll blocks).
POLL_EDITING = {f"cds_quizzes.{action}_poll" for action in ("add", "change", "publish", "view")}


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "cds_quizzes"
    verbose_name = _("Quizzes and polls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms import roles

        from . import wagtail_hooks_front  # noqa: F401  (the learner's quiz pages and outline)
        from .admin_polls import hooks as poll_hooks  # noqa: F401  (polls and surveys)
        from .completion import register

        register()
        roles.register_role_permissions(roles.EDITOR, BANK_PERMISSIONS | POLL_EDITING)
        roles.register_role_permissions(
            roles.SITE_ADMINISTRATOR,
            BANK_PERMISSIONS
            | POLL_EDITING
            | {"cds_quizzes.delete_poll", "cds_quizzes.view_attempt"},
        )
        # Managers follow their people's results (scoped to their units by the listing).
        roles.register_role_permissions(roles.UNIT_MANAGER, {"cds_quizzes.view_attempt"})
