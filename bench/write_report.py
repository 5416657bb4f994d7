#!/usr/bin/env python
"""Write BENCHMARKS.md from the JSON files the benchmarks leave in bench/results/.

`make bench` runs every benchmark, then this script: the tables in BENCHMARKS.md are always
the figures of the last run on the machine it names, never typed by hand. The reading of the
figures (what they mean, what misses its goal and why) is in bench/commentary.md, copied in
as it is. A benchmark that has not been run yet is named as missing.
"""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
COMMENTARY = ROOT / "bench" / "commentary.md"
OUTPUT = ROOT / "BENCHMARKS.md"


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def table(headings: list[str], rows: list[list[Any]]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "**no**"
        if isinstance(value, float):
            return f"{value:,.3f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.1f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def missing(command: str) -> str:
    return f"_Not measured yet: run `{command}`._"


def page_throughput(data: dict | None) -> str:
    if not data:
        return missing("make bench-pages")
    setup = data.get("setup", {})
    rows = [
        [
            page.get("page"),
            page.get("path"),
            page.get("rps"),
            page.get("p50_ms"),
            page.get("p99_ms"),
            f"{100 * page['ratio']:.1f} %" if page.get("ratio") is not None else None,
            f"≥ {100 * page['goal']:.0f} %" if page.get("goal") else None,
            page.get("meets_goal"),
        ]
        for page in data.get("pages", [])
        if page.get("kind") != "bare"
    ]
    bare = [page for page in data.get("pages", []) if page.get("kind") == "bare"]
    text = [
        f"Server: {setup.get('server', '?')}. Client: {setup.get('client', '?')}, "
        f"{setup.get('duration_seconds', '?')} s per page after {setup.get('warmup_seconds', '?')} "
        f"s of warm-up. The bare view (`{setup.get('bare_view', '?')}`, same process and "
        f"middleware) is measured before and after each page; a page's ratio is against the mean "
        f"of the two. Bare view over the run: "
        + ", ".join(f"{page['rps']:,.0f}" for page in bare)
        + " req/s.",
        "",
        table(["page", "path", "req/s", "p50 ms", "p99 ms", "page / bare", "goal", "met"], rows),
    ]
    return "\n".join(text)


def query_counts(data: dict | None) -> str:
    if not data:
        return missing("make bench-queries")
    rows = [
        [
            page.get("page"),
            page.get("who"),
            page.get("url"),
            page.get("queries"),
            page.get("pinned"),
            page.get("pinned_in"),
        ]
        for page in data.get("pages", [])
    ]
    return (
        f"Database: {data.get('database')}; {data.get('settings', '')}. The pinned number is the "
        "one the named test asserts on its own, smaller fixture; the demo's pages are measured "
        "here.\n\n" + table(["page", "who", "URL", "queries", "pinned in tests", "test"], rows)
    )


def small_benchmarks(grading: dict | None, certificates: dict | None, imports: dict | None) -> str:
    rows = []
    if grading:
        rows.append(
            [
                "quiz grading",
                f"{grading['questions']}-question attempt",
                f"{grading['grade_cpu_ms']} ms CPU to grade; "
                f"{grading['check_and_grade_cpu_ms']} ms with the form check",
                f"< {grading['target_ms']} ms",
            ]
        )
    else:
        rows.append(["quiz grading", None, missing("make bench-grade"), None])
    if certificates:
        bulk = certificates.get("bulk_issue", {})
        share = (
            certificates["xhtml2pdf_per_cpu_second"]
            / certificates["reportlab_floor_per_cpu_second"]
        )
        rows.append(
            [
                "certificate PDFs",
                f"{certificates['renders']} renders",
                f"{certificates['xhtml2pdf_per_cpu_second']} PDFs per CPU second; raw ReportLab "
                f"floor {certificates['reportlab_floor_per_cpu_second']} "
                f"({100 * share:.0f} % of it)",
                f"≥ {certificates.get('budget_per_second')}/s",
            ]
        )
        rows.append(
            [
                "bulk issue",
                f"{bulk.get('certificates')} certificates",
                f"{bulk.get('per_second')} per second including PDFs; a re-run "
                f"{bulk.get('rerun_seconds')} s",
                None,
            ]
        )
    else:
        rows.append(["certificate PDFs", None, missing("make bench-certificates"), None])
    if imports:
        first = imports["steps"].get("8. end to end: store + check + write", {})
        rows.append(
            [
                "learner import",
                f"{imports['rows']:,} rows",
                f"{imports['rows'] / imports['first_import_seconds']:,.0f} rows/s first import; "
                f"end to end (store, check, write) {first.get('seconds')} s",
                f"< {imports['target_seconds']} s",
            ]
        )
    else:
        rows.append(["learner import", None, missing("make bench-import"), None])
    return table(["benchmark", "size", "measured", "goal"], rows)


def reports(summary: dict | None, export: dict | None) -> str:
    parts = []
    if summary:
        steps = summary.get("steps", {})
        parts.append(
            f"Unit summary (`progress_by_unit`) on {summary.get('environment', {}).get('database')}"
            f": {summary['learners']:,} learners, {summary['enrollments']:,} enrollments, "
            f"{summary['units']} units; median of {summary['runs']} runs.\n\n"
            + table(
                ["target: rows", "median s", "max s", "queries"],
                [
                    [name, figures["median_seconds"], figures["max_seconds"], figures["queries"]]
                    for name, figures in steps.items()
                ],
            )
        )
    else:
        parts.append(missing("make bench-summary"))
    if export:
        parts.append(
            f"Export of the learner progress report, {export['rows']:,} rows, "
            f"{export.get('environment', {}).get('database')}, one fresh process each (peak "
            f"resident memory; goal under {export['goal_peak_mb']} MB):\n\n"
            + table(
                ["format", "export code", "peak before MB", "peak MB", "file MB", "seconds"],
                [
                    [
                        row["format"],
                        row["mode"],
                        row["peak_before_mb"],
                        row["peak_mb"],
                        round(row["bytes"] / 2**20, 1),
                        row["seconds"],
                    ]
                    for row in export["results"]
                ],
            )
        )
    else:
        parts.append(missing("make bench-export"))
    return "\n\n".join(parts)


def run_row(label: str, run: dict) -> list[Any]:
    think = run.get("think_seconds")
    return [
        label,
        run.get("web_workers"),
        run.get("task_workers"),
        run.get("users"),
        "–".join(f"{bound:g}" for bound in think) if think else None,
        run.get("seconds"),
        run.get("requests"),
        run.get("failures"),
        run.get("rps"),
        run.get("p50_ms"),
        run.get("p95_ms"),
        run.get("p99_ms"),
    ]


def load_test(data: dict | None) -> str:
    if not data:
        return missing("make bench-load")
    headings = ["run", "web", "task workers", "users", "think s", "s", "requests", "failures"]
    headings += ["req/s"]
    headings += ["p50 ms", "p95 ms", "p99 ms"]
    main = data.get("main", {})
    parts = [
        f"{data.get('settings', '')}; data: {data.get('data')}. Goals: "
        f"{data.get('targets')}.\n\n" + table(headings, [run_row("main", main)]),
        "Per endpoint (main run):\n\n"
        + table(
            ["endpoint", "requests", "failures", "p50 ms", "p95 ms", "p99 ms", "max ms"],
            [
                [e["name"], e["requests"], e["failures"], e["p50_ms"], e["p95_ms"]]
                + [e["p99_ms"], e["max_ms"]]
                for e in main.get("endpoints", [])
            ],
        ),
    ]
    checks = main.get("checks", {})
    if checks:
        parts.append(
            "Checks during the run:\n\n"
            + table(
                ["check", "passed", "failed"],
                [[name, c.get("passed"), c.get("failed")] for name, c in checks.items()],
            )
        )
    if main.get("database_checks"):
        parts.append(f"Database after the run: `{json.dumps(main['database_checks'])}`")
    if main.get("cpu_seconds"):
        parts.append(f"CPU seconds during the run: `{json.dumps(main['cpu_seconds'])}`")
    storm = data.get("login_storm")
    if storm:
        parts.append(
            "Logins (measured apart from the browsing): "
            + ", ".join(f"{key} {value}" for key, value in storm.items() if key != "from_run_of")
        )
    matrix = data.get("matrix", [])
    if matrix:
        parts.append(
            "Scale-out (same load, shorter runs):\n\n"
            + table(headings, [run_row(f"{n + 1}", run) for n, run in enumerate(matrix)])
        )
    return "\n\n".join(parts)


def main() -> None:
    machine = (load("page_throughput") or load("load_test") or {}).get("machine") or {
        "platform": platform.platform()
    }
    sections = [
        "# Benchmarks",
        "Written by `bench/write_report.py` from `bench/results/*.json` at the end of "
        "`make bench`; the figures are those of the last run. Absolute times depend on the "
        "machine; ratios are measured side by side in the same run.",
        f"Machine: `{json.dumps(machine, ensure_ascii=False)}`",
        "## 1. Page throughput under gunicorn",
        page_throughput(load("page_throughput")),
        "## 2. Query counts of the main pages",
        query_counts(load("query_counts")),
        "## 3. Quiz grading, certificate PDFs, learner import",
        small_benchmarks(load("grade_attempt"), load("certificates"), load("import_learners")),
        "## 4. Report aggregation and exports",
        reports(load("unit_summary"), load("export_memory")),
        "## 5–6. Load test and scale-out",
        load_test(load("load_test")),
    ]
    if COMMENTARY.exists():
        sections += ["## Reading the figures", COMMENTARY.read_text().strip()]
    OUTPUT.write_text("\n\n".join(sections) + "\n")
    print(f"Written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
