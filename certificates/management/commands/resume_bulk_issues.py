"""Queue again the bulk certificate issues whose worker died mid-run (database task backend):
``manage.py resume_bulk_issues [--stale-after-minutes N]``. For cron, next to
`retry_certificate_renders`, or before the workers start; see `tasks.requeue_lost_bulk_issues`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...tasks import requeue_lost_bulk_issues


class Command(BaseCommand):
    help = (
        "Queue again the bulk certificate issues left 'running' by a worker that was killed. "
        "On PostgreSQL a task's own lock tells whether its worker is alive; on other databases "
        "only tasks running for longer than --stale-after-minutes are taken for lost."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-after-minutes",
            type=int,
            default=None,
            help="Databases without advisory locks (SQLite): a bulk issue running for longer "
            "than this is taken for lost. Ignored on PostgreSQL.",
        )

    def handle(self, *args: Any, stale_after_minutes: int | None = None, **options: Any) -> None:
        stale_after = (
            datetime.timedelta(minutes=stale_after_minutes)
            if stale_after_minutes is not None
            else None
        )
        requeued = requeue_lost_bulk_issues(stale_after=stale_after)
        self.stdout.write(f"{len(requeued)} bulk certificate issue(s) queued again.")
