from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from lms.services import reevaluate_course


class Command(BaseCommand):
    help = (
        "Re-evaluate the enrollments of courses after their completion rules changed, and list "
        "what changed. Completions already recorded are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("courses", nargs="+", help="Course page ids or slugs.")

    def handle(self, *args, courses: list[str], **options) -> None:
        for ref in courses:
            pages = (
                Page.objects.filter(pk=int(ref)) if ref.isdigit() else Page.objects.filter(slug=ref)
            )
            page = pages.first()
            if page is None or not hasattr(page.specific, "get_completion_criteria"):
                raise CommandError(f"No course page with id or slug “{ref}”.")
            changes = reevaluate_course(page.specific)
            self.stdout.write(f"{page.title}: {len(changes)} enrollment(s) changed")
            for change in changes:
                done = " (completed)" if change.completed else ""
                before, after = change.progress_before, change.progress_after
                self.stdout.write(f"  {change.username}: {before}% → {after}%{done}")
