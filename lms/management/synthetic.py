"""What the synthetic-data commands share (`generate_training_data`, and the reference site's
`generate_load_data`): the options, the refusal to add a second set without --force, the run
number that keeps a second set's names apart from the first, and timed progress lines."""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from lms.models import OrganisationUnit


class SyntheticDataCommand(BaseCommand):
    """A command that writes one more set of synthetic data each time it runs with --force.

    A set is recognised by its root unit, whose code starts with the upper-cased `prefix`."""

    prefix: str
    default_learners: int
    default_courses: int
    #: The error when a set exists and --force is not given.
    exists_message: str | Promise

    def add_arguments(self, parser) -> None:
        parser.add_argument("--learners", type=int, default=self.default_learners)
        parser.add_argument("--courses", type=int, default=self.default_courses)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help=_("Add another set even if one exists.")
        )

    def tag_for(self, run: int) -> str:
        """The prefix of a set's usernames, unit codes and slugs."""
        return f"{self.prefix}{run}"

    def begin_run(
        self, *, learners: int, courses: int, seed: int, force: bool
    ) -> tuple[int, str, random.Random]:
        """Check the options and whether a set exists; the new set's number, tag and random
        generator (the same seed and run number give the same data)."""
        if learners < 1 or courses < 1:
            raise CommandError(_("--learners and --courses must be at least 1."))
        runs = OrganisationUnit.objects.filter(code__startswith=self.prefix.upper(), depth=1)
        if runs.exists() and not force:
            raise CommandError(str(self.exists_message))
        run = runs.count() + 1
        return run, self.tag_for(run), random.Random(seed * 1000 + run)

    def log(self, message: str, started: float) -> None:
        self.stdout.write(f"[{time.perf_counter() - started:7.1f} s] {message}")
