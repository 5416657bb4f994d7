#!/usr/bin/env python
"""Benchmark the bulk import of learners: 10,000 rows on SQLite (target: under 30 s).

Run from the repository root with the project's Python:

    .venv/bin/python bench/import_learners.py [--rows 10000]

It builds a throw-away SQLite database under /tmp, migrates it, makes a province of units,
writes a CSV (and the same rows as XLSX) of Vietnamese learners, then times separately:
checking the file, writing it, importing the same file again (all unchanged) and importing it
with every position changed (all updated). It prints a table and writes
bench/results/import_learners.json. There is no pass/fail: the figures are for reading.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "import_learners.json"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hương", "Khánh", "Lan", "Mai", "Nam", "Phương",
         "Quyết", "Sơn", "Thảo", "Trung", "Tuấn", "Uyên", "Việt", "Yến"]  # fmt: skip
POSITIONS = ["Chuyên viên", "Trưởng phòng", "Phó trưởng phòng", "Cán bộ văn hoá", "Kế toán", ""]
CATEGORIES = ["Công chức", "Viên chức", "civil_servant", "Cán bộ quản lý hợp tác xã", "Người dân"]
HEADER = ["Họ và tên", "Email", "Mã đơn vị", "Chức vụ", "Đối tượng", "Mã cán bộ"]


def setup_django(workdir: Path) -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lmssite.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: time what production would do
    settings.MEDIA_ROOT = workdir / "media"


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def measured(results: dict, name: str):
    from django.db import connection

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        yield
    results[name] = {"seconds": round(time.perf_counter() - started, 3), "queries": counter.count}


def make_units() -> list[str]:
    from lms import services

    province = services.create_unit(code="TINH", name="Tỉnh Thái Bình", kind="province")
    codes = ["TINH"]
    for d in range(8):
        district = services.create_unit(
            code=f"H-{d:02d}", name=f"Huyện {d:02d}", kind="district", parent=province
        )
        codes.append(district.code)
        for c in range(10):
            commune = services.create_unit(
                code=f"X-{d:02d}-{c:02d}", name=f"Xã {d:02d}-{c:02d}", kind="commune",
                parent=district,
            )  # fmt: skip
            codes.append(commune.code)
    return codes


def make_rows(count: int, unit_codes: list[str], seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            f"hoc.vien{index:05d}@example.gov.vn",
            rng.choice(unit_codes),
            rng.choice(POSITIONS),
            rng.choice(CATEGORIES),
            f"CB{index:05d}",
        ]
        for index in range(count)
    ]


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lms-bench-import-", dir="/tmp"))
    try:
        setup_django(workdir)
        from django.core.management import call_command

        from lms import services
        from lms.learner_import import validate_file
        from lms.models import LearnerProfile

        call_command("migrate", verbosity=0)
        unit_codes = make_units()
        rows = make_rows(args.rows, unit_codes)
        content = csv_bytes(rows)
        workbook = xlsx_bytes(rows)
        results: dict[str, dict] = {}

        def check(data: bytes, name: str):
            result = validate_file(io.BytesIO(data), filename=name)
            assert result.is_valid, result.errors[:5]
            return result

        with measured(results, "1. check CSV"):
            result = check(content, "hoc-vien.csv")
        with measured(results, "2. write (all new)"):
            summary = services.import_learners(rows=result.rows)
        results["2. write (all new)"]["counts"] = summary.__dict__
        assert summary.created == args.rows

        with measured(results, "3. check XLSX (same rows)"):
            check(workbook, "hoc-vien.xlsx")

        with measured(results, "4. re-import: check"):
            result = check(content, "hoc-vien.csv")
        with measured(results, "5. re-import: write (all unchanged)"):
            summary = services.import_learners(rows=result.rows)
        results["5. re-import: write (all unchanged)"]["counts"] = summary.__dict__
        assert summary.unchanged == args.rows

        changed = [[*row[:3], f"{row[3]} (mới)".strip(), *row[4:]] for row in rows]
        changed_content = csv_bytes(changed)
        with measured(results, "6. changed positions: check"):
            result = check(changed_content, "hoc-vien-2.csv")
        with measured(results, "7. changed positions: write (all updated)"):
            summary = services.import_learners(rows=result.rows)
        results["7. changed positions: write (all updated)"]["counts"] = summary.__dict__
        assert summary.updated == args.rows

        # The whole path of the admin screen and the command: keep the file, check it again,
        # write it, record the outcome (here: every position changed back).
        with measured(results, "8. end to end: store + check + write"):
            record = services.submit_learner_import(
                file=io.BytesIO(content), filename="hoc-vien.csv", background=False
            )
        results["8. end to end: store + check + write"]["counts"] = {
            "created": record.created_count,
            "updated": record.updated_count,
            "unchanged": record.unchanged_count,
        }
        assert record.updated_count == args.rows, record.errors[:5]
        assert LearnerProfile.objects.count() == args.rows

        first_import = results["1. check CSV"]["seconds"] + results["2. write (all new)"]["seconds"]
        report = {
            "rows": args.rows,
            "csv_bytes": len(content),
            "xlsx_bytes": len(workbook),
            "units": len(unit_codes),
            "first_import_seconds": round(first_import, 3),
            "target_seconds": 30,
            "steps": results,
            "environment": {
                "python": platform.python_version(),
                "sqlite": sqlite3.sqlite_version,
                "django": __import__("django").get_version(),
                "machine": platform.machine(),
                "processor_count": os.cpu_count(),
            },
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        print(f"\nLearner import benchmark: {args.rows:,} rows, SQLite {sqlite3.sqlite_version}\n")
        print(f"{'step':<45}{'seconds':>10}{'queries':>10}")
        print("-" * 65)
        for name, figures in results.items():
            print(f"{name:<45}{figures['seconds']:>10.2f}{figures['queries']:>10}")
        print("-" * 65)
        print(f"{'first import (check + write)':<45}{first_import:>10.2f}   target < 30 s\n")
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    finally:
        if args.keep:
            print(f"Database kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
