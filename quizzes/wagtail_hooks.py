"""Admin wiring of `quizzes`: the "Quizzes" menu (question bank, categories, attempts, import)
and the log actions. The screens live in `quizzes/admin/`."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin import imports
from .admin.attempts import attempt_viewset
from .admin.bank import QUIZZES_MENU_HOOK, category_viewset, question_viewset


class QuizzesViewSetGroup(SnippetViewSetGroup):
    """The "Quizzes" menu; other modules add items to it through ``QUIZZES_MENU_HOOK``."""

    menu_label = _("Quizzes")
    menu_icon = "help"
    menu_order = 300
    submenu_hook = QUIZZES_MENU_HOOK
    items = (question_viewset, category_viewset, attempt_viewset)


@hooks.register("register_admin_viewset")
def register_quizzes_viewsets() -> QuizzesViewSetGroup:
    return QuizzesViewSetGroup()


@hooks.register("register_admin_urls")
def register_admin_urls() -> list:
    return [path("quizzes/import/", include((imports.urlpatterns, "cds_quizzes_import")))]


@hooks.register(QUIZZES_MENU_HOOK)
def register_import_menu_item() -> MenuItem:
    return imports.menu_item()


@hooks.register("register_log_actions")
def register_log_actions(actions) -> None:
    actions.register_action(
        "cds_quizzes.attempt.submit", _("Submit quiz attempt"), _("Quiz attempt submitted")
    )
    actions.register_action(
        "cds_quizzes.question.import", _("Import questions"), _("Questions imported")
    )


from . import report_columns  # noqa: E402, F401  (registers its report column)
from .admin import item_analysis  # noqa: E402  (the quiz item analysis report)


@hooks.register("register_admin_urls")
def register_item_analysis_urls() -> list:
    return [
        path(
            "quizzes/item-analysis/",
            include((item_analysis.urlpatterns, "cds_quizzes_item_analysis")),
        )
    ]


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item() -> MenuItem:
    return item_analysis.menu_item()


hooks.register("register_page_listing_more_buttons", item_analysis.page_listing_buttons)
from .privacy import PERSONAL_DATA_HOOK  # noqa: E402, F401  (registers the personal data hooks)
