"""The anonymous page cache (lms.page_cache): public Wagtail pages served to visitors who are
not logged in without a query, never to or from a logged-in person, in the visitor's language,
with the visitor's own CSRF token, and cleared when any page is published, unpublished, moved,
saved or deleted."""

import re

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import Page, Site

from home.models import HomePage
from lms import page_cache
from tests.factories import make_catalogue, make_course

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The cache on (whatever the test settings say) and empty before and after each test."""
    settings.LMS_PAGE_CACHE_SECONDS = 300
    settings.LANGUAGE_CODE = "vi"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Chuyển đổi số Thái Bình", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    cache.clear()
    return home


@pytest.fixture
def catalogue(home):
    return make_catalogue()


@pytest.fixture
def course(catalogue):
    return make_course(catalogue, lessons=1, title="Chính quyền số cơ bản")


def text(response) -> str:
    return response.content.decode()


def tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


# --- served from the cache, without a query ---------------------------------------------------


def test_a_second_visitor_gets_the_page_from_the_cache_without_a_query(
    course, django_assert_num_queries
):
    first = Client().get(course.url)
    assert first.status_code == 200 and first[HEADER] == "miss"

    with django_assert_num_queries(0):
        second = Client().get(course.url)

    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert "Chính quyền số cơ bản" in text(second)
    # The same page, but for the CSRF tokens (each visitor has their own)
    assert re.sub(r'value="\w{64}"', "", text(second)) == re.sub(r'value="\w{64}"', "", text(first))


def test_head_requests_are_answered_from_the_cache(course, django_assert_num_queries):
    Client().get(course.url)
    with django_assert_num_queries(0):
        response = Client().head(course.url)
    assert response.status_code == 200 and response[HEADER] == "hit"


def test_the_cache_is_off_at_zero_seconds(course, settings):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    Client().get(course.url)
    assert HEADER not in Client().get(course.url)


# --- the CSRF token is each visitor's own -----------------------------------------------------


def test_each_visitor_gets_their_own_csrf_token_and_can_post_with_it(course):
    first_visitor = Client(enforce_csrf_checks=True)
    first_page = text(first_visitor.get(course.url))
    first_secret = first_visitor.cookies["csrftoken"].value

    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(course.url)

    assert response[HEADER] == "hit"
    secret = visitor.cookies["csrftoken"].value  # set for this visitor by CsrfViewMiddleware
    assert secret != first_secret
    page_tokens = tokens(text(response))
    assert page_tokens and not set(page_tokens) & set(tokens(first_page))
    assert all(page_cache._unmask(token) == secret for token in page_tokens)
    assert first_secret not in text(response)
    # And the token works: the language switcher of the header posts with it
    switched = visitor.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": page_tokens[0], "language": "en", "next": course.url},
    )
    assert switched.status_code == 302


def test_no_token_of_a_visitor_is_kept_in_the_cache(course):
    visitor = Client()
    visitor.get(course.url)
    secret = visitor.cookies["csrftoken"].value
    stored = cache.get(page_cache.page_key(RequestFactory().get(course.url)))
    assert stored is not None
    content = stored["content"].decode()
    assert "cds-lms-page-cache-csrf-token" in content
    assert secret not in content
    assert not [t for t in re.findall(r"\b\w{64}\b", content) if page_cache._unmask(t) == secret]


def test_unmask_reads_the_secret_of_djangos_masked_tokens():
    request = RequestFactory().get("/")
    token = get_token(request)
    assert page_cache._unmask(token) == request.META["CSRF_COOKIE"]


# --- languages --------------------------------------------------------------------------------


def test_a_visitor_who_chose_english_does_not_get_the_vietnamese_page(course):
    assert '<html lang="vi">' in text(Client().get(course.url))  # now cached, in Vietnamese

    visitor = Client()
    visitor.post(reverse("set_language"), {"language": "en", "next": course.url})
    assert visitor.cookies["django_language"].value == "en"

    english = visitor.get(course.url)
    assert english[HEADER] == "miss" and '<html lang="en">' in text(english)
    again = visitor.get(course.url)
    assert again[HEADER] == "hit" and '<html lang="en">' in text(again)
    assert again["Content-Language"] == "en"
    # Vietnamese visitors still get theirs
    assert '<html lang="vi">' in text(Client().get(course.url))


def test_the_accept_language_header_picks_the_page_too(course):
    Client().get(course.url)
    response = Client(headers={"accept-language": "en"}).get(course.url)
    assert response[HEADER] == "miss" and '<html lang="en">' in text(response)


# --- logged-in people -------------------------------------------------------------------------


def test_a_logged_in_person_never_gets_the_cached_anonymous_page(course, learner):
    Client().get(course.url)
    Client().get(course.url)  # cached for visitors

    person = Client()
    person.force_login(learner)
    response = person.get(course.url)

    assert HEADER not in response
    assert "Trần Thị Học" in text(response)


def test_a_visitor_after_a_logged_in_visit_does_not_see_the_name(course, learner):
    person = Client()
    person.force_login(learner)
    assert "Trần Thị Học" in text(person.get(course.url))
    assert "Trần Thị Học" in text(person.get(course.url))

    response = Client().get(course.url)

    assert response[HEADER] == "miss"  # nothing was stored by the logged-in visits
    assert "Trần Thị Học" not in text(response)
    assert "Trần Thị Học" not in text(Client().get(course.url))


# --- what is never cached ---------------------------------------------------------------------


def test_a_session_or_any_unknown_cookie_bypasses_the_cache(course, settings):
    Client().get(course.url)
    for name in ("sessionid", "messages", "cds_poll_voter", "unknown"):
        visitor = Client()
        visitor.cookies[name] = "x"
        assert HEADER not in visitor.get(course.url), name
    settings.LMS_PAGE_CACHE_IGNORED_COOKIES = ["_analytics"]
    visitor = Client()
    visitor.cookies["_analytics"] = "x"
    assert visitor.get(course.url)[HEADER] == "hit"


def test_pages_that_are_not_wagtail_pages_are_not_cached(home):
    Client().get(reverse("lms:login"))
    assert HEADER not in Client().get(reverse("lms:login"))


def test_a_missing_page_is_not_cached(home):
    Client().get("/khong-co/")
    response = Client().get("/khong-co/")
    assert response.status_code == 404 and HEADER not in response


def test_a_page_that_sets_a_cookie_is_not_stored(course):
    request = RequestFactory().get(course.url)
    response = Client().get(course.url)  # stored: the header's forms only
    assert response[HEADER] == "miss"
    response.cookies["messages"] = "x"
    request.resolver_match = response.resolver_match
    assert page_cache.entry_for(request, response) is None


def test_the_query_string_is_part_of_the_key(catalogue):
    Client().get(catalogue.url)
    assert Client().get(catalogue.url + "?pillar=digital_economy")[HEADER] == "miss"


# --- cleared when pages change ----------------------------------------------------------------


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.mark.parametrize("action", ["publish", "unpublish", "move", "delete"])
def test_any_page_change_clears_every_cached_page(course, catalogue, home, action):
    Client().get(catalogue.url)
    Client().get(course.url)
    assert Client().get(catalogue.url)[HEADER] == "hit"
    generation = page_cache.current_generation()

    course = course.specific
    if action == "publish":
        publish(course, title="Kinh tế số nhập môn")
    elif action == "unpublish":
        course.unpublish()
    elif action == "move":
        other = make_catalogue(title="Khóa học khác", slug="khoa-hoc-khac")
        course.move(other, pos="last-child")
    else:
        course.delete()

    assert page_cache.current_generation() > generation
    listing = Client().get(catalogue.url)
    assert listing[HEADER] == "miss"  # the index that lists the course is fresh too
    if action == "publish":
        assert "Kinh tế số nhập môn" in text(listing)
    else:
        assert "Chính quyền số cơ bản" not in text(listing)


def test_publishing_a_snippet_clears_the_cache(home):
    from quizzes.models import Poll

    Client().get("/")
    generation = page_cache.current_generation()
    poll = Poll(question="Câu hỏi?", live=False)
    poll.save()
    poll.save_revision().publish()
    assert page_cache.current_generation() > generation


def test_a_lost_generation_never_comes_back_to_an_old_value(course):
    Client().get(course.url)
    old = page_cache.current_generation()
    cache.delete(page_cache.GENERATION_KEY)  # evicted
    assert page_cache.current_generation() > old
    assert Client().get(course.url)[HEADER] == "miss"


def test_a_preview_never_gets_the_cached_live_page(course):
    site_host = Client(headers={"host": "localhost"})  # the host Wagtail's dummy request has
    site_host.get(course.url)
    assert site_host.get(course.url)[HEADER] == "hit"
    draft = course.specific
    draft.title = "Bản nháp chưa xuất bản"

    # Wagtail's dummy request comes at the live page's path, without the editor's cookies here
    response = draft.make_preview_request()

    assert HEADER not in response
    assert "Bản nháp chưa xuất bản" in text(response)
    assert "Bản nháp chưa xuất bản" not in text(site_host.get(course.url))
