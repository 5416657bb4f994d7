"""What the load-test learners have done so far, written in bulk: enrollments, lesson
completions, graded quiz attempts (with their item rows) and certificates.

Every record agrees with the others as the services would have left them: a completed
enrollment has every lesson done, a passed attempt, progress 100 and a valid certificate; an
enrollment in progress has the lessons its progress counts (each lesson and the quiz are one
step of the course's progress, as `lms.completion` counts them) and at most failed attempts.
Certificates get serials reserved as one block per year from the serial counter, and no PDF:
they wait, "being prepared", until `manage.py retry_certificate_renders` renders them.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from certificates.conf import certificates_settings
from certificates.models import Certificate, RenderState, SerialCounter, new_verification_code
from lms.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LearnerProfile,
    LessonProgress,
    ProgressSource,
)
from quizzes import grading
from quizzes.item_analysis import item_rows
from quizzes.models import Attempt, AttemptItem, AttemptStatus

from .content import WRONG_SHORT_ANSWER
from .courses import LoadCourse

DAY = 24 * 3600
LEARNERS_PER_CHUNK = 1_000
# Rows per INSERT: at most 2,000 × 24 columns (certificates), within PostgreSQL's limit of
# 65,535 parameters a statement.
BATCH = 2_000
ATTEMPT_BATCH = 500  # attempts carry their snapshot: keep each INSERT statement small


@dataclass
class Totals:
    enrollments: int = 0
    lessons_done: int = 0
    attempts: int = 0
    certificates: int = 0
    statuses: Counter = field(default_factory=Counter)


@dataclass
class Plan:
    """One enrollment to write, and what hangs off it."""

    enrollment: Enrollment
    course: LoadCourse
    lessons: list[tuple[int, datetime.datetime]]
    attempts: list[tuple[int, datetime.datetime]]  # (questions answered right, submitted at)


def answers_for(snapshot: list[dict], right: int, rng: random.Random) -> dict[str, list | str]:
    """Answers to `snapshot` with exactly `right` questions answered correctly."""
    right_ids = set(rng.sample([item["id"] for item in snapshot], right))
    answers: dict[str, list | str] = {}
    for item in snapshot:
        good = item["id"] in right_ids
        if item["kind"] == "short_answer":
            answers[str(item["id"])] = item["accepted"][0] if good else WRONG_SHORT_ANSWER
            continue
        correct = sorted(c["id"] for c in item["choices"] if c["correct"])
        wrong = [c["id"] for c in item["choices"] if not c["correct"]]
        answers[str(item["id"])] = correct if good else [rng.choice(wrong)]
    return answers


def progress_percent(lessons_done: int, lessons: int) -> int:
    """As `lms.completion.Assessment.percent` for a course of lessons then a quiz, not met."""
    return min(99, 100 * lessons_done // (lessons + 1))


def plan_enrollment(
    user_id: int, diligence: float, course: LoadCourse, now: datetime.datetime, rng: random.Random
) -> Plan | None:
    """Whether the learner took the course and how far they are; None when not enrolled
    (the load test's learners enrol in those courses themselves)."""
    if rng.random() > 0.35 + 0.5 * diligence:
        return None
    lessons = len(course.lesson_ids)
    enrolled_at = now - datetime.timedelta(seconds=rng.randint(20 * DAY, 180 * DAY))
    draw = rng.random()
    needed = -(-course.pass_mark * len(course.snapshot) // 100)  # right answers to pass
    if draw < 0.1 + 0.6 * diligence:
        status, done = EnrollmentStatus.COMPLETED, lessons
        scores = [rng.randint(needed, len(course.snapshot))]
        if rng.random() < 0.3:
            scores.insert(0, rng.randint(2, needed - 1))
    else:
        status = EnrollmentStatus.WITHDRAWN if draw > 0.97 else EnrollmentStatus.ACTIVE
        done = rng.randint(0, lessons)
        scores = [rng.randint(2, needed - 1)] if done == lessons and rng.random() < 0.5 else []
    moment = enrolled_at
    lesson_rows = []
    for lesson_id in course.lesson_ids[:done]:
        moment += datetime.timedelta(seconds=rng.randint(600, 5 * DAY))
        lesson_rows.append((lesson_id, moment))
    attempt_rows = []
    for right in scores:
        moment += datetime.timedelta(seconds=rng.randint(900, 2 * DAY))
        attempt_rows.append((right, moment))
    enrollment = Enrollment(
        user_id=user_id,
        course_id=course.course_id,
        status=status,
        source=EnrollmentSource.SELF,
        enrolled_at=enrolled_at,
        last_activity_at=moment if moment > enrolled_at else None,
        progress_percent=100
        if status == EnrollmentStatus.COMPLETED
        else progress_percent(done, lessons),
    )
    if status == EnrollmentStatus.COMPLETED:
        enrollment.completed_at = moment
    elif status == EnrollmentStatus.WITHDRAWN:
        enrollment.withdrawn_at = moment + datetime.timedelta(days=1)
    return Plan(enrollment=enrollment, course=course, lessons=lesson_rows, attempts=attempt_rows)


def reserve_serials(years: Counter) -> dict[int, list[str]]:
    """`years[y]` serials for each issue year, as blocks taken from the serial counter (one
    UPDATE per year, like `certificates.services.next_serial` one by one)."""
    prefix = certificates_settings.SERIAL_PREFIX
    digits = certificates_settings.SERIAL_DIGITS
    serials = {}
    with transaction.atomic():
        for year, count in sorted(years.items()):
            SerialCounter.objects.get_or_create(prefix=prefix, year=year)
            counter = SerialCounter.objects.filter(prefix=prefix, year=year)
            counter.update(last=F("last") + count)
            last = counter.get().last
            serials[year] = [
                f"{prefix}-{year}-{number:0{digits}d}"
                for number in range(last - count + 1, last + 1)
            ]
    return serials


def write_chunk(
    people: list[tuple[int, float]],
    courses: list[LoadCourse],
    now: datetime.datetime,
    rng: random.Random,
    totals: Totals,
) -> None:
    """Everything of a chunk of learners: a constant number of INSERT statements."""
    plans = [
        plan
        for user_id, diligence in people
        for course in courses
        if (plan := plan_enrollment(user_id, diligence, course, now, rng)) is not None
    ]
    Enrollment.objects.bulk_create([plan.enrollment for plan in plans], batch_size=BATCH)
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                enrollment_id=plan.enrollment.pk,
                lesson_id=lesson_id,
                completed_at=moment,
                source=ProgressSource.MANUAL,
            )
            for plan in plans
            for lesson_id, moment in plan.lessons
        ],
        batch_size=BATCH,
    )
    attempts = []
    for plan in plans:
        snapshot = plan.course.snapshot
        for number, (right, submitted_at) in enumerate(plan.attempts, start=1):
            answers = answers_for(snapshot, right, rng)
            score, maximum, results = grading.grade(snapshot, answers)
            percent = grading.percent(score, maximum)
            attempts.append(
                Attempt(
                    quiz_id=plan.course.quiz_id,
                    user_id=plan.enrollment.user_id,
                    number=number,
                    status=AttemptStatus.SUBMITTED,
                    started_at=submitted_at - datetime.timedelta(seconds=rng.randint(120, 900)),
                    submitted_at=submitted_at,
                    snapshot=snapshot,
                    answers=answers,
                    score=score,
                    max_score=maximum,
                    percent=percent,
                    passed=percent >= Decimal(plan.course.pass_mark),
                    results=results,
                )
            )
    Attempt.objects.bulk_create(attempts, batch_size=ATTEMPT_BATCH)
    AttemptItem.objects.bulk_create(
        [
            AttemptItem(attempt_id=attempt.pk, **row)
            for attempt in attempts
            for row in item_rows(attempt.snapshot, attempt.answers, attempt.results)
        ],
        batch_size=BATCH,
    )
    completed = [plan for plan in plans if plan.enrollment.completed_at is not None]
    profiles = {
        row["user_id"]: row
        for row in LearnerProfile.objects.filter(
            user_id__in={plan.enrollment.user_id for plan in completed}
        ).values("user_id", "full_name", "position", "unit__name")
    }
    issued = [
        (plan, plan.enrollment.completed_at + datetime.timedelta(minutes=rng.randint(1, 30)))
        for plan in completed
    ]
    serials = reserve_serials(Counter(timezone.localtime(at).year for _plan, at in issued))
    certificates = []
    for plan, issued_at in issued:
        profile = profiles.get(plan.enrollment.user_id, {})
        certificates.append(
            Certificate(
                user_id=plan.enrollment.user_id,
                course_id=plan.course.course_id,
                enrollment_id=plan.enrollment.pk,
                template_id=plan.course.template_id,
                serial=serials[timezone.localtime(issued_at).year].pop(0),
                verification_code=new_verification_code(),
                issued_at=issued_at,
                holder_name=profile.get("full_name", ""),
                holder_unit=profile.get("unit__name") or "",
                holder_position=profile.get("position", ""),
                course_title=plan.course.title,
                course_duration_minutes=plan.course.duration_minutes,
                render_state=RenderState.PENDING,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    totals.enrollments += len(plans)
    totals.lessons_done += sum(len(plan.lessons) for plan in plans)
    totals.attempts += len(attempts)
    totals.certificates += len(certificates)
    totals.statuses.update(plan.enrollment.status for plan in plans)


def write_activity(
    people: list[tuple[int, float]], courses: list[LoadCourse], rng: random.Random
) -> Totals:
    """The activity of every learner, chunk by chunk (each chunk in one transaction)."""
    now = timezone.now()
    totals = Totals()
    for start in range(0, len(people), LEARNERS_PER_CHUNK):
        with transaction.atomic():
            write_chunk(people[start : start + LEARNERS_PER_CHUNK], courses, now, rng, totals)
    return totals
