#!/usr/bin/env python
"""Benchmark the peak memory of a worker exporting 100,000 report rows (goal: under 200 MB).

Run from the repository root with the project's Python:

    .venv/bin/python bench/export_memory.py [--learners 5000] [--courses 20]

By default it uses its own SQLite file (var/bench-export.sqlite3); set DATABASE_URL to measure
on PostgreSQL. It migrates, generates learners × courses enrollments with
`generate_training_data` (5,000 × 20 = 100,000; reused when present), then, for CSV and XLSX,
starts a fresh Python process that loads the site, serves one small warm-up request and
downloads the whole learner progress report (every enrollment, every column) through
Django's request handler, reading the response the way a server sends it. The process
reports its peak resident memory (`ru_maxrss`) before and after the export. The same export
is measured through Wagtail's stock export code ("stock": the listing's context counts the
rows, which loads them all, and XLSX is built in memory) beside the project's streamed one.
It prints a table and writes bench/results/export_memory.json; there is no pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "export_memory.json"
REPORT_URL = "/admin/cds-lms/reports/learner-progress/"
ADMIN = "bench-export-admin"
GOAL_MB = 200


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-export.sqlite3'}")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lmssite.settings.dev"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: measure what production would hold
    settings.ALLOWED_HOSTS = ["testserver"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(export_format: str, mode: str) -> None:
    """One measurement in this fresh process; prints a JSON line."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    if mode == "stock":
        # Wagtail's own export path: drop the project's overrides.
        from lms.admin.listings import FormulaSafeExportMixin

        for name in ("get", "as_spreadsheet", "write_xlsx_response"):
            delattr(FormulaSafeExportMixin, name)

    client = Client()
    client.force_login(get_user_model().objects.get(username=ADMIN))
    warm = client.get(REPORT_URL)  # templates, URL resolvers, hooks: loaded before measuring
    assert warm.status_code == 200, warm.status_code
    before = peak_mb()
    started = time.perf_counter()
    response = client.get(REPORT_URL, {"export": export_format})
    assert response.status_code == 200, response.status_code
    size = newlines = 0
    chunks = response.streaming_content if response.streaming else [response.content]
    for chunk in chunks:
        size += len(chunk)
        newlines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "format": export_format,
                "mode": mode,
                "peak_before_mb": round(before, 1),
                "peak_mb": round(peak_mb(), 1),
                "bytes": size,
                "seconds": round(seconds, 2),
                "streamed": bool(response.streaming),
                # CSV: one line per row after the headings (no field holds a line break)
                "rows": newlines - 1 if export_format == "csv" else None,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=5_000)
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "MODE"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-stock", action="store_true", help="skip the measurement of Wagtail's stock export"
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from lms.models import Enrollment, OrganisationUnit

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    if not OrganisationUnit.objects.filter(code__startswith="SYN", depth=1).exists():
        call_command("generate_training_data", learners=args.learners, courses=args.courses, seed=1)
    User = get_user_model()
    if not User.objects.filter(username=ADMIN).exists():
        User.objects.create_superuser(ADMIN, f"{ADMIN}@example.gov.vn", None)
    rows = Enrollment.objects.count()  # a complete export: the admin sees every unit

    modes = ["streamed"] if args.no_stock else ["streamed", "stock"]
    results = []
    for export_format in ("csv", "xlsx"):
        for mode in modes:
            output = subprocess.run(
                [sys.executable, __file__, "--child", export_format, mode],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ.copy(),
            ).stdout
            results.append(json.loads(output.strip().splitlines()[-1]))

    report = {
        "rows": rows,
        "goal_peak_mb": GOAL_MB,
        "results": results,
        "environment": {
            "python": platform.python_version(),
            "database": connection.vendor,
            "django": __import__("django").get_version(),
            "wagtail": __import__("wagtail").__version__,
            "machine": platform.machine(),
            "processor_count": os.cpu_count(),
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(f"\nLearner progress export, {rows:,} rows, {connection.vendor}, one process each\n")
    print(
        f"{'format':<8}{'export code':<12}{'peak before MB':>16}{'peak MB':>10}"
        f"{'file MB':>10}{'seconds':>10}"
    )
    print("-" * 66)
    for row in results:
        print(
            f"{row['format']:<8}{row['mode']:<12}{row['peak_before_mb']:>16.1f}"
            f"{row['peak_mb']:>10.1f}{row['bytes'] / 2**20:>10.1f}{row['seconds']:>10.1f}"
        )
    print("-" * 66)
    print(f"goal: the worker's peak under {GOAL_MB} MB\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
