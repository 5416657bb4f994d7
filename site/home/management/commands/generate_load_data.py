"""Synthetic data for the load test (`bench/load_test.py`): a province of units, learners who
can log in, published courses with lessons and a quiz, and what the learners have done so far.

The units and learners come from `generate_training_data` (same tree, same spread of people
over units and categories); here every learner gets the one known password `LOAD_PASSWORD`
(hashed once, the hash given to all) and a predictable username: ``load-000000``,
``load-000001``... (``load2-…`` for a second set made with --force). Each of the M courses
has three short lessons and a ten-question quiz; each learner is enrolled in some of them,
part-way or done, with lesson completions, graded attempts and (when done) a certificate that
agree with the progress. Rows are written with `bulk_create`: the number of INSERT statements
does not grow with the number of learners (below 1,000 learners per chunk). The same --seed
gives the same data.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from home.load_data.activity import write_activity
from home.load_data.courses import make_courses
from lms.management.commands.generate_training_data import Command as TrainingData
from lms.management.synthetic import SyntheticDataCommand

PREFIX = "load"
LOAD_PASSWORD = "TaiThu@2026"  # noqa: S105 - synthetic accounts of a load-test database


def run_tag(run: int) -> str:
    """The prefix of a set's usernames, unit codes and slugs: "load", then "load2"..."""
    return PREFIX if run == 1 else f"{PREFIX}{run}"


def username(index: int, run: int = 1) -> str:
    """The username of the `index`-th learner (from 0) of a set."""
    return f"{run_tag(run)}-{index:06d}"


class Command(SyntheticDataCommand):
    help = _(
        "Generate synthetic learners, courses with lessons and quizzes, enrollments, progress, "
        "quiz attempts and certificates for load tests. Refuses to run a second time on the "
        "same database unless --force is given."
    )
    prefix = PREFIX
    default_learners = 2_000
    default_courses = 5
    exists_message = _lazy(
        "Load-test data already exists in this database. Run with --force to add another set."
    )

    def tag_for(self, run: int) -> str:
        return run_tag(run)

    def handle(self, *args, learners: int, courses: int, seed: int, force: bool, **options):
        run, tag, rng = self.begin_run(learners=learners, courses=courses, seed=seed, force=force)
        builder = TrainingData(stdout=self.stdout, stderr=self.stderr)
        started = time.perf_counter()

        with transaction.atomic():
            units = builder.make_units(tag, rng)
            made = make_courses(tag=tag, run=run, count=courses)
        self.log(
            _("%(units)d units, %(courses)d courses") % {"units": len(units), "courses": len(made)},
            started,
        )
        with transaction.atomic():
            people = builder.make_learners(tag, units, learners, rng)
            # One hash for everybody: hashing 2,000 passwords would take half an hour.
            get_user_model().objects.filter(username__startswith=f"{tag}-").update(
                password=make_password(LOAD_PASSWORD)
            )
        self.log(_("%(count)d learners") % {"count": len(people)}, started)
        totals = write_activity(people, made, rng)
        self.log(
            _(
                "%(enrollments)d enrollments, %(lessons)d lessons completed, "
                "%(attempts)d quiz attempts, %(certificates)d certificates"
            )
            % {
                "enrollments": totals.enrollments,
                "lessons": totals.lessons_done,
                "attempts": totals.attempts,
                "certificates": totals.certificates,
            },
            started,
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Load-test data set “%(tag)s” is ready. Learners %(first)s … %(last)s, "
                    "password: %(password)s"
                )
                % {
                    "tag": tag,
                    "first": username(0, run),
                    "last": username(learners - 1, run),
                    "password": LOAD_PASSWORD,
                }
            )
        )
