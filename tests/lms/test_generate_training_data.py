"""The synthetic data generator for benchmarks: realistic shape, bulk writes, one run only."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.models import Enrollment, EnrollmentStatus, LearnerProfile, OrganisationUnit
from lms.targets.models import TrainingTarget
from lms.targets.progress import progress_by_unit

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command("generate_training_data", stdout=StringIO(), **options)


def test_generates_a_unit_tree_learners_and_a_mix_of_enrollments(home):
    # When a small data set is generated
    with CaptureQueriesContext(connection) as queries:
        generate(learners=300, courses=4, seed=7)

    # Then there is a province with ~15 units below it and communes below the districts
    root = OrganisationUnit.objects.get(code="SYN1")
    assert root.get_children_count() == 15
    assert root.get_descendants().filter(depth=3).count() > 50
    # every learner has a profile in the tree and cannot log in with a password
    users = get_user_model().objects.filter(username__startswith="syn1-")
    assert users.count() == 300
    assert not any(user.has_usable_password() for user in users[:20])
    assert LearnerProfile.objects.in_units([root]).count() == 300
    # every learner is in every course (300 × 4), with completed, active (some not opened
    # yet) and withdrawn enrollments
    enrollments = Enrollment.objects.filter(user__username__startswith="syn1-")
    assert enrollments.count() == 300 * 4
    assert enrollments.values("user_id", "course_id").distinct().count() == 300 * 4
    not_opened = enrollments.filter(status=EnrollmentStatus.ACTIVE, progress_percent=0)
    assert 0 < not_opened.count() < enrollments.filter(status=EnrollmentStatus.ACTIVE).count()
    statuses = set(enrollments.values_list("status", flat=True))
    assert statuses == {s.value for s in EnrollmentStatus}
    oldest = timezone.now() - datetime.timedelta(days=183)
    completed = enrollments.filter(status=EnrollmentStatus.COMPLETED)
    assert not completed.filter(completed_at__lt=oldest).exists()
    assert completed.filter(completed_at__lt=timezone.now() - datetime.timedelta(days=90)).exists()
    # rows are written in batches, not one by one
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) < 400  # 1,300+ rows with per-row saves; pages and units are few

    # and the targets it sets can be measured
    targets = TrainingTarget.objects.filter(unit=root)
    assert targets.count() == 3
    rows = progress_by_unit(targets[0], list(root.get_children()))
    assert sum(row.people for row in rows) > 0
    assert 0 < sum(row.completed for row in rows) < sum(row.people for row in rows)


def test_refuses_to_run_twice_unless_forced(home):
    # Given a generated data set
    generate(learners=20, courses=2)

    # When it is run again, it refuses and says how to go on
    with pytest.raises(CommandError, match="--force"):
        generate(learners=20, courses=2)
    assert get_user_model().objects.filter(username__startswith="syn").count() == 20

    # And with --force it adds a second set beside the first
    generate(learners=20, courses=2, force=True)
    assert get_user_model().objects.filter(username__startswith="syn2-").count() == 20
    assert OrganisationUnit.objects.filter(code__in=["SYN1", "SYN2"], depth=1).count() == 2
