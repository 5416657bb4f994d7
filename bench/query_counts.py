#!/usr/bin/env python
"""Query counts of every main page of the seeded demo, anonymous and logged in, next to the
numbers the tests pin.

Run from the repository root with the project's Python, against the demo's database (by
default ``cds_pages``, the one bench/page_throughput.py sets up; it is migrated and seeded
here when it holds no course yet, and indexed for search when it has no index):

    .venv/bin/python bench/query_counts.py [--database-url postgres://...]

Each page is asked for with Django's test client on the test settings (the anonymous page
cache off, as in the tests; DEBUG off), once to warm up (Wagtail's site root paths, content
types, renditions, the home page's figures), then once inside `CaptureQueriesContext`. The
logged-in pages are those of the demo learner (``learner``), enrolled in a course with two
lessons done. The pinned number is read from the named test at run time; the demo's pages
hold more than a test's fixture on some pages (cover images, quizzes, tags, related content),
so a difference is shown, not failed: the tests pin the shape, this table the demo's figures.
It prints a table and writes bench/results/query_counts.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "query_counts.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cds_pages"

# page name -> (test file, test function): where the page's query count is pinned.
PINNED = {
    ("home", "anonymous"): ("tests/site/test_home_page.py", "test_home_page_queries_for_a_visitor"),
    ("home", "learner"): ("tests/site/test_home_page.py", "test_home_page_queries_for_a_learner"),
    ("catalogue", "learner"): ("tests/courses/test_query_budgets.py", "test_catalogue"),
    ("course", "anonymous"): (
        "tests/courses/test_query_budgets.py",
        "test_course_page_for_an_anonymous_visitor",
    ),
    ("course", "learner"): (
        "tests/courses/test_query_budgets.py",
        "test_course_page_for_an_enrolled_learner",
    ),
    ("lesson", "learner"): (
        "tests/courses/test_query_budgets.py",
        "test_lesson_page_for_an_enrolled_learner",
    ),
    ("quiz", "learner"): ("tests/quizzes/test_query_budgets.py", "test_quiz_page"),
    ("article", "anonymous"): (
        "tests/lms/test_articles.py",
        "test_an_article_costs_the_same_queries_for_few_or_many_authors_tags_and_relations",
    ),
    ("news index", "anonymous"): (
        "tests/lms/test_articles.py",
        "test_the_index_costs_the_same_queries_for_few_or_many_articles",
    ),
    ("search", "learner"): (
        "tests/lms/test_search.py",
        "test_queries_are_fixed_whatever_the_number_of_hits",
    ),
    ("dashboard", "learner"): ("tests/courses/test_query_budgets.py", "test_dashboard"),
    ("certificate verify", "anonymous"): (
        "tests/certificates/test_verify.py",
        "test_the_verification_page_costs_one_query",
    ),
    ("certificate verify", "learner"): (
        "tests/certificates/test_verify.py",
        "test_logged_in_visitors_see_the_same_page",
    ),
}
# The same, with the caches on (the page cache and what lms.render_cache keeps).
PINNED_CACHED = {
    ("lesson", "learner"): (
        "tests/courses/test_render_cache.py",
        "test_a_lesson_page_costs_three_queries_once_routed",
    ),
    ("course", "learner"): (
        "tests/courses/test_render_cache.py",
        "test_a_course_page_keeps_its_routing_lessons_and_criteria",
    ),
}


def setup_django(database_url: str) -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lmssite.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def pinned_count(path: str, test: str) -> int | None:
    """The query count a test pins: its `assert expected == N`, its literal
    `django_assert_num_queries(N)`, or the `# N` that sums an expression up; else the sum of
    the terms of its `django_assert_num_queries(...)` (module constants included)."""
    source = (ROOT / path).read_text()
    found = re.search(rf"\ndef {test}\(.*?(?=\n(?:def |@|class )|\Z)", source, re.S)
    if not found:
        return None
    body = found.group()
    for pattern in (
        r"assert expected == (\d+)",
        r"django_assert_num_queries\((\d+)\)",
        r"\):\s*#\s*(\d+)\s*\n",
    ):
        match = re.search(pattern, body)
        if match:
            return int(match.group(1))
    call = re.search(r"django_assert_num_queries\(\s*\n(.*?)\n\s*\):", body, re.S)
    if not call:
        return None
    return _sum_terms(call.group(1), source)


def _sum_terms(expression: str, source: str) -> int | None:
    constants = {
        name: int(value)
        for name, value in re.findall(r"^([A-Z_]+) = (\d+)", source, re.M)
        + re.findall(
            r"^([A-Z_]+) = (\d+)",
            (ROOT / "tests/courses/test_query_budgets.py").read_text(),
            re.M,
        )
    }
    total = 0
    for line in expression.splitlines():
        term = line.split("#", 1)[0].strip().lstrip("+").strip()
        if not term:
            continue
        if term.isdigit():
            total += int(term)
        elif term in constants:
            total += constants[term]
        else:
            return None
    return total


def ensure_demo() -> None:
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from courses.models import CoursePage

    if not CoursePage.objects.exists():
        call_command("seed_demo", verbosity=0)
    from wagtail.search.models import IndexEntry

    if not IndexEntry.objects.exists():  # the seed does not index: as `make demo` does
        call_command("update_index", verbosity=0)


def demo_pages() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from wagtail.models import Page

    from certificates.models import Certificate
    from courses.models import CoursePage
    from lms.articles.models import ArticleIndexPage, ArticlePage
    from lms.models import Enrollment, LessonProgress

    learner = get_user_model().objects.get(username="learner")
    enrollment = Enrollment.objects.filter(user=learner).order_by("pk").first()
    course = CoursePage.objects.live().get(pk=enrollment.course_id)
    done = set(
        LessonProgress.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True)
    )
    lesson = next(item for item in course.lessons() if item.pk not in done)
    quiz = Page.objects.live().child_of(course).exclude(pk__in=course.lessons()).specific().first()
    certificate = Certificate.objects.order_by("pk").first()
    pages = {
        "home": "/",
        "catalogue": course.get_parent().url,
        "course": course.url,
        "lesson": lesson.url,
        "article": ArticlePage.objects.live().order_by("-first_published_at").first().url,
        "news index": ArticleIndexPage.objects.live().first().url,
        "search": reverse("lms:search") + "?q=chuyen+doi+so",
        "dashboard": reverse("lms:dashboard"),
    }
    if quiz is not None:
        pages["quiz"] = quiz.url
    if certificate is not None:
        pages["certificate verify"] = reverse(
            "certificates:verify", args=[certificate.verification_code]
        )
    return pages


def count_queries(client, url: str, *, cached: bool) -> tuple[int, int]:
    """The queries of the second request of `url`: with the caches off (as the tests pin
    them), or on (as on a running site: an anonymous page then comes from the page cache)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms import render_cache

    settings.LMS_PAGE_CACHE_SECONDS = 300 if cached else 0
    render_cache.clear()
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the demo's database (default: cds_pages on the local PostgreSQL)",
    )
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    ensure_demo()
    cache.clear()
    pages = demo_pages()
    learner = get_user_model().objects.get(username="learner")
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(learner)
    rows = []
    for name, url in pages.items():
        for who, client in (("anonymous", anonymous), ("learner", logged_in)):
            if name == "dashboard" and who == "anonymous":
                continue  # a redirect to the login page
            queries, status = count_queries(client, url, cached=False)
            cached_queries, _ = count_queries(client, url, cached=True)
            test = PINNED.get((name, who))
            cached_test = PINNED_CACHED.get((name, who))
            rows.append(
                {
                    "page": name,
                    "who": who,
                    "url": url,
                    "status": status,
                    "queries": queries,
                    "pinned": pinned_count(*test) if test else None,
                    "pinned_in": f"{test[0]}::{test[1]}" if test else None,
                    "queries_caches_on": cached_queries,
                    "pinned_caches_on": pinned_count(*cached_test) if cached_test else None,
                    "pinned_caches_on_in": (
                        f"{cached_test[0]}::{cached_test[1]}" if cached_test else None
                    ),
                }
            )
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "query_counts",
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "settings": "lmssite.settings.test, one warm-up; `queries` with "
                "LMS_PAGE_CACHE_SECONDS=0 (as the tests), `queries_caches_on` with 300",
                "pages": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'page':<20} {'who':<10} {'status':>6} {'queries':>7} {'pinned':>6}"
        f" {'cached':>6} {'pinned':>6}  pinned in (caches off; caches on)"
    )
    print(header)
    print("-" * (len(header) + 40))
    for row in rows:
        pinned = "" if row["pinned"] is None else str(row["pinned"])
        pinned_on = "" if row["pinned_caches_on"] is None else str(row["pinned_caches_on"])
        tests = "; ".join(filter(None, [row["pinned_in"], row["pinned_caches_on_in"]]))
        print(
            f"{row['page']:<20} {row['who']:<10} {row['status']:>6} {row['queries']:>7}"
            f" {pinned:>6} {row['queries_caches_on']:>6} {pinned_on:>6}"
            f"  {tests or '(no test pins it)'}"
        )


if __name__ == "__main__":
    main()
