"""Email the reminder to every learner registered for a training session that starts tomorrow.

Meant for cron, once or more a day, e.g. every morning at seven::

    0 7 * * *  cd /srv/site && .venv/bin/python manage.py send_session_reminders

"Tomorrow" is the next calendar day in the site's time zone (``TIME_ZONE``, Asia/Ho_Chi_Minh in
the reference site). Safe to run repeatedly, and on several hosts at once: each registration is
claimed by one conditional UPDATE before its email is queued, so every learner is reminded once
per session. Cancelled sessions and waitlisted learners get no reminder. The emails are sent by
the `courses.tasks.send_session_email` background task.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from courses import services


class Command(BaseCommand):
    help = (
        "Queue the reminder email for every learner registered for a training session that "
        "starts tomorrow (site time zone). Each learner is reminded once: safe to run several "
        "times a day or on several hosts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = services.send_reminders()
        self.stdout.write(f"{queued} session reminder(s) queued.")
