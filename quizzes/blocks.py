"""StreamField blocks of `quizzes` that other apps place in their pages.

`PollBlock` puts a poll in a lesson (courses adds it through its setting
``COURSES_EXTRA_LESSON_BLOCKS = [("poll", "quizzes.blocks.PollBlock")]``) or in an article.
It shows the poll's form or its results, as the poll's page does; the vote posts to
`polls:vote`, which brings the person back to the page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock

POLL_MODEL = "cds_quizzes.Poll"


class PollBlock(SnippetChooserBlock):
    """A chosen poll, rendered inline with ``quizzes/blocks/poll.html``."""

    def __init__(self, target_model: Any = POLL_MODEL, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("poll"))
        super().__init__(target_model, **kwargs)

    def deconstruct(self) -> tuple[str, tuple, dict]:
        # Frozen into migrations as a plain snippet chooser (as Wagtail does for ChoiceBlock
        # subclasses): the migrations of an app that places polls then never import quizzes.
        _path, _args, kwargs = super().deconstruct()
        return ("wagtail.snippets.blocks.SnippetChooserBlock", (POLL_MODEL,), kwargs)

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict[str, Any]:
        from .poll_services import poll_state
        from .voter_keys import request_voter_key

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        poll = value
        if poll is None or not poll.live or request is None:
            context["state"] = None
            return context
        context["poll"] = poll
        context["state"] = poll_state(
            poll, user=request.user, voter_key=request_voter_key(request, poll.pk)
        )
        # Back to this page, at the poll, after voting.
        context["next_url"] = f"{request.get_full_path()}#poll-{poll.pk}"
        return context

    class Meta:
        icon = "list-ul"
        template = "quizzes/blocks/poll.html"
