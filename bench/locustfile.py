"""Locust load test of the reference site: learners studying, and a rush on one quiz.

Run by `bench/load_test.py`, which generates the data (`manage.py generate_load_data`),
writes the plan this file reads (LOAD_PLAN: the courses' URLs and ids, the learners'
usernames and password) and starts the servers. Only 127.0.0.1 is ever targeted.

* `Learner` (FastHttpUser): a generated learner (each simulated user its own account, in
  order: load-000000, load-000001...) logs in through the login form (CSRF token read from
  it), then, thinking LOAD_THINK seconds between steps (1–3 s unless set), browses the
  catalogue, opens a course (enrols when the page offers it), reads a lesson and marks it
  complete, takes the course's quiz (start, answer, submit, result) and opens the dashboard.
* `QuizRush` (FastHttpUser, LOAD_RUSH_USERS of them, 20 by default): learners taken from the
  end of the generated range, all enrolled in the same course, who start the SAME quiz at the
  same second, every LOAD_RUSH_PERIOD seconds (a wall-clock slot shared by all of them; the
  first wave waits until every rush user has logged in). Each one clicks "Start" twice (a
  double click), answers and submits. Checks, reported as "CHECK" rows: every answer is 200 or
  302, both clicks lead to the same attempt, and no two learners share an attempt.

Every request is checked with `catch_response`: a 4xx/5xx, a redirect to the login page, a
login form or an error message where a page was expected counts as a failure.

Logging in costs about a second of CPU (PBKDF2, 1,000,000 iterations): load_test.py logs
everybody in through the same form first and writes the session cookies to LOAD_SESSIONS;
the simulated users reuse them (checked with one GET of the dashboard, "session check"); a
learner without a valid cookie logs in through the form.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser
from requests.cookies import create_cookie

PLAN = json.loads(Path(os.environ.get("LOAD_PLAN", "bench/results/load_plan.json")).read_text())
SESSIONS = Path(os.environ.get("LOAD_SESSIONS", "var/load/sessions.json"))
RUSH_USERS = int(os.environ.get("LOAD_RUSH_USERS", "20"))
RUSH_PERIOD = float(os.environ.get("LOAD_RUSH_PERIOD", "20"))
RIGHT_ANSWERS = float(os.environ.get("LOAD_RIGHT_ANSWERS", "0.85"))
# Seconds a learner spends on a page before the next step (reading, answering): "min,max".
THINK = tuple(float(bound) for bound in os.environ.get("LOAD_THINK", "1,3").split(","))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE_INPUT = re.compile(r'<input type="(?:radio|checkbox)"[^>]*name="(q-\d+)" value="(\d+)"')
TEXT_INPUT = re.compile(r'<input type="text"[^>]*name="(q-\d+)"')
ATTEMPT_URL = re.compile(r"/learning/quizzes/attempts/(\d+)/")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

_learner_numbers = itertools.count(0)
_rush_numbers = itertools.count(0)
_sessions: dict[str, str] = json.loads(SESSIONS.read_text()) if SESSIONS.exists() else {}
_rush_ready = 0
_waves: dict[int, dict[str, int]] = {}
_checks: dict[str, dict] = {}
_wave_starts: dict[int, list[float]] = {}
CHECKS = Path(os.environ.get("LOAD_CHECKS", "var/load/checks.json"))


def learner_name(index: int) -> str:
    return f"{PLAN['username_prefix']}-{index:06d}"


def looks_wrong(response, *, login_form: bool = False) -> str | None:
    """Why a response that should be a page is not the page, or None."""
    if response.status_code >= 400:
        return f"HTTP {response.status_code}"
    location = (response.headers or {}).get("location") or ""
    if "/accounts/login/" in location:
        return "sent to the login page"
    text = response.text or ""
    if not login_form and 'name="password"' in text:
        return "shows the login form"
    if "lms-message--error" in text or 'class="errorlist' in text:
        return "shows an error message"
    return None


def check(name: str, problem: str | None) -> None:
    """Count a consistency check; written to LOAD_CHECKS at the end (kept out of the request
    statistics, where its zero time would pull the percentiles down)."""
    counts = _checks.setdefault(name, {"passed": 0, "failed": 0, "examples": []})
    if problem:
        counts["failed"] += 1
        if len(counts["examples"]) < 5:
            counts["examples"].append(problem)
    else:
        counts["passed"] += 1


class LoadUser(FastHttpUser):
    abstract = True
    # Like a browser: one connection kept per user.
    concurrency = 1
    insecure = True

    username = ""

    def page(self, url: str, name: str, *, login_form: bool = False):
        """GET a page that must render (following redirects), checked."""
        with self.client.get(url, name=name, catch_response=True) as response:
            problem = looks_wrong(response, login_form=login_form)
            if problem:
                response.failure(problem)
            return response

    def post(self, url: str, data: list | dict, name: str, expect: str = ""):
        """POST a form (CSRF token included by the caller) without following the redirect;
        it must be a 302 (to a URL containing `expect`, when given)."""
        body = urlencode(data, doseq=True)
        with self.client.post(
            url,
            data=body,
            headers={**FORM, "Referer": self.host + url},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = (response.headers or {}).get("location") or ""
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}, expected 302")
            elif "/accounts/login/" in location:
                response.failure("sent to the login page")
            elif expect and expect not in location:
                response.failure(f"redirected to {location}, expected {expect}")
            return response

    def token(self, response) -> str:
        found = CSRF.search(response.text or "")
        if found:
            return html.unescape(found.group(1))
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def session_cookie(self) -> str | None:
        return next((c.value for c in self.client.cookiejar if c.name == "sessionid"), None)

    def log_in(self) -> None:
        """Reuse the session kept by the login phase when it is still valid, else log in
        through the form."""
        saved = _sessions.get(self.username)
        if saved:
            host = urlsplit(self.host).hostname
            self.client.cookiejar.set_cookie(create_cookie("sessionid", saved, domain=host))
            with self.client.get(
                "/dashboard/", name="session check", allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code == 200:
                    return
                response.success()  # an expired session is not an error: log in again
            self.client.cookiejar.clear()
        form = self.page("/accounts/login/", "login form", login_form=True)
        with self.client.post(
            "/accounts/login/",
            data=urlencode(
                {
                    "csrfmiddlewaretoken": self.token(form),
                    "username": self.username,
                    "password": PLAN["password"],
                }
            ),
            headers={**FORM, "Referer": self.host + "/accounts/login/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused (HTTP {response.status_code})")
                raise StopUser
        _sessions[self.username] = self.session_cookie() or ""

    def take_quiz(
        self, quiz: dict, label: str, *, double_click: bool = False, start_at: float = 0
    ) -> int | None:
        """Open the quiz page, start (or resume) the quiz (at the moment `start_at`, when
        given), answer every question at random, submit, read the result. Returns the attempt
        id (None when the start failed)."""
        quiz_page = self.page(quiz["url"], f"{label} page")
        token = self.token(quiz_page)
        start_url = f"/learning/quizzes/{quiz['id']}/start/"
        if start_at:
            gevent.sleep(max(0.0, start_at - time.time()))
            _wave_starts.setdefault(int(start_at), []).append(time.time())
        started = self.post(
            start_url,
            {"csrfmiddlewaretoken": token},
            f"{label} start",
            expect="/learning/quizzes/attempts/",
        )
        found = ATTEMPT_URL.search((started.headers or {}).get("location") or "")
        if not found:
            return None
        attempt = int(found.group(1))
        if double_click:
            again = self.post(
                start_url,
                {"csrfmiddlewaretoken": token},
                f"{label} start (2nd click)",
                expect="/learning/quizzes/attempts/",
            )
            second = ATTEMPT_URL.search((again.headers or {}).get("location") or "")
            check(
                "quiz rush: a double click resumes the same attempt",
                None
                if second and int(second.group(1)) == attempt
                else f"{self.username}: attempts {attempt} and {second and second.group(1)}",
            )
        take = self.page(f"/learning/quizzes/attempts/{attempt}/", f"{label} take")
        if not double_click:
            self.wait()  # reading and answering
        answers: dict[str, list[str]] = {}
        for field, value in CHOICE_INPUT.findall(take.text or ""):
            answers.setdefault(field, []).append(value)
        # Right with probability RIGHT_ANSWERS (the plan holds the key), else a random choice:
        # most attempts pass, courses get completed and certificates issued.
        key = quiz.get("key", {})
        data = [("csrfmiddlewaretoken", self.token(take))]
        for field, values in answers.items():
            right = key.get(field.removeprefix("q-"))
            good = right and random.random() < RIGHT_ANSWERS
            data += [(field, value) for value in (right if good else [random.choice(values)])]
        for field in TEXT_INPUT.findall(take.text or ""):
            right = key.get(field.removeprefix("q-")) or ["?"]
            data.append((field, right[0] if random.random() < RIGHT_ANSWERS else "Không biết"))
        self.post(
            f"/learning/quizzes/attempts/{attempt}/submit/",
            data,
            f"{label} submit",
            expect=f"/attempts/{attempt}/result/",
        )
        self.page(f"/learning/quizzes/attempts/{attempt}/result/", f"{label} result")
        return attempt


class Learner(LoadUser):
    wait_time = between(*THINK)
    weight = 10

    def on_start(self) -> None:
        self.username = learner_name(next(_learner_numbers))
        self.log_in()
        self.enrolled: set[int] = set()

    @task(2)
    def catalogue(self) -> None:
        self.page(PLAN["catalogue_url"], "catalogue")

    @task(3)
    def course(self) -> dict:
        course = random.choice(PLAN["courses"])
        response = self.page(course["url"], "course page")
        enrol_url = f"/learning/courses/{course['id']}/enrol/"
        if enrol_url in (response.text or ""):
            self.wait()
            self.post(enrol_url, {"csrfmiddlewaretoken": self.token(response)}, "enrol")
        self.enrolled.add(course["id"])
        return course

    @task(5)
    def lesson(self) -> None:
        if not self.enrolled:
            self.course()
            self.wait()
        course = random.choice([c for c in PLAN["courses"] if c["id"] in self.enrolled])
        lesson = random.choice(course["lessons"])
        response = self.page(lesson["url"], "lesson")
        self.wait()  # reading
        self.post(
            f"/learning/courses/{course['id']}/lessons/{lesson['id']}/complete/",
            {"csrfmiddlewaretoken": self.token(response)},
            "lesson complete",
            expect=lesson["url"],
        )
        self.page(lesson["url"], "lesson (after complete)")

    @task(2)
    def quiz(self) -> None:
        if not self.enrolled:
            self.course()
            self.wait()
        course = random.choice([c for c in PLAN["courses"] if c["id"] in self.enrolled])
        self.take_quiz(course["quiz"], "quiz")

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")


class QuizRush(LoadUser):
    """LOAD_RUSH_USERS learners starting the same quiz at the same second."""

    fixed_count = RUSH_USERS
    wait_time = constant(0)

    def on_start(self) -> None:
        global _rush_ready
        self.username = learner_name(PLAN["learners"] - 1 - next(_rush_numbers))
        self.log_in()
        rush = PLAN["rush"]
        course = self.page(rush["course_url"], "rush course page")
        enrol_url = f"/learning/courses/{rush['course_id']}/enrol/"
        if enrol_url in (course.text or ""):
            self.post(enrol_url, {"csrfmiddlewaretoken": self.token(course)}, "rush enrol")
        _rush_ready += 1

    @task
    def wave(self) -> None:
        # Everyone waits for the others to be ready, then for the same wall-clock slot.
        deadline = time.time() + 120
        while _rush_ready < RUSH_USERS and time.time() < deadline:
            gevent.sleep(0.05)
        slot = (int(time.time() // RUSH_PERIOD) + 1) * RUSH_PERIOD
        # Open the quiz page half a period before, so that a slow page does not delay the start.
        gevent.sleep(max(0.0, slot - RUSH_PERIOD / 2 - time.time()))
        attempt = self.take_quiz(
            PLAN["rush"]["quiz"], "rush quiz", double_click=True, start_at=slot
        )
        if attempt is None:
            return
        wave = _waves.setdefault(int(slot), {})
        wave[self.username] = attempt
        if len(wave) == RUSH_USERS:
            shared = len(set(wave.values())) != len(wave)
            check(
                "quiz rush: one attempt per learner",
                f"wave {int(slot)}: two learners share an attempt" if shared else None,
            )
            starts = _wave_starts.get(int(slot), [])
            spread = max(starts) - min(starts) if starts else 0.0
            check(
                "quiz rush: every start sent within the same second",
                None if len(starts) == RUSH_USERS and spread < 1 else f"spread {spread:.2f} s",
            )


@events.init.add_listener
def _only_loopback(environment, **kwargs) -> None:
    host = environment.host or ""
    if urlsplit(host).hostname not in (None, "127.0.0.1"):
        raise SystemExit(f"This load test only targets 127.0.0.1, not {host!r}.")


@events.quitting.add_listener
def _keep_sessions(environment, **kwargs) -> None:
    SESSIONS.parent.mkdir(parents=True, exist_ok=True)
    SESSIONS.write_text(json.dumps({k: v for k, v in _sessions.items() if v}, indent=0))
    CHECKS.parent.mkdir(parents=True, exist_ok=True)
    CHECKS.write_text(json.dumps(_checks, indent=1))
