from django.core.management.base import BaseCommand

from certificates.services import retry_failed_renders


class Command(BaseCommand):
    help = (
        "Queue again the PDFs of certificates whose rendering failed or never ran (for cron, "
        "e.g. every 10 minutes). The certificate records are never touched by a failure."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=100)

    def handle(self, *args, limit: int, **options) -> None:
        queued = retry_failed_renders(limit=limit)
        self.stdout.write(f"{queued} certificate PDF(s) queued for rendering.")
