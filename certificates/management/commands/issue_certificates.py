"""Issue every missing certificate of a course: ``manage.py issue_certificates --course 12
[--unit SO-TTTT]``. Runs `services.bulk_issue` in this process; safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.models import OrganisationUnit

from ...exceptions import NoTemplate
from ...services import bulk_issue


class Command(BaseCommand):
    help = "Issue the certificate of every completed enrollment of a course that has none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--course", type=int, required=True, help="The course page's id.")
        parser.add_argument("--unit", help="Only learners of this unit's subtree (unit code).")

    def handle(self, *args: Any, course: int, unit: str | None = None, **options: Any) -> None:
        unit_id = None
        if unit:
            found = OrganisationUnit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(f"No unit with the code {unit!r}.")
            unit_id = found.pk
        try:
            summary = bulk_issue(course_id=course, unit_id=unit_id)
        except NoTemplate as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Issued {summary.issued} certificate(s); {summary.failed} failed.")
