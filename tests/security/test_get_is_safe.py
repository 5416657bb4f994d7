"""GET never changes state.

Every route of the project (read from the URL resolver) is asked with GET by someone allowed to
use it, with its object: a view that only takes POST answers 405; any other answer leaves the
number of rows of every model as it was (rows that only record a read, such as a session or
Wagtail's "who is editing" marker, are left out: `route_requests.BOOKKEEPING`).
"""

from __future__ import annotations

from tests.security.route_requests import UNREACHABLE, request_for, row_counts
from tests.security.routes import project_routes

ROUTES = sorted(set(project_routes()) - set(UNREACHABLE))


def check_get(name: str, scene, client_for) -> None:
    route = project_routes()[name]
    request = request_for(name, scene)
    client = client_for(request.user)
    before = row_counts()

    response = client.get(request.url)

    if "GET" not in route.methods:
        assert response.status_code == 405, f"GET answered {response.status_code}"
    assert response.status_code < 500
    after = row_counts()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    assert not changed, f"GET changed rows: {changed}"


def test_get_refuses_or_changes_nothing(each_case, client_for):
    each_case(ROUTES, lambda name, s: check_get(name, s, client_for))


def test_the_state_changing_views_refuse_get(scene, client_for):
    """The learner's actions are POST only: a link or an image tag cannot trigger them."""
    post_only = [
        "courses:enrol",
        "courses:withdraw",
        "courses:complete_lesson",
        "courses:session_register",
        "courses:session_cancel",
        "courses:attendance_all_present",
        "courses:calendar_feed_reset",
        "quizzes:start",
        "quizzes:save",
        "quizzes:submit",
        "polls:vote",
        "lms:logout",
    ]
    for name in post_only:
        request = request_for(name, scene)
        response = client_for(request.user).get(request.url)
        assert response.status_code == 405, f"{name}: GET answered {response.status_code}"
