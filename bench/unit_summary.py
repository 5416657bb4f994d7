#!/usr/bin/env python
"""Benchmark a training target's progress by unit: 50,000 learners × 20 courses on PostgreSQL
(target: under 1 s).

Run from the repository root with the project's Python, against a database you may fill:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cds_bench \\
        .venv/bin/python bench/unit_summary.py [--learners 50000] [--courses 20]

It migrates the database, generates the synthetic data set with `generate_training_data`
(unless one is there already: then it is reused), then times `progress_by_unit` for each
generated target over the root unit's children and over the root itself: the median of 5
runs and the number of queries. It prints a table and writes bench/results/unit_summary.json.
There is no pass/fail: the figures are for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "unit_summary.json"
RUNS = 5


def setup_django() -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lmssite.settings.dev"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: time what production would do


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(function) -> dict:
    """The median of RUNS calls of `function` and the queries one call makes."""
    from django.db import connection

    seconds = []
    counter = QueryCounter()
    for _ in range(RUNS):
        counter.count = 0
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            function()
        seconds.append(time.perf_counter() - started)
    return {
        "median_seconds": round(statistics.median(seconds), 4),
        "max_seconds": round(max(seconds), 4),
        "queries": counter.count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50_000)
    parser.add_argument("--courses", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database you may fill (see the docstring).")
    from postgres import SERVER, ensure_database

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    if url.startswith(f"{SERVER}/"):  # a database of this machine's server: made if missing
        ensure_database(url.removeprefix(f"{SERVER}/"))

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from lms.models import Enrollment, LearnerProfile, OrganisationUnit
    from lms.targets.models import TrainingTarget
    from lms.targets.progress import progress_by_unit

    call_command("migrate", verbosity=0)
    root = OrganisationUnit.objects.filter(code__startswith="SYN", depth=1).order_by("pk").first()
    generate_seconds = None
    if root is None:
        started = time.perf_counter()
        call_command("generate_training_data", learners=args.learners, courses=args.courses, seed=1)
        generate_seconds = round(time.perf_counter() - started, 1)
        root = OrganisationUnit.objects.filter(code__startswith="SYN", depth=1).first()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    children = list(root.get_children())
    targets = list(TrainingTarget.objects.filter(unit=root).select_related("unit"))
    learners = LearnerProfile.objects.in_units([root]).count()
    enrollments = Enrollment.objects.count()

    results: dict[str, dict] = {}
    for target in targets:
        course_count = target.courses.count()
        name = f"{target.title[:34]} ({course_count} c.)"
        results[f"{name}: children"] = timed(lambda t=target: progress_by_unit(t, children))
        results[f"{name}: root"] = timed(lambda t=target: progress_by_unit(t, [root]))

    report = {
        "learners": learners,
        "enrollments": enrollments,
        "units": root.get_descendant_count() + 1,
        "root_children": len(children),
        "generate_seconds": generate_seconds,
        "runs": RUNS,
        "target_seconds": 1,
        "steps": results,
        "environment": {
            "python": platform.python_version(),
            "database": connection.vendor,
            "database_version": connection.cursor().connection.info.server_version
            if connection.vendor == "postgresql"
            else None,
            "django": __import__("django").get_version(),
            "machine": platform.machine(),
            "processor_count": os.cpu_count(),
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(
        f"\nProgress by unit: {learners:,} learners, {enrollments:,} enrollments, "
        f"{len(children)} child units, median of {RUNS} runs\n"
    )
    print(f"{'target: rows':<60}{'median s':>10}{'max s':>10}{'queries':>9}")
    print("-" * 89)
    for name, figures in results.items():
        print(
            f"{name:<60}{figures['median_seconds']:>10.3f}{figures['max_seconds']:>10.3f}"
            f"{figures['queries']:>9}"
        )
    print("-" * 89)
    print("target < 1 s per call\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
