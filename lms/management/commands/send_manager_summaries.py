from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lms.targets.summary_email import send_manager_summaries


class Command(BaseCommand):
    help = _(
        "Email each unit manager the weekly summary of their units' training targets. "
        "Managers with no target in reach get no email."
    )

    def handle(self, *args, **options) -> None:
        sent = send_manager_summaries()
        self.stdout.write(_("%(count)d summary email(s) sent.") % {"count": sent})
