"""Wagtail hooks of polls and surveys: the snippets' menu, the two reports (with their URLs and
menu items), the log action of a survey submission, the roles' permissions, and the surveys in
a course's outline (`quizzes.survey_outline`). Imported from `QuizzesConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms import roles
from lms.reports.urls import report_paths

from .. import survey_outline  # noqa: F401  (registers the outline hook on import)
from ..models import Poll
from .polls import POLL_PERMISSIONS, PollResultsView, PollViewSet
from .surveys import REPORT_PERMISSION, AwarenessGainReportView, CourseSurveyViewSet, SurveyViewSet


class PollsAndSurveysGroup(SnippetViewSetGroup):
    menu_label = _("Polls and surveys")
    menu_icon = "list-ul"
    menu_order = 260
    items = (PollViewSet, SurveyViewSet, CourseSurveyViewSet)


register_snippet(PollsAndSurveysGroup)


report_urls = [
    *report_paths("poll-results/", PollResultsView, "poll_results"),
    *report_paths("awareness-gain/", AwarenessGainReportView, "awareness_gain"),
]


@hooks.register("register_admin_urls")
def register_report_urls() -> list:
    return [path("cds-quizzes/reports/", include((report_urls, "cds_quizzes_reports")))]


class PollResultsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return ModelPermissionPolicy(Poll).user_has_any_permission(request.user, POLL_PERMISSIONS)


class AwarenessGainMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_poll_results_menu_item() -> MenuItem:
    return PollResultsMenuItem(
        _("Poll results"),
        reverse("cds_quizzes_reports:poll_results"),
        name="poll-results",
        icon_name="list-ul",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_awareness_gain_menu_item() -> MenuItem:
    return AwarenessGainMenuItem(
        _("Awareness gain"),
        reverse("cds_quizzes_reports:awareness_gain"),
        name="awareness-gain",
        icon_name="pick",
        order=1310,
    )


@hooks.register("register_log_actions")
def register_survey_log_actions(actions: Any) -> None:
    actions.register_action("cds_quizzes.survey.submit", _("Submit survey"), _("Survey answered"))


# Who may do what, granted to the roles after every migrate (see `lms.roles`). Editors write
# polls and surveys (site administrators publish polls); managers read the gain report.
roles.register_role_permissions(
    roles.EDITOR,
    {
        "cds_quizzes.add_poll",
        "cds_quizzes.change_poll",
        "cds_quizzes.view_poll",
        "cds_quizzes.add_survey",
        "cds_quizzes.change_survey",
        "cds_quizzes.view_survey",
        "cds_quizzes.add_coursesurvey",
        "cds_quizzes.change_coursesurvey",
        "cds_quizzes.delete_coursesurvey",
        "cds_quizzes.view_coursesurvey",
    },
)
roles.register_role_permissions(
    roles.SITE_ADMINISTRATOR,
    {
        f"cds_quizzes.{action}_{model}"
        for model in ("poll", "survey", "coursesurvey")
        for action in ("add", "change", "delete", "view")
    }
    | {"cds_quizzes.publish_poll", "cds_quizzes.lock_poll", "cds_quizzes.unlock_poll"}
    | {REPORT_PERMISSION},
)
roles.register_role_permissions(roles.UNIT_MANAGER, {REPORT_PERMISSION})
