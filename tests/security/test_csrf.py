"""Every POST the project answers is CSRF-protected.

The list of views is read from the URL resolver: each project route whose view accepts POST
(`routes.project_post_routes()`) is asked twice by someone allowed to make the request, with a
client that enforces CSRF checks: without the token it answers 403 and no row of any model
changes; with the token it is not refused (so the 403 was the token's, and the test can fail).
No view of the project may be `csrf_exempt`.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string

from tests.security.route_requests import UNREACHABLE, request_for, row_counts
from tests.security.routes import project_post_routes, project_routes

POST_ROUTES = sorted(set(project_post_routes()) - set(UNREACHABLE))


def test_no_view_of_the_project_is_csrf_exempt():
    exempt = sorted(name for name, route in project_routes().items() if route.csrf_exempt)
    assert exempt == []


def test_every_post_route_is_probed():
    # A new POST route is probed automatically (it is read from the resolver); the only ones
    # left out need a running Wagtail workflow, and must still exist.
    assert set(UNREACHABLE) <= set(project_routes())
    assert {"quizzes:submit", "courses:enrol", "cds_certificates:revoke"} <= set(POST_ROUTES)


def _with_token(client, data: dict) -> dict:
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return {**data, "csrfmiddlewaretoken": token}


def check_csrf(name: str, scene, client_for) -> None:
    request = request_for(name, scene)
    client = client_for(request.user, enforce_csrf_checks=True)
    # The control may fail past the token (e.g. a form of Wagtail's with no data): its status
    # is what matters, not an exception.
    client.raise_request_exception = False
    before = row_counts()

    refused = client.post(request.url, request.data)

    assert refused.status_code == 403, f"{refused.status_code} without the CSRF token"
    assert row_counts() == before, "a POST without the CSRF token changed rows"

    accepted = client.post(request.url, _with_token(client, request.data))

    assert accepted.status_code != 403, "refused even with the CSRF token"


def test_a_post_without_the_token_is_refused_and_changes_nothing(each_case, client_for):
    each_case(POST_ROUTES, lambda name, s: check_csrf(name, s, client_for))
