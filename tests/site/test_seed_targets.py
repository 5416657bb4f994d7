"""The demo training targets: the manager's district has targets and people to count."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lms.models import (
    Enrollment,
    EnrollmentStatus,
    LearnerProfile,
    OrganisationUnit,
    TargetStatus,
    TrainingTarget,
)
from lms.targets.progress import progress_by_unit


@pytest.fixture
def seeded(db) -> None:
    call_command("seed_demo", stdout=StringIO())


def counts() -> tuple[int, int, int, int]:
    return (
        TrainingTarget.objects.count(),
        LearnerProfile.objects.count(),
        Enrollment.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_targets_show_mixed_progress_in_the_managers_district(seeded):
    # Given the seeded demo, the province and the manager's district have targets
    district = OrganisationUnit.objects.get(code="TB-VUTHU")
    targets = list(TrainingTarget.objects.select_related("unit"))
    assert {target.unit.code for target in targets} == {"TB", "TB-VUTHU"}
    assert all(target.courses.exists() for target in targets)

    # When their progress is read within the district the manager manages
    rows = [row for target in targets for row in progress_by_unit(target, [district])]

    # Then every target counts people there, some have completed but not everyone has
    for row in rows:
        assert row.people > 0
        assert 0 < row.completed < row.people
    # and the statuses differ, so the dashboard has something to say
    assert len({row.status for row in rows}) > 1
    assert TargetStatus.ON_TRACK in {row.status for row in rows}
    # with learners in progress too
    extra = Enrollment.objects.filter(user__username__startswith="hocvien")
    assert extra.filter(status=EnrollmentStatus.ACTIVE, progress_percent__gt=0).exists()


def test_seeding_targets_again_changes_nothing(seeded):
    # Given the seeded demo
    before = counts()

    # When it is seeded again
    call_command("seed_demo", stdout=StringIO())

    # Then no target, learner or enrollment was added
    assert counts() == before
    assert get_user_model().objects.filter(username__startswith="hocvien").count() == 40
