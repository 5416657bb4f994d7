"""Synthetic training data at the scale of a province, for benchmarks and load tests.

Writes a unit tree (a province, ~15 departments and districts, communes and cooperatives
below them), learners spread over the units and categories, lightweight live course pages
and exactly one enrollment per learner and course (every official is assigned the whole
programme, so 50,000 learners × 20 courses make 1,000,000 enrollments), with a mix of
completed (over the last six months), in-progress, not yet started and withdrawn
enrollments, and a few training targets. Rows are written
with `bulk_create` in batches: 50,000 learners × 20 courses takes minutes on PostgreSQL.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Page, Site

from lms import services
from lms.conf import lms_settings
from lms.management.synthetic import SyntheticDataCommand
from lms.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LearnerCategory,
    LearnerProfile,
    OrganisationUnit,
    UnitKind,
)
from lms.targets.models import TrainingTarget

# Every generated row carries this prefix (unit codes, usernames, page slugs), followed by the
# run number, so that a second run (with --force) never collides with the first.
PREFIX = "syn"
BATCH = 5_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Khánh", "Lan", "Mai", "Nam", "Phương",
         "Quyết", "Sơn", "Thảo", "Trung", "Tuấn", "Uyên", "Việt", "Yến"]  # fmt: skip
# Who works where: departments employ civil servants and public employees, communes also
# serve citizens, cooperatives are run by cooperative leaders.
CATEGORY_WEIGHTS = {
    UnitKind.DEPARTMENT: {LearnerCategory.CIVIL_SERVANT: 6, LearnerCategory.PUBLIC_EMPLOYEE: 4},
    UnitKind.DISTRICT: {LearnerCategory.CIVIL_SERVANT: 7, LearnerCategory.PUBLIC_EMPLOYEE: 3},
    UnitKind.COMMUNE: {
        LearnerCategory.CIVIL_SERVANT: 4,
        LearnerCategory.PUBLIC_EMPLOYEE: 2,
        LearnerCategory.CITIZEN: 4,
    },
    UnitKind.COOPERATIVE: {LearnerCategory.COOPERATIVE_LEADER: 8, LearnerCategory.CITIZEN: 2},
}


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Command(SyntheticDataCommand):
    help = _(
        "Generate synthetic units, learners, courses, enrollments and targets for benchmarks. "
        "Refuses to run a second time on the same database unless --force is given."
    )
    prefix = PREFIX
    default_learners = 50_000
    default_courses = 20
    exists_message = _lazy(
        "Synthetic training data already exists in this database. "
        "Run with --force to add another set."
    )

    def handle(self, *args, learners: int, courses: int, seed: int, force: bool, **options):
        run, tag, rng = self.begin_run(learners=learners, courses=courses, seed=seed, force=force)
        started = time.perf_counter()

        with transaction.atomic():
            units = self.make_units(tag, rng)
            pages = self.make_courses(tag, courses)
        self.log(
            _("%(units)d units, %(courses)d courses")
            % {"units": len(units), "courses": len(pages)},
            started,
        )
        people = self.make_learners(tag, units, learners, rng)
        self.log(_("%(count)d learners") % {"count": len(people)}, started)
        count = self.make_enrollments(people, [page.pk for page in pages], rng)
        self.log(_("%(count)d enrollments") % {"count": count}, started)
        targets = self.make_targets(units[0], pages)
        self.log(_("%(count)d targets") % {"count": len(targets)}, started)
        self.stdout.write(
            self.style.SUCCESS(_("Synthetic data set “%(tag)s” is ready.") % {"tag": tag})
        )

    def make_units(self, tag: str, rng: random.Random) -> list[OrganisationUnit]:
        """A province, 15 departments and districts below it, communes and cooperatives below
        the districts. The root comes first."""
        code = tag.upper()
        root = services.create_unit(code=code, name=f"Tỉnh tổng hợp {tag}", kind=UnitKind.PROVINCE)
        units = [root]
        for d in range(15):
            if d < 6:
                units.append(
                    services.create_unit(
                        code=f"{code}-S{d:02d}",
                        name=f"Sở {d + 1:02d}",
                        kind=UnitKind.DEPARTMENT,
                        parent=root,
                    )
                )
                continue
            district = services.create_unit(
                code=f"{code}-H{d:02d}",
                name=f"Huyện {d + 1:02d}",
                kind=UnitKind.DISTRICT,
                parent=root,
            )
            units.append(district)
            for c in range(rng.randint(8, 14)):
                kind = UnitKind.COOPERATIVE if c % 4 == 3 else UnitKind.COMMUNE
                label = "HTX" if kind == UnitKind.COOPERATIVE else "Xã"
                units.append(
                    services.create_unit(
                        code=f"{code}-H{d:02d}-{c:02d}",
                        name=f"{label} {d + 1:02d}-{c + 1:02d}",
                        kind=kind,
                        parent=district,
                    )
                )
        return units

    def make_courses(self, tag: str, count: int) -> list[Page]:
        """`count` live course pages without lessons, under the catalogue (created if missing)."""
        course_model = apps.get_model(lms_settings.COURSE_PAGE_MODEL)
        parent_model = course_model.allowed_parent_page_models()[0]
        catalogue = parent_model.objects.first()
        if catalogue is None:
            root = Site.objects.get(is_default_site=True).root_page
            catalogue = root.add_child(instance=parent_model(title="Khóa học", slug="courses"))
        pillars = ["digital_government", "digital_economy", "digital_society"]
        pages = []
        for n in range(count):
            catalogue.refresh_from_db()
            pages.append(
                catalogue.add_child(
                    instance=course_model(
                        title=f"Khóa học tổng hợp {n + 1:02d} ({tag})",
                        slug=f"{tag}-khoa-hoc-{n + 1:02d}",
                        summary="Khóa học sinh tự động cho đo hiệu năng.",
                        pillar=pillars[n % len(pillars)],
                    )
                )
            )
        return pages

    def make_learners(
        self, tag: str, units: list[OrganisationUnit], count: int, rng: random.Random
    ) -> list[tuple[int, float]]:
        """Users (unusable password) and their profiles; returns (user id, diligence) pairs."""
        User = get_user_model()
        password = make_password(None)
        # Bigger units hold more people: departments and districts weigh more than communes.
        weights = [
            {UnitKind.DEPARTMENT: 8, UnitKind.DISTRICT: 6}.get(unit.kind, 1) for unit in units[1:]
        ]
        now = timezone.now()
        people: list[tuple[int, float]] = []
        for start in range(0, count, BATCH):
            size = min(BATCH, count - start)
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"{tag}-{start + i:06d}",
                        email=f"{tag}-{start + i:06d}@example.gov.vn",
                        password=password,
                    )
                    for i in range(size)
                ]
            )
            chosen = rng.choices(units[1:], weights=weights, k=size)
            profiles = []
            for user, unit in zip(users, chosen, strict=True):
                categories = CATEGORY_WEIGHTS[unit.kind]
                category = rng.choices(list(categories), weights=list(categories.values()))[0]
                profiles.append(
                    LearnerProfile(
                        user_id=user.pk,
                        full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                        unit_id=unit.pk,
                        category=category,
                        consent_version=lms_settings.PRIVACY_NOTICE_VERSION,
                        consented_at=now,
                    )
                )
                people.append((user.pk, rng.betavariate(2, 2)))
            LearnerProfile.objects.bulk_create(profiles)
        return people

    def make_enrollments(
        self, people: list[tuple[int, float]], course_ids: list[int], rng: random.Random
    ) -> int:
        """Each learner in every course; diligent learners complete more of them, and some
        have not opened a course yet."""
        now = timezone.now()
        half_year = 182 * 24 * 3600
        written = 0
        batch: list[Enrollment] = []
        for user_id, diligence in people:
            for course_id in course_ids:
                draw = rng.random()
                enrolled_at = now - datetime.timedelta(
                    seconds=rng.randint(30 * 24 * 3600, 2 * half_year)
                )
                started = rng.random() > 0.15  # some assigned courses are not opened yet
                values = {
                    "status": EnrollmentStatus.ACTIVE,
                    "progress_percent": rng.randint(1, 95) if started else 0,
                }
                if draw < 0.2 + 0.7 * diligence:
                    completed_at = now - datetime.timedelta(seconds=rng.randint(0, half_year))
                    values = {
                        "status": EnrollmentStatus.COMPLETED,
                        "progress_percent": 100,
                        "completed_at": completed_at,
                    }
                    enrolled_at = min(enrolled_at, completed_at - datetime.timedelta(days=3))
                elif draw > 0.95:
                    values["status"] = EnrollmentStatus.WITHDRAWN
                    values["withdrawn_at"] = enrolled_at + datetime.timedelta(days=7)
                batch.append(
                    Enrollment(
                        user_id=user_id,
                        course_id=course_id,
                        source=EnrollmentSource.ASSIGNED,
                        enrolled_at=enrolled_at,
                        last_activity_at=values.get("completed_at", enrolled_at),
                        **values,
                    )
                )
                if len(batch) >= BATCH:
                    Enrollment.objects.bulk_create(batch)
                    written += len(batch)
                    batch = []
        Enrollment.objects.bulk_create(batch)
        return written + len(batch)

    def make_targets(self, root: OrganisationUnit, pages: list[Page]) -> list[TrainingTarget]:
        today = timezone.localdate()
        year_end = datetime.date(today.year, 12, 31)
        if year_end <= today:
            year_end = datetime.date(today.year + 1, 12, 31)
        start = today - datetime.timedelta(days=180)
        specs = [
            (
                "Công chức hoàn thành khóa học chính quyền số",
                LearnerCategory.CIVIL_SERVANT,
                80,
                pages[:1],
            ),
            (
                "Cán bộ HTX hoàn thành hai khóa kinh tế số",
                LearnerCategory.COOPERATIVE_LEADER,
                60,
                pages[1:3] or pages[:1],
            ),
            ("Mọi người hoàn thành ba khóa nền tảng", "", 50, pages[:3]),
        ]
        targets = []
        for title, category, percent, courses in specs:
            target = TrainingTarget.objects.create(
                unit=root,
                title=title,
                learner_category=category,
                required_percent=percent,
                starts_on=start,
                deadline=year_end,
            )
            target.courses.set(courses)
            targets.append(target)
        return targets
