"""Admin wiring of `quizzes`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        "cds_quizzes.attempt.submit", _("Submit quiz attempt"), _("Quiz attempt submitted")
    )
