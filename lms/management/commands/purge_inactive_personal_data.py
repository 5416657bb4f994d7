"""Anonymise the accounts of learners inactive for longer than the retention period (for cron).

    manage.py purge_inactive_personal_data            # LMS_PERSONAL_DATA_RETENTION_YEARS
    manage.py purge_inactive_personal_data --years 5 --dry-run

Idempotent: an account anonymised once is not counted again. Staff accounts are never touched.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lms.conf import lms_settings
from lms.privacy.services import purge_inactive


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of non-staff accounts whose last login (or registration) "
        "is older than the retention period, as an approved erasure. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Years of inactivity (default: LMS_PERSONAL_DATA_RETENTION_YEARS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the accounts, change nothing."
        )

    def handle(self, *args, years: int | None, dry_run: bool, **options) -> None:
        years = years if years is not None else lms_settings.PERSONAL_DATA_RETENTION_YEARS
        if not years:
            self.stdout.write(
                "No retention period is set (LMS_PERSONAL_DATA_RETENTION_YEARS): nothing to do."
            )
            return
        if years < 1:
            raise CommandError("--years must be a whole number of years, 1 or more.")
        count = purge_inactive(years=int(years), dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"{count} account(s) would be anonymised (dry run).")
        else:
            self.stdout.write(f"{count} account(s) anonymised.")
