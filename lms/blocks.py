"""StreamField pieces shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from wagtail import blocks


def add_extra_blocks(
    stream_block: type[blocks.StreamBlock], entries: Iterable[tuple[str, str]], setting: str
) -> None:
    """Declare on `stream_block`, after its own blocks, the blocks a setting names: (name,
    dotted path of a block class or of a factory returning a block instance), each called
    without arguments. How another app adds a block (quizzes and its poll) to lessons or
    articles without being imported. Call it where the class is defined, so a wrong dotted
    path fails at start-up; subclasses inherit the blocks like the others.

    Raises `ImproperlyConfigured` when an entry does not give a block."""
    for name, dotted_path in entries:
        block = import_string(dotted_path)()
        if not isinstance(block, blocks.Block):
            raise ImproperlyConfigured(
                f"{setting}: {dotted_path} did not give a block for {name!r}."
            )
        block.set_name(name)
        stream_block.declared_blocks[name] = block
        stream_block.base_blocks[name] = block
