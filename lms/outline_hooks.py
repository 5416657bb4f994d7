"""What feature apps add to a course's outline, after its lessons (quizzes, sessions, surveys).

A course page lists its lessons itself; other apps add their own parts of the course through
the Wagtail hook ``lms_course_outline_extras``, so that `courses` never imports them. A hook
function is called with the request, the course page and the person's current enrollment (None
when they are not enrolled or anonymous) and returns an extra, a list of extras, or None::

    from wagtail import hooks

    from lms.outline_hooks import OUTLINE_EXTRAS_HOOK, OutlineExtra


    class QuizzesOutline(OutlineExtra):
        order = 100
        template_name = "quizzes/includes/outline_quizzes.html"

        def __init__(self, rows, next_step):
            self.rows, self.next_step = rows, next_step

        def get_context(self, request):
            return {"rows": self.rows}


    @hooks.register(OUTLINE_EXTRAS_HOOK)
    def quizzes_outline(request, course, enrollment):
        return QuizzesOutline(...)

An extra is any object with an ``order`` (smaller first), a ``render(request) -> str`` method
returning HTML that is trusted as it is (escape what people typed: templates do), and a
``next_step``: the page "Continue" leads to once every required lesson is done (a quiz not yet
passed), or None. Keep each extra to a fixed number of queries: the course page's query budget
is pinned by tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

OUTLINE_EXTRAS_HOOK = "lms_course_outline_extras"


@runtime_checkable
class Extra(Protocol):
    order: int
    next_step: Any

    def render(self, request: HttpRequest) -> str: ...


class OutlineExtra:
    """An extra drawn from a template: override `template_name` and `get_context()`."""

    order: int = 100
    template_name: str | None = None
    next_step: Any = None

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        """What the template needs, beyond `request`, `user` and `extra` (always given)."""
        return {}

    def render(self, request: HttpRequest) -> str:
        if self.template_name is None:
            raise NotImplementedError(f"{type(self).__name__} needs a template_name")
        context = {"extra": self, **self.get_context(request)}
        return render_to_string(self.template_name, context, request=request)


def get_outline_extras(request: HttpRequest, course: Any, enrollment: Any) -> list[Extra]:
    """Every extra the registered hook functions offer for this course and person, in order."""
    extras: list[Extra] = []
    for hook in hooks.get_hooks(OUTLINE_EXTRAS_HOOK):
        offered = hook(request, course, enrollment)
        if offered is None:
            continue
        if isinstance(offered, Extra):
            extras.append(offered)
        elif isinstance(offered, Iterable):
            extras.extend(offered)
    return sorted(extras, key=lambda extra: extra.order)


def render_extras(request: HttpRequest, extras: list[Extra]) -> list[SafeString]:
    """The HTML of every extra, in order (extras return trusted HTML, see the module doc)."""
    return [mark_safe(extra.render(request)) for extra in extras]


def next_step(extras: list[Extra]) -> Any:
    """The first page an extra offers as the next step, or None."""
    return next((extra.next_step for extra in extras if extra.next_step is not None), None)
