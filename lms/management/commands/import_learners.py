"""Import learners from a CSV or XLSX file: every row is checked before anything is written."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms import services
from lms.learner_import import RowError, validate_file
from lms.models import LearnerImportStatus


class _DryRun(Exception):
    """Raised to roll back a dry run's writes."""


class Command(BaseCommand):
    help = (
        "Import learners from a .csv (UTF-8) or .xlsx file with the columns full name, email, "
        "unit code, position, category and, optionally, employee code. If any row is wrong, "
        "every problem is printed and nothing is written (exit status 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and count what would change, without writing anything.",
        )
        parser.add_argument(
            "--user",
            help="Username to import as: recorded as the uploader, and a unit manager may "
            "import only into their own units. Without it, any unit is allowed.",
        )

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options) -> None:
        by = self._user(user)
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        with file.open("rb") as handle:
            result = validate_file(handle, filename=file.name, user=by)
        if not result.is_valid:
            self._fail(result.errors)
        if dry_run:
            summary = self._dry_run(result.rows, by)
            self.stdout.write(
                _(
                    "The file is valid: %(rows)d learners, %(created)d to create, "
                    "%(updated)d to update, %(unchanged)d unchanged. Nothing was written "
                    "(--dry-run)."
                )
                % {
                    "rows": result.row_count,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                }
            )
            return
        with file.open("rb") as handle:
            record = services.submit_learner_import(
                file=File(handle), filename=file.name, by=by, background=False
            )
        if record.status != LearnerImportStatus.SUCCEEDED:
            self._fail([RowError(**error) for error in record.errors])
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(rows)d learners: %(created)d created, %(updated)d updated, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "rows": record.row_count,
                    "created": record.created_count,
                    "updated": record.updated_count,
                    "unchanged": record.unchanged_count,
                }
            )
        )

    def _user(self, username: str | None):
        if not username:
            return None
        User = get_user_model()
        try:
            return User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(
                _("No user has the username “%(name)s”.") % {"name": username}
            ) from exc

    def _dry_run(self, rows, by) -> services.ImportSummary:
        # Run the real write and roll it back: the counts are exactly what an import would do.
        try:
            with transaction.atomic():
                summary = services.import_learners(rows=rows, by=by)
                raise _DryRun
        except _DryRun:
            return summary

    def _fail(self, errors: list[RowError]) -> None:
        for error in errors:
            if error.row is None:
                self.stderr.write(error.message)
            else:
                self.stderr.write(
                    _("Row %(row)d, %(column)s: %(message)s")
                    % {"row": error.row, "column": error.column, "message": error.message}
                )
        raise CommandError(
            ngettext(
                "%(count)d problem found; nothing was imported.",
                "%(count)d problems found; nothing was imported.",
                len(errors),
            )
            % {"count": len(errors)}
        )
