"""The learner's dashboard (``lms:dashboard``), made of panels that apps contribute.

`lms` draws only the frame; each feature app adds what it knows (my courses, my certificates,
my sessions) through the Wagtail hook ``lms_dashboard_panels``. A hook function is called with
the request of the person looking and returns a panel, a list of panels, or None when it has
nothing for that person::

    from wagtail import hooks

    from lms.dashboard import DashboardPanel


    class CertificatesPanel(DashboardPanel):
        order = 200
        template_name = "certificates/dashboard_panel.html"

        def get_context(self, request):
            return {"certificates": Certificate.objects.filter(user=request.user)}


    @hooks.register("lms_dashboard_panels")
    def certificates_panel(request):
        return CertificatesPanel()

A panel is any object with an ``order`` (smaller first; "My courses" uses 100) and a
``render(request) -> str`` method returning HTML that is trusted as it is: escape what people
typed (templates do). `DashboardPanel` renders ``template_name`` with ``get_context(request)``.
Keep each panel to a fixed number of queries: the dashboard's query budget is pinned by tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

DASHBOARD_PANELS_HOOK = "lms_dashboard_panels"


@runtime_checkable
class Panel(Protocol):
    order: int

    def render(self, request: HttpRequest) -> str: ...


class DashboardPanel:
    """A panel drawn from a template: override `template_name` and `get_context()`."""

    order: int = 100
    template_name: str | None = None

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        """What the template needs, beyond `request`, `user` and `panel` (always given)."""
        return {}

    def render(self, request: HttpRequest) -> str:
        if self.template_name is None:
            raise NotImplementedError(f"{type(self).__name__} needs a template_name")
        context = {"panel": self, **self.get_context(request)}
        return render_to_string(self.template_name, context, request=request)


def get_panels(request: HttpRequest) -> list[Panel]:
    """Every panel the registered hook functions offer this request, in `order`."""
    panels: list[Panel] = []
    for hook in hooks.get_hooks(DASHBOARD_PANELS_HOOK):
        offered = hook(request)
        if offered is None:
            continue
        if isinstance(offered, Panel):
            panels.append(offered)
        elif isinstance(offered, Iterable):
            panels.extend(offered)
    return sorted(panels, key=lambda panel: panel.order)


def render_panels(request: HttpRequest) -> list[SafeString]:
    """The HTML of every panel, in order (panels return trusted HTML, see the module doc)."""
    return [mark_safe(panel.render(request)) for panel in get_panels(request)]
