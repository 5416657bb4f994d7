"""Import learners from a CSV or XLSX file: every row is checked before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.utils.translation import gettext as _

from lms import services
from lms.learner_import import validate_file
from lms.models import LearnerImportStatus
from lms.spreadsheets import (
    ImportCommand,
    RowError,
    ValidationResult,
    fail_with_errors,
    rolled_back,
)


class Command(ImportCommand):
    help = (
        "Import learners from a .csv (UTF-8) or .xlsx file with the columns full name, email, "
        "unit code, position, category and, optionally, employee code. If any row is wrong, "
        "every problem is printed and nothing is written (exit status 1)."
    )

    user_help = (
        "Username to import as: recorded as the uploader, and a unit manager may import only "
        "into their own units. Without it, any unit is allowed."
    )

    def validate(self, file: IO[bytes], *, filename: str, by: Any) -> ValidationResult:
        return validate_file(file, filename=filename, user=by)

    def import_rows(self, result: ValidationResult, *, file: Path, by: Any, dry_run: bool) -> None:
        if dry_run:
            # Run the real write and roll it back: the counts are exactly what an import would do.
            summary = rolled_back(lambda: services.import_learners(rows=result.rows, by=by))
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
            fail_with_errors(self.stderr.write, [RowError(**error) for error in record.errors])
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
