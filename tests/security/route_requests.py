"""One request for each of the project's routes, made by someone allowed to make it: the CSRF
and the GET-safety tests ask every route the same way.

Routes with an object id reuse the control request of the access table
(`test_object_access.CASES`: the owner or an administrator, with her object's URL); the few
routes that table leaves out, and the routes without an id, are built here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.security.access_scene import Scene
from tests.security.routes import Route, project_routes
from tests.security.test_object_access import CASES


@dataclass
class RouteRequest:
    user: Any
    url: str
    data: dict = field(default_factory=dict)


def _poll_revision(s: Scene) -> int:
    return s.poll.save_revision().pk


def _chosen(model: str, obj: Callable[[Scene], Any]) -> tuple[str, Callable]:
    name = f"wagtailsnippetchoosers_cds_{model}:chosen"
    return name, lambda s: RouteRequest(s.superuser, reverse(name, args=[obj(s).pk]))


#: Routes with an id that the access table leaves out (see its EXCLUDED).
EXTRA: dict[str, Callable[[Scene], RouteRequest]] = {
    "cds_quizzes_import:template": lambda s: RouteRequest(
        s.superuser, reverse("cds_quizzes_import:template", args=["csv"])
    ),
    "wagtailsnippets_cds_quizzes_poll:revisions_compare": lambda s: RouteRequest(
        s.superuser,
        reverse(
            "wagtailsnippets_cds_quizzes_poll:revisions_compare",
            args=[s.poll.pk, "earliest", "latest"],
        ),
    ),
    "wagtailsnippets_cds_quizzes_poll:revisions_revert": lambda s: RouteRequest(
        s.superuser,
        reverse(
            "wagtailsnippets_cds_quizzes_poll:revisions_revert", args=[s.poll.pk, _poll_revision(s)]
        ),
    ),
    "wagtailsnippets_cds_quizzes_poll:revisions_unschedule": lambda s: RouteRequest(
        s.superuser,
        reverse(
            "wagtailsnippets_cds_quizzes_poll:revisions_unschedule",
            args=[s.poll.pk, _poll_revision(s)],
        ),
    ),
    "wagtailsnippets_cds_quizzes_poll:lock": lambda s: RouteRequest(
        s.superuser, reverse("wagtailsnippets_cds_quizzes_poll:lock", args=[s.poll.pk])
    ),
    "wagtailsnippets_cds_quizzes_poll:unlock": lambda s: RouteRequest(
        s.superuser, reverse("wagtailsnippets_cds_quizzes_poll:unlock", args=[s.poll.pk])
    ),
    "wagtailsnippets_cds_quizzes_poll:confirm_workflow_cancellation": lambda s: RouteRequest(
        s.superuser,
        reverse("wagtailsnippets_cds_quizzes_poll:confirm_workflow_cancellation", args=[s.poll.pk]),
    ),
    **dict(
        _chosen(model, obj)
        for model, obj in [
            ("certificates_certificatetemplate", lambda s: s.template),
            ("lms_author", lambda s: s.author),
            ("quizzes_coursesurvey", lambda s: s.course_survey),
            ("quizzes_poll", lambda s: s.poll),
            ("quizzes_question", lambda s: s.question),
            ("quizzes_questioncategory", lambda s: s.question_category),
            ("quizzes_survey", lambda s: s.survey),
        ]
    ),
}

#: Routes no test can ask for without a running Wagtail workflow: a task state to act on.
UNREACHABLE: dict[str, str] = {
    "wagtailsnippets_cds_quizzes_poll:workflow_action": "needs a workflow task state",
    "wagtailsnippets_cds_quizzes_poll:collect_workflow_action_data": "needs a task state",
    "wagtailsnippets_cds_quizzes_poll:workflow_history_detail": "needs a workflow state",
}


def is_admin(route: Route) -> bool:
    return route.pattern.startswith("admin/")


def request_for(name: str, scene: Scene) -> RouteRequest:
    """A request of route `name` by someone allowed to make it, with its object."""
    if name in CASES:
        probe = CASES[name](scene)
        data = probe.owner_data if probe.owner_data is not None else probe.data
        return RouteRequest(probe.owner, probe.owner_url or probe.url, dict(data))
    if name in EXTRA:
        return EXTRA[name](scene)
    route = project_routes()[name]
    assert not route.params, f"{name} takes an id: add it to CASES or EXTRA"
    user = scene.superuser if is_admin(route) else scene.owner
    return RouteRequest(user, reverse(name))


#: Rows that record who did what, written on purpose by a read: not a change of state.
BOOKKEEPING = {
    "sessions.session",  # the login of the test client
    "wagtailusers.userprofile",  # Wagtail makes it at a person's first admin page
    "wagtailadmin.editingsession",  # Wagtail's "who else is editing this" on an edit form
}


def bookkeeping_models() -> set[str]:
    labels = set(BOOKKEEPING)
    # The privacy log of who opened whose personal data (lms.privacy): a read is what it records.
    if apps.is_installed("lms") and "cds_lms.personaldataaccess" in _all_labels():
        labels.add("cds_lms.personaldataaccess")
    return labels


def _all_labels() -> set[str]:
    return {model._meta.label_lower for model in apps.get_models()}


def row_counts() -> dict[str, int]:
    """The number of rows of every model (bookkeeping left out): a snapshot of the state, in
    one query."""
    skip = bookkeeping_models()
    tables: dict[str, str] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in skip or model._meta.proxy or not model._meta.managed:
            continue
        tables.setdefault(model._meta.db_table, label)
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table names from the models
        counts = cursor.fetchone()
    return dict(zip(tables.values(), counts, strict=True))
