"""Import bank questions from a CSV or XLSX file: every row is checked before anything is
written."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from lms.spreadsheets import ImportCommand, ValidationResult, rolled_back
from quizzes.question_import import import_questions, summary_message, validate_file


class Command(ImportCommand):
    help = (
        "Import bank questions from a .csv (UTF-8) or .xlsx file in the format of the admin's "
        "template and download (category, kind, question, points, choices, correct choices, "
        "accepted answers...). Rows with a code, or with the text of a question of their "
        "category, update it; the others add questions; unknown categories are created. If any "
        "row is wrong, every problem is printed and nothing is written (exit status 1)."
    )

    user_help = "Username recorded in the categories' history as the importer."

    def validate(self, file: IO[bytes], *, filename: str, by: Any) -> ValidationResult:
        return validate_file(file, filename=filename)

    def import_rows(self, result: ValidationResult, *, file: Path, by: Any, dry_run: bool) -> None:
        if dry_run:
            # Run the real write and roll it back: the counts are exactly what an import would do.
            summary = rolled_back(lambda: import_questions(rows=result.rows, by=by))
            self.stdout.write(
                _("The file is valid. %(summary)s Nothing was written (--dry-run).")
                % {"summary": summary_message(summary)}
            )
            return
        summary = import_questions(rows=result.rows, by=by)
        self.stdout.write(self.style.SUCCESS(summary_message(summary)))
