"""The reference site's home page: featured courses, latest articles, the poll, live figures,
and a query budget that does not grow with the number of courses or articles.

Query budgets are pinned with the anonymous page cache off (`LMS_PAGE_CACHE_SECONDS = 0`):
tests/lms/test_page_cache.py shows that a cached page costs no query at all.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, Site

from certificates.models import Certificate
from certificates.services import get_or_create_default_template
from home import figures
from home.models import HomePage, HomePageFeaturedCourse
from lms import services
from lms.models import Enrollment
from quizzes.models import PollVote, PollVoters
from tests.factories import (
    LearnerProfileFactory,
    make_article,
    make_article_index,
    make_catalogue,
    make_course,
    make_poll,
)

COURSE_CARD_IMAGE = "fill-640x336"


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    """No figures or pages cached by an earlier test; images in a temporary media root; pages
    and messages in English (the source strings the assertions quote)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The home page as the root of the default site, as on a real install."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Chuyển đổi số Thái Bình", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    cache.clear()  # Wagtail caches the site root paths
    return home


@pytest.fixture
def catalogue(home):
    return make_catalogue()


@pytest.fixture
def news(home):
    return make_article_index(home)


def image(title: str = "Ảnh") -> Image:
    return Image.objects.create(title=title, file=get_test_image_file(size=(1280, 672)))


def feature(home: HomePage, courses) -> None:
    """Feature `courses` on the home page, in this order (as the editing form saves them)."""
    home.featured_courses = [HomePageFeaturedCourse(course=course) for course in courses]
    home.save()


def html_of(response) -> str:
    return response.content.decode()


# --- featured courses ------------------------------------------------------------------------


def test_featured_courses_show_as_cards_in_the_editors_order(client, home, catalogue):
    first = make_course(
        catalogue, title="Kinh tế số", pillar="digital_economy", cover_image=image("Bìa")
    )
    second = make_course(catalogue, title="Chính quyền số", summary="Dịch vụ công trực tuyến.")
    unpublished = make_course(catalogue, title="Khóa chưa xuất bản")
    unpublished.unpublish()
    feature(home, [first, unpublished, second])

    html = html_of(client.get("/"))

    cards = re.findall(
        r'<article class="lms-course-card home-course-card">(.*?)</article>', html, re.S
    )
    assert len(cards) == 2  # the unpublished course is left out
    assert "Kinh tế số" in cards[0] and "Chính quyền số" in cards[1]
    assert f'href="{first.url}"' in cards[0]
    assert "Digital economy" in cards[0] and "Digital government" in cards[1]
    assert "Dịch vụ công trực tuyến." in cards[1]
    rendition = first.cover_image.get_rendition(COURSE_CARD_IMAGE)
    assert rendition.url in cards[0] and 'alt=""' in cards[0]
    assert "<img" not in cards[1]  # no cover, no image


def test_without_featured_courses_the_section_is_left_out(client, home):
    assert "Featured courses" not in html_of(client.get("/"))


def test_a_preview_shows_the_featured_courses_of_the_form(home, catalogue):
    """In a preview, the rows are in memory (not saved): the same method reads them."""
    course = make_course(catalogue, title="Xã hội số")
    draft = HomePage.objects.get(pk=home.pk)
    draft.featured_courses = [HomePageFeaturedCourse(course=course)]
    assert draft.featured_course_pages() == [course]


def test_the_editing_form_takes_at_most_six_featured_courses(client, superuser, home, catalogue):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    courses = [make_course(catalogue, lessons=0) for _ in range(7)]
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])

    def post(chosen):
        data = nested_form_data(
            {
                "title": home.title,
                "slug": home.slug,
                "intro": "",
                "body": rich_text(""),
                "poll": "",
                "featured_courses": inline_formset(
                    [{"course": course.pk} for course in chosen], min=0, max=6
                ),
            }
        )
        return client.post(url, data)

    assert post(courses).status_code == 200  # the form again, with an error
    assert not HomePageFeaturedCourse.objects.exists()

    response = post([courses[2], courses[0]])
    assert response.status_code == 302
    draft = HomePage.objects.get(pk=home.pk).get_latest_revision_as_object()
    assert [row.course_id for row in draft.featured_courses.all()] == [
        courses[2].pk,
        courses[0].pk,
    ]


# --- latest articles ------------------------------------------------------------------------


def test_the_newest_three_live_public_articles_are_shown(client, home, news):
    now = timezone.now()
    for days, title in [(5, "Cũ nhất"), (4, "Cũ"), (3, "Mới ba"), (2, "Mới hai"), (1, "Mới một")]:
        make_article(news, title=title, first_published_at=now - datetime.timedelta(days=days))
    make_article(news, title="Bản nháp", live=False)
    private = make_article(news, title="Bài nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = html_of(client.get("/"))

    titles = re.findall(r'class="lms-article-card__title">\s*<a href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Mới một", "Mới hai", "Mới ba"]


# --- the poll -------------------------------------------------------------------------------


def test_without_a_chosen_poll_the_newest_open_poll_is_shown(client, home):
    now = timezone.now()
    make_poll("Câu hỏi cũ?")
    make_poll("Câu hỏi mới?")
    make_poll("Sắp mở?", opens_at=now + datetime.timedelta(days=1))
    make_poll("Đã đóng?", closes_at=now - datetime.timedelta(days=1))
    make_poll("Bản nháp?", live=False)

    html = html_of(client.get("/"))

    assert "Câu hỏi mới?" in html
    for other in ("Câu hỏi cũ?", "Sắp mở?", "Đã đóng?", "Bản nháp?"):
        assert other not in html


def test_the_poll_editors_chose_is_shown_even_when_closed(client, home):
    chosen = make_poll("Đã đóng?", closes_at=timezone.now() - datetime.timedelta(days=1))
    make_poll("Mới hơn?")
    home.poll = chosen
    home.save()

    html = html_of(client.get("/"))

    assert "Đã đóng?" in html and "Mới hơn?" not in html
    assert "This poll closed on" in html


def test_no_open_poll_no_poll_section(client, home):
    assert 'class="cds-poll"' not in html_of(client.get("/"))


def test_a_visitor_votes_on_the_home_page_poll_and_comes_back_to_their_vote(home, settings):
    """The home page renders the poll block, so the form posts to the same vote view, with a
    CSRF token of this visitor's own (the page may come from the anonymous page cache)."""
    settings.LMS_PAGE_CACHE_SECONDS = 300
    poll = make_poll("Bạn đã dùng dịch vụ công trực tuyến chưa?", voters=PollVoters.ANYONE)
    visitor = Client(enforce_csrf_checks=True)
    other = Client()
    other.get("/")  # another visitor first: the page is now in the cache

    response = visitor.get("/")
    html = html_of(response)
    assert response["X-Page-Cache"] == "hit"
    form = re.search(r'<form class="cds-poll__form" method="post" action="([^"]+)">', html)
    assert form.group(1) == reverse("polls:vote", args=[poll.pk])
    poll_form = html[form.end() : html.index("</form>", form.end())]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', poll_form).group(1)
    next_url = re.search(r'name="next" value="([^"]+)"', poll_form).group(1)
    assert next_url == f"/#poll-{poll.pk}"
    choice = poll.choices.all()[1]

    voted = visitor.post(
        form.group(1), {"csrfmiddlewaretoken": token, "choice": choice.pk, "next": next_url}
    )

    assert voted.status_code == 302 and voted["Location"] == next_url
    assert PollVote.objects.filter(poll=poll, choice=choice).count() == 1
    back = visitor.get("/")
    assert "X-Page-Cache" not in back  # the voter cookie makes the page personal
    assert "You voted for “Đôi khi”." in html_of(back)
    assert "Thank you: your vote has been recorded." in html_of(back)


# --- live figures ---------------------------------------------------------------------------


def certificate(user, course, *, issued_at, status="valid", **fields) -> Certificate:
    n = Certificate.objects.count() + 1
    return Certificate.objects.create(
        user=user,
        course=course,
        template=get_or_create_default_template(),
        serial=f"TB-TEST-{n:06d}",
        status=status,
        issued_at=issued_at,
        holder_name="Nguyễn Văn A",
        course_title=course.title,
        **fields,
    )


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


def test_figures_count_learners_completions_and_this_years_certificates(catalogue):
    courses = [make_course(catalogue, lessons=0) for _ in range(3)]
    people = [LearnerProfileFactory().user for _ in range(3)]
    for person in people:
        services.enroll(user=person, course=courses[0])
    Enrollment.objects.filter(user__in=people[:2]).update(completed_at=timezone.now())
    holder = people[0]
    # 2027 begins at 17:00 UTC on 31/12/2026 in Asia/Ho_Chi_Minh (UTC+7).
    certificate(holder, courses[0], issued_at=local(2027, 1, 1, 0, 30))
    certificate(holder, courses[1], issued_at=local(2027, 6, 1), expires_at=local(2027, 7, 1))
    certificate(
        holder,
        courses[2],
        issued_at=local(2027, 3, 1),
        status="revoked",
        revoked_at=local(2027, 3, 2),
    )
    certificate(people[1], courses[0], issued_at=local(2026, 12, 31, 23, 30))

    counted = figures.count_figures(2027)

    assert counted == figures.Figures(
        learners=3, completions=2, certificates_this_year=2, year=2027
    )  # the valid one, the expired one; not the revoked one, nor last year's
    assert figures.count_figures(2026).certificates_this_year == 1


def test_the_year_is_the_site_time_zones(settings):
    assert figures.local_year(datetime.datetime(2026, 12, 31, 17, 30, tzinfo=datetime.UTC)) == 2027
    assert figures.local_year(datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)) == 2026


def test_figures_are_counted_once_then_read_from_the_cache(db, django_assert_num_queries):
    LearnerProfileFactory()
    with django_assert_num_queries(3):  # learners, completions, certificates of the year
        assert figures.home_figures().learners == 1
    LearnerProfileFactory()
    with django_assert_num_queries(0):
        assert figures.home_figures().learners == 1  # up to HOME_FIGURES_CACHE_SECONDS late
    cache.delete(figures.cache_key(figures.local_year()))  # as when it expires
    assert figures.home_figures().learners == 2


def test_the_home_page_shows_the_figures(client, home):
    cache.set(
        figures.cache_key(figures.local_year()),
        {"learners": 1234, "completions": 56, "certificates_this_year": 7, "year": 2026},
    )
    html = html_of(client.get("/"))
    assert re.search(
        r'home-figure__number">1,234</span>\s*<span class="home-figure__label">learners', html
    )
    assert "56" in html and "courses completed" in html
    assert "certificates issued in 2026" in html


# --- query budget ---------------------------------------------------------------------------

WAGTAIL_ROUTING = 2  # the Site of the request with its root page; the home page, specific
VIEW_RESTRICTIONS = 2  # before_serve_page: the ancestors' alias_of, then their restrictions
FEATURED = 2  # the featured rows joined with their courses and covers; the covers' renditions
ARTICLES = 3  # the view restrictions `public()` excludes; the articles; their renditions
POLL = 2  # the newest open poll; its choices with their vote counts
# The user joined with the learner profile (the session is in the cache); the userbar asks
# whether they may use the admin: their own permissions, then their groups'; their vote.
LOGGED_IN = 4


@pytest.fixture
def furnished_home(request, home, catalogue, news, settings):
    """A home page with `courses` featured courses and `articles` articles (each with an
    image) and an open poll, the page cache off and the page requested once (renditions made,
    site root paths and figures cached)."""
    settings.LMS_PAGE_CACHE_SECONDS = 0
    courses, articles = request.param
    cover, hero = image("Bìa"), image("Ảnh tin")
    feature(home, [make_course(catalogue, lessons=0, cover_image=cover) for _ in range(courses)])
    for _ in range(articles):
        make_article(news, hero_image=hero)
    make_poll()
    return home


SIZES = [(1, 3), (6, 10)]


@pytest.mark.parametrize("furnished_home", SIZES, indirect=True)
def test_home_page_queries_for_a_visitor(client, furnished_home, django_assert_num_queries):
    client.get("/")  # warm-up: renditions, site root paths, content types, figures
    expected = WAGTAIL_ROUTING + VIEW_RESTRICTIONS + FEATURED + ARTICLES + POLL
    assert expected == 11
    with django_assert_num_queries(expected):  # no count: the figures come from the cache
        response = client.get("/")
    assert response.status_code == 200
    assert len(response.context["featured_courses"]) in (1, 6)
    assert len(response.context["latest_articles"]) == 3


@pytest.mark.parametrize("furnished_home", SIZES, indirect=True)
def test_home_page_queries_for_a_learner(
    client, learner, furnished_home, django_assert_num_queries
):
    client.force_login(learner)
    client.get("/")
    expected = WAGTAIL_ROUTING + VIEW_RESTRICTIONS + FEATURED + ARTICLES + POLL + LOGGED_IN
    assert expected == 15
    with django_assert_num_queries(expected):
        response = client.get("/")
    assert response.status_code == 200
    assert "Trần Thị Học" in html_of(response)
