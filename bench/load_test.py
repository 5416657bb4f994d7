#!/usr/bin/env python
"""Load test: gunicorn + PostgreSQL + Redis + django-tasks workers on this machine, driven by
locust (bench/locustfile.py), headless, bounded in time, against 127.0.0.1 only.

    .venv/bin/python bench/load_test.py                  # the full run, then the matrix
    .venv/bin/python bench/load_test.py --duration 20 --users 50 --rush-users 10 --no-matrix

Steps:

1. The database `cds_load` on 127.0.0.1:5432 (user postgres) is created if missing (--fresh
   drops it first); Redis database 2 on 127.0.0.1:6379 is flushed (only that database).
2. With the production settings (`lmssite.settings.production`, every value from the
   environment set here): `migrate`, `seed_demo`, `generate_load_data` (2,000 learners and
   5 courses by default; skipped when the set exists), `collectstatic`.
3. gunicorn (site/gunicorn.conf.py, on a port of 8200–8299) and `manage.py db_worker`
   processes are started; every process started here is stopped at the end, on Ctrl-C and on
   errors (each runs in its own process group).
4. Login phase: every simulated learner logs in through the login form once, as many at a time
   as there are web workers (PBKDF2 with 1,000,000 iterations costs about 0.8 s of CPU per
   login on this machine: 220 logins keep both cores busy for about 1.5 minutes). The session
   cookies are kept (sessions live in PostgreSQL and Redis) and the measured runs reuse them
   (a simulated learner without a valid cookie logs in through the form during the run).
   Reported apart as "login storm".
5. The measured run: `--users` learners (200) and `--rush-users` (20) starting the same quiz at
   the same second, for `--duration` seconds (60, ramp-up included), with the given web and
   task worker processes. Each learner spends `--think` seconds (5 to 15) on a page before the
   next step: reading a lesson or answering a quiz takes a person at least that long.
6. The scale-out matrix: 1 and 2 gunicorn worker processes × 1 and 2 task workers, the same
   users for `--matrix-duration` seconds each (30 by default: shorter than the main run) but
   with `--matrix-think` (1 to 3 s), so that the servers are saturated and the throughput each
   layout reaches shows.

It prints a table and writes bench/results/load_test.json. The targets (zero errors, p95 under
500 ms) are checked for the measured run; the script exits 1 when they are missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results" / "load_test.json"
WORK = ROOT / "var" / "load"
HOST = "127.0.0.1"
PORTS = range(8200, 8300)
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cds_load"
REDIS_URL = "redis://127.0.0.1:6379/2"
P95_TARGET_MS = 500

_processes: list[subprocess.Popen] = []


# --- processes -------------------------------------------------------------------------------


def environment(web_workers: int = 1) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lmssite.settings.production",
        "SECRET_KEY": "load-test-only-not-secret-5d8e2a91c4",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        # Thousands of learners log in from 127.0.0.1: the per-address limits would refuse them.
        "RATELIMIT_ENABLE": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "0",
        "WEB_CONCURRENCY": str(web_workers),
        "PYTHONUNBUFFERED": "1",
    }


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """A long-running process in its own process group, its output to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        args,
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _processes.append(process)
    return process


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM each process group, SIGKILL after 15 s; only processes started here."""
    for process in processes:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.time() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
        if process in _processes:
            _processes.remove(process)


def stop_all(*_args) -> None:
    stop(list(_processes))
    if _args:  # called as a signal handler
        raise SystemExit(130)


def wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start; see {log}")
        try:
            with urllib.request.urlopen(f"{base}/healthz/live", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


class Servers:
    """gunicorn with `web` worker processes and `tasks` db_worker processes."""

    def __init__(self, port: int, web: int, tasks: int, label: str) -> None:
        self.port, self.web, self.tasks, self.label = port, web, tasks, label
        self.base = f"http://{HOST}:{port}"
        self.log = WORK / "logs" / f"web-{label}.log"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        env = {**environment(self.web), "GUNICORN_BIND": f"{HOST}:{self.port}"}
        for n in range(self.tasks):
            self.processes.append(
                start(
                    [PYTHON, "manage.py", "db_worker", "--worker-id", f"load-{self.label}-{n}"],
                    WORK / "logs" / f"tasks-{self.label}-{n}.log",
                    env,
                )
            )
        web = start([str(BIN / "gunicorn"), "-c", "site/gunicorn.conf.py"], self.log, env)
        self.processes.append(web)
        wait_ready(self.base, web, self.log)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.processes)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds used so far by the web processes (master, live workers and the workers
        it has reaped) and by the task workers."""
        import psutil

        def used(pid: int) -> float:
            try:
                process = psutil.Process(pid)
                total = sum(process.cpu_times()[:4])  # user, system, reaped children's
                for child in process.children(recursive=True):
                    total += sum(child.cpu_times()[:2])
                return total
            except psutil.NoSuchProcess:
                return 0.0

        web, *_ = [p for p in self.processes if "gunicorn" in " ".join(p.args)]
        tasks = [p for p in self.processes if p is not web]
        return {"web": used(web.pid), "tasks": sum(used(p.pid) for p in tasks)}

    def server_errors(self) -> int:
        """Lines the web processes logged at level ERROR (tracebacks of 500s among them)."""
        if not self.log.exists():
            return 0
        return sum(
            1
            for line in self.log.read_text(errors="replace").splitlines()
            if '"level": "ERROR"' in line or '"level":"ERROR"' in line
        )


# --- data --------------------------------------------------------------------------------


def queued_tasks() -> int:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/cds_load") as db:
        return db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ).fetchone()[0]


def drain_tasks(limit: int = 600) -> None:
    """Let the task workers finish what the seed left queued (search and reference index
    updates of every page), so that it does not run during a measurement."""
    deadline = time.time() + limit
    while (left := queued_tasks()) and time.time() < deadline:
        print(f"  {left} background tasks still queued…", flush=True)
        time.sleep(5)


def prepare_database(fresh: bool) -> None:
    import redis
    from postgres import ensure_database

    ensure_database("cds_load", fresh=fresh)
    redis.Redis.from_url(REDIS_URL).flushdb()


PLAN_SCRIPT = """
import json
from courses.models import CourseIndexPage, CoursePage, LessonPage
from quizzes.models import QuizPage
from lms.models import OrganisationUnit
from home.management.commands.generate_load_data import LOAD_PASSWORD, PREFIX
from django.contrib.auth import get_user_model

courses = []
for course in CoursePage.objects.live().filter(slug__startswith=PREFIX + "-").order_by("path"):
    quiz = QuizPage.objects.live().child_of(course).get()
    # The answer key, so that simulated learners pass often enough to complete courses.
    key = {}
    for row in quiz.quiz_questions.select_related("question"):
        question = row.question
        if question.kind == "short_answer":
            key[question.pk] = question.accepted_answer_list[:1]
        else:
            key[question.pk] = [str(c.pk) for c in question.choices.all() if c.is_correct]
    courses.append({
        "id": course.pk,
        "url": course.get_url(),
        "lessons": [
            {"id": lesson.pk, "url": lesson.get_url()}
            for lesson in LessonPage.objects.live().child_of(course).order_by("path")
        ],
        "quiz": {"id": quiz.pk, "url": quiz.get_url(), "key": key},
    })
learners = get_user_model().objects.filter(username__startswith=PREFIX + "-").count()
print(json.dumps({
    "catalogue_url": CourseIndexPage.objects.order_by("path").first().get_url(),
    "courses": courses,
    "rush": {
        "course_id": courses[0]["id"],
        "course_url": courses[0]["url"],
        "quiz": courses[0]["quiz"],
    },
    "learners": learners,
    "username_prefix": PREFIX,
    "password": LOAD_PASSWORD,
}))
"""

CHECK_SCRIPT = """
import json
from django.db.models import Count, Max
from django_tasks_db.models import DBTaskResult
from quizzes.models import Attempt
quiz_id = {quiz_id}
attempts = Attempt.objects.filter(quiz_id=quiz_id)
per_user = list(attempts.values("user_id").annotate(n=Count("id"), top=Max("number")))
open_twice = (
    attempts.filter(status="in_progress").values("user_id").annotate(n=Count("id"))
    .filter(n__gt=1).count()
)
print(json.dumps({{
    "rush_quiz_attempts": attempts.count(),
    "rush_quiz_learners": len(per_user),
    "learners_with_two_open_attempts": open_twice,
    "learners_with_gaps_in_attempt_numbers": sum(1 for row in per_user if row["n"] != row["top"]),
    "tasks": {{
        status: DBTaskResult.objects.filter(status=status).count()
        for status in ("READY", "RUNNING", "SUCCESSFUL", "FAILED")
    }},
}}))
"""


def prepare_data(args) -> dict:
    prepare_database(args.fresh)
    print("Migrating cds_load (production settings)…", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo")
    has_set = manage(
        "shell",
        "-c",
        "from lms.models import OrganisationUnit as U;"
        "print(U.objects.filter(code__startswith='LOAD', depth=1).exists())",
        capture=True,
    )
    if has_set.strip().splitlines()[-1] != "True":
        manage(
            "generate_load_data",
            f"--learners={args.learners}",
            f"--courses={args.courses}",
            f"--seed={args.seed}",
        )
    else:
        print("Load-test data set found: reused.")
    manage("collectstatic", "--noinput", "-v", "0")
    plan = json.loads(manage("shell", "-c", PLAN_SCRIPT, capture=True).strip().splitlines()[-1])
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "plan.json").write_text(json.dumps(plan, indent=1, ensure_ascii=False))
    return plan


# --- login phase -------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(base: str, username: str, password: str) -> tuple[str, float, str | None]:
    """Log in through the form as a browser would (GET the form for its CSRF token, POST it);
    returns (session cookie or "", seconds of the POST, error or None)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    try:
        with opener.open(f"{base}/accounts/login/", timeout=120) as response:
            token = CSRF.search(response.read().decode()).group(1)
        request = urllib.request.Request(
            f"{base}/accounts/login/",
            data=urlencode(
                {"csrfmiddlewaretoken": token, "username": username, "password": password}
            ).encode(),
            headers={"Referer": f"{base}/accounts/login/"},
        )
        started = time.perf_counter()
        try:
            opener.open(request, timeout=120)
            return "", time.perf_counter() - started, "no redirect: login refused"
        except urllib.error.HTTPError as error:
            seconds = time.perf_counter() - started
            if error.code != 302:
                return "", seconds, f"HTTP {error.code}"
    except (OSError, AttributeError) as error:
        return "", 0.0, repr(error)
    session = next((c.value for c in jar if c.name == "sessionid"), "")
    return session, seconds, None if session else "no session cookie"


def login_storm(base: str, plan: dict, users: int, rush: int, concurrency: int) -> dict:
    """Every simulated learner logs in once, `concurrency` at a time (as many as the web
    workers: more would only queue); the session cookies are kept for the measured runs."""
    prefix = plan["username_prefix"]
    names = [f"{prefix}-{n:06d}" for n in range(users)]
    names += [f"{prefix}-{plan['learners'] - 1 - n:06d}" for n in range(rush)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda name: log_in(base, name, plan["password"]), names))
    wall = time.perf_counter() - started
    paired = list(zip(names, results, strict=True))
    sessions = {name: cookie for name, (cookie, _s, error) in paired if not error}
    (WORK / "sessions.json").write_text(json.dumps(sessions, indent=0))
    times = sorted(seconds * 1000 for _c, seconds, error in results if not error)
    errors = [f"{name}: {error}" for name, (_c, _s, error) in paired if error]

    def percentile(share: float) -> float | None:
        return round(times[min(len(times) - 1, int(share * len(times)))]) if times else None

    return {
        "logins": len(names),
        "failures": len(errors),
        "errors": errors[:10],
        "concurrency": concurrency,
        "seconds": round(wall, 1),
        "logins_per_second": round(len(names) / wall, 2),
        "p50_ms": percentile(0.5),
        "p95_ms": percentile(0.95),
        "note": "PBKDF2-SHA256, 1,000,000 iterations: about 0.8 s of CPU per login here",
    }


def warm_up(base: str, plan: dict, workers: int) -> None:
    """Each web worker renders every kind of page a few times before a measurement (a new
    process compiles its templates and fills its caches on its first requests), as a
    learner (a session of the login phase) and anonymously."""
    saved = WORK / "sessions.json"
    cookie = next(iter(json.loads(saved.read_text()).values()), "") if saved.exists() else ""
    course = plan["courses"][0]
    urls = [plan["catalogue_url"], course["url"], course["lessons"][0]["url"]]
    urls += [course["quiz"]["url"], "/dashboard/", "/"]

    def fetch(url: str) -> None:
        request = urllib.request.Request(base + url, headers={"Cookie": f"sessionid={cookie}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
        except OSError:
            pass

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fetch, urls * workers * 3))


# --- locust ------------------------------------------------------------------------------


def database_cpu_seconds() -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL and Redis process (read-only), by pid."""
    import psutil

    used = {}
    for process in psutil.process_iter(["name"]):
        if (process.info["name"] or "").startswith(("postgres", "redis-server")):
            try:
                used[process.pid] = sum(process.cpu_times()[:2])
            except psutil.Error:
                pass
    return used


def locust(
    servers: Servers,
    label: str,
    *,
    users: int,
    rush: int,
    seconds: int,
    rate: float,
    think: tuple[float, float],
    args,
) -> dict:
    """Run locust headless against `servers`; its statistics, with the CPU time each party
    used (web, task workers, locust itself, the whole machine)."""
    import psutil

    base = servers.base
    prefix = WORK / "csv" / label
    prefix.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "LOAD_PLAN": str(WORK / "plan.json"),
        "LOAD_SESSIONS": str(WORK / "sessions.json"),
        "LOAD_RUSH_USERS": str(rush),
        "LOAD_RUSH_PERIOD": str(args.rush_period),
        "LOAD_THINK": ",".join(str(bound) for bound in think),
        "LOAD_CHECKS": f"{prefix}_checks.json",
    }
    command = [
        str(BIN / "locust"),
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--host",
        base,
        "-u",
        str(users + rush),
        "-r",
        str(rate),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    started, load_before = time.time(), os.getloadavg()[0]
    servers_before, machine_before = servers.cpu_seconds(), psutil.cpu_times()
    database_before = database_cpu_seconds()
    process = start(command, WORK / "logs" / f"locust-{label}.log", env)
    timer = threading.Timer(seconds + 120, stop, [[process]])
    timer.start()
    try:
        # wait4 rather than wait: it also returns the CPU time locust used.
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
        stop([process])
    servers_after, machine_after = servers.cpu_seconds(), psutil.cpu_times()
    database_after = database_cpu_seconds()
    stats = read_stats(prefix, time.time() - started)
    busy = sum(machine_after) - sum(machine_before)
    idle = (machine_after.idle + machine_after.iowait) - (
        machine_before.idle + machine_before.iowait
    )
    cpu = {
        "web": servers_after["web"] - servers_before["web"],
        "tasks": servers_after["tasks"] - servers_before["tasks"],
        "locust": usage.ru_utime + usage.ru_stime,
        # (backends that ended during the run are not counted: a slight undercount)
        "postgresql_redis": sum(
            seconds - database_before.get(pid, 0.0) for pid, seconds in database_after.items()
        ),
        "machine_busy": busy - idle,
        "machine_total": busy,
    }
    ours = cpu["web"] + cpu["tasks"] + cpu["locust"] + cpu["postgresql_redis"]
    cpu["others"] = cpu["machine_busy"] - ours
    stats["cpu_seconds"] = {key: round(value, 1) for key, value in cpu.items()}
    stats["web_cpu_ms_per_request"] = (
        round(1000 * cpu["web"] / stats["requests"], 1) if stats["requests"] else None
    )
    # The machine's 1-minute load average before and after: other work on it shows here.
    stats["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return stats


def read_stats(prefix: Path, wall: float) -> dict:
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").open()))

    def number(row: dict, key: str) -> float:
        value = row.get(key) or "0"
        return 0.0 if value == "N/A" else float(value)

    endpoints = [
        {
            "name": f"{row['Type']} {row['Name']}",
            "requests": int(number(row, "Request Count")),
            "failures": int(number(row, "Failure Count")),
            "rps": round(number(row, "Requests/s"), 1),
            "p50_ms": number(row, "50%"),
            "p95_ms": number(row, "95%"),
            "p99_ms": number(row, "99%"),
            "max_ms": round(number(row, "Max Response Time")),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    ]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        failures = [
            {
                "name": f"{r['Method']} {r['Name']}",
                "error": r["Error"],
                "count": int(r["Occurrences"]),
            }
            for r in csv.DictReader(failures_file.open())
        ]
    checks_file = Path(f"{prefix}_checks.json")
    return {
        "requests": int(number(total, "Request Count")),
        "failures": int(number(total, "Failure Count")),
        "rps": round(number(total, "Requests/s"), 1),
        "p50_ms": number(total, "50%"),
        "p95_ms": number(total, "95%"),
        "p99_ms": number(total, "99%"),
        "max_ms": round(number(total, "Max Response Time")),
        "wall_seconds": round(wall, 1),
        "endpoints": endpoints,
        "failure_list": failures,
        "checks": json.loads(checks_file.read_text()) if checks_file.exists() else {},
    }


def db_checks(quiz_id: int) -> dict:
    out = manage("shell", "-c", CHECK_SCRIPT.format(quiz_id=quiz_id), capture=True)
    return json.loads(out.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------


def print_run(title: str, run: dict) -> None:
    print(f"\n{title}")
    print(f"{'endpoint':<34} {'reqs':>6} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in sorted(run["endpoints"], key=lambda r: -r["requests"]):
        print(
            f"{row['name'][:34]:<34} {row['requests']:>6} {row['failures']:>5} {row['rps']:>7} "
            f"{row['p50_ms']:>6.0f} {row['p95_ms']:>6.0f} {row['p99_ms']:>6.0f}"
        )
    print(
        f"{'ALL':<34} {run['requests']:>6} {run['failures']:>5} {run['rps']:>7} "
        f"{run['p50_ms']:>6.0f} {run['p95_ms']:>6.0f} {run['p99_ms']:>6.0f}"
    )
    cpu = run.get("cpu_seconds", {})
    if cpu:
        print(
            f"  CPU seconds: web {cpu['web']}, task workers {cpu['tasks']}, PostgreSQL and "
            f"Redis {cpu['postgresql_redis']}, locust {cpu['locust']}, other work on the "
            f"machine {cpu['others']} (of "
            f"{cpu['machine_total']} available); web {run['web_cpu_ms_per_request']} ms "
            f"of CPU per request"
        )
    for name, counts in run["checks"].items():
        print(f"  check: {name}: {counts['passed']} passed, {counts['failed']} failed")
    for failure in run["failure_list"][:10]:
        print(f"  failure: {failure['name']}: {failure['error']} × {failure['count']}")


def measured_run(
    args, plan, rush_quiz, name: str, web: int, tasks: int, *, seconds: int, think: list[float]
) -> dict:
    """One locust run against fresh servers with `web` web and `tasks` task workers (warmed up
    first), with what it ran under and the database checks made after it."""
    with Servers(args.port, web, tasks, f"{name}-w{web}-t{tasks}") as servers:
        warm_up(servers.base, plan, web)
        row = locust(
            servers,
            f"{name}-w{web}-t{tasks}",
            users=args.users,
            rush=args.rush_users,
            seconds=seconds,
            rate=args.spawn_rate,
            think=tuple(think),
            args=args,
        )
        row["server_error_lines"] = servers.server_errors()
    row.update(
        web_workers=web,
        task_workers=tasks,
        seconds=seconds,
        users=args.users,
        rush_users=args.rush_users,
        think_seconds=think,
    )
    row["database_checks"] = db_checks(rush_quiz)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200, help="learners browsing and studying")
    parser.add_argument("--rush-users", type=int, default=20, help="learners in the quiz rush")
    parser.add_argument("--rush-period", type=int, default=20, help="seconds between rushes")
    parser.add_argument("--duration", type=int, default=60, help="seconds of the measured run")
    parser.add_argument("--spawn-rate", type=float, default=20, help="users started a second")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers, main run")
    parser.add_argument("--task-workers", type=int, default=2, help="db_worker processes")
    parser.add_argument("--matrix-duration", type=int, default=30, help="seconds per config")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[5.0, 15.0],
        metavar=("MIN", "MAX"),
        help="seconds a learner reads or answers between steps in the measured run",
    )
    parser.add_argument(
        "--matrix-think",
        type=float,
        nargs=2,
        default=[1.0, 3.0],
        metavar=("MIN", "MAX"),
        help="think time of the scale-out runs: short, so that the servers saturate",
    )
    parser.add_argument("--no-matrix", action="store_true", help="skip the scale-out matrix")
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--courses", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--fresh", action="store_true", help="drop and recreate cds_load")
    parser.add_argument(
        "--reuse-sessions",
        action="store_true",
        help="skip the login phase: reuse the sessions (and figures) of the previous one",
    )
    args = parser.parse_args()
    if args.port not in PORTS:
        parser.error("--port must be within 8200–8299")
    if args.users + args.rush_users > args.learners:
        parser.error("more simulated users than generated learners")
    if args.duration > 600 or args.matrix_duration > 600:
        parser.error("runs are bounded: at most 600 s each")

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    try:
        return run(args)
    finally:
        stop_all()


def run(args) -> int:
    plan = prepare_data(args)
    rush_quiz = plan["rush"]["quiz"]["id"]
    result: dict = {
        "benchmark": "load_test",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "note": "locust, gunicorn, the task workers, PostgreSQL and Redis share these CPUs",
        },
        "data": {"learners": plan["learners"], "courses": len(plan["courses"]), "seed": args.seed},
        "settings": "lmssite.settings.production (PostgreSQL cds_load, Redis db 2)",
        "targets": {"errors": 0, "p95_ms": P95_TARGET_MS},
    }
    users, rush = args.users, args.rush_users

    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.reuse_sessions and (WORK / "sessions.json").exists() and previous.get("login_storm"):
        # The sessions of an earlier login phase (kept in PostgreSQL) and its figures.
        result["login_storm"] = {**previous["login_storm"], "from_run_of": previous["date"]}
    else:
        with Servers(args.port, args.web_workers, args.task_workers, "login") as servers:
            drain_tasks()
            print(f"\nLogin phase: {users + rush} learners log in through the form…", flush=True)
            result["login_storm"] = login_storm(
                servers.base, plan, users, rush, concurrency=args.web_workers
            )
            drain_tasks()

    print(f"\nMeasured run: {users} learners + {rush} in the quiz rush, {args.duration} s…")
    main_run = measured_run(
        args, plan, rush_quiz, "main", args.web_workers, args.task_workers,
        seconds=args.duration, think=args.think,
    )  # fmt: skip
    result["main"] = main_run

    matrix = []
    if not args.no_matrix:
        for web in (1, 2):
            for tasks in (1, 2):
                print(f"\nScale-out: {web} web worker(s), {tasks} task worker(s)…", flush=True)
                row = measured_run(
                    args, plan, rush_quiz, "matrix", web, tasks,
                    seconds=args.matrix_duration, think=args.matrix_think,
                )  # fmt: skip
                matrix.append(row)
    result["matrix"] = matrix

    storm = result["login_storm"]
    print(
        f"\nLogin storm: {storm['logins']} logins in {storm['seconds']} s, "
        f"p50 {storm['p50_ms']} ms, p95 {storm['p95_ms']} ms, {storm['failures']} failures"
    )
    print_run(
        f"Measured run: {users}+{rush} users, {args.duration} s, {args.web_workers} web "
        f"worker(s), {args.task_workers} task worker(s)",
        main_run,
    )
    print(f"  database: {json.dumps(main_run['database_checks'])}")
    if matrix:
        print(f"\nScale-out matrix ({args.matrix_duration} s each, same load)")
        print(
            f"{'web':>4} {'tasks':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'fail':>5}"
            f" {'web CPU s':>9} {'others CPU s':>12} {'load':>11}"
        )
        for row in matrix:
            print(
                f"{row['web_workers']:>4} {row['task_workers']:>6} {row['rps']:>7} "
                f"{row['p50_ms']:>6.0f} {row['p95_ms']:>6.0f} {row['p99_ms']:>6.0f} "
                f"{row['failures']:>5} {row['cpu_seconds']['web']:>9} "
                f"{row['cpu_seconds']['others']:>12} {str(row['load_average']):>11}"
            )
    checks_failed = sum(c["failed"] for c in main_run["checks"].values())
    met = (
        main_run["failures"] == 0
        and checks_failed == 0
        and main_run["p95_ms"] < P95_TARGET_MS
        and main_run["database_checks"]["learners_with_two_open_attempts"] == 0
    )
    result["targets_met"] = met
    print(f"\nTargets (0 errors, p95 < {P95_TARGET_MS} ms): {'met' if met else 'MISSED'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"Written: {RESULTS.relative_to(ROOT)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
