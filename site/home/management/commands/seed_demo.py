from django.core.management.base import BaseCommand

from home.seed.articles import seed_articles
from home.seed.blended import seed_blended
from home.seed.certificates import seed_certificates
from home.seed.courses import seed_courses, seed_progress
from home.seed.people import DEMO_PASSWORD, seed_people
from home.seed.polls import seed_polls
from home.seed.privacy import seed_privacy_requests
from home.seed.quizzes import seed_quizzes
from home.seed.site import seed_featured_courses, seed_home
from home.seed.targets import seed_training_targets
from home.seed.workflow import seed_news_workflow


class Command(BaseCommand):
    help = "Create the Vietnamese demo content and accounts. Safe to run again: changes nothing."

    def handle(self, *args, **options) -> None:
        home = seed_home()
        users = seed_people()
        courses = seed_courses(home)
        seed_quizzes(courses)
        poll = seed_polls(courses)
        seed_certificates(courses)
        seed_progress(courses)  # after the quizzes: they are part of each course's progress
        blended = seed_blended(home)  # the blended course and its hall sessions
        seed_certificates([blended])
        seed_training_targets()  # targets for the demo units, and learners to count against them
        seed_privacy_requests()  # an erasure request waiting for the site administrator
        seed_featured_courses(home, [*courses, blended])
        news = seed_articles(home, courses=courses, poll=poll)
        seed_news_workflow(news)  # editors submit articles, site administrators approve
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.username:<11} {demo.role:<19} {demo.full_name}")
        self.stdout.write("Site: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/")
