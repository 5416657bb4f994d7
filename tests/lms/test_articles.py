"""Awareness articles: the news index (cards, filters, pages), the article page, authors.

Query budgets are pinned after a warm-up request, as on a running site (Wagtail caches the site
root paths, Django the content types, Wagtail the image renditions). The page cache for
anonymous visitors (`lms.page_cache`) is turned off: what is pinned here is the rendering.

The first five queries of any page below the home page are Wagtail's own: the Site of the
request, the home page (specific; it routes with `DeferredSpecificRouteMixin`), the news index
(its base row, handed on as `specific_deferred`), then the view-restriction check of the
`before_serve_page` hook (the ancestors' `alias_of`, then their PageViewRestrictions).
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from lms.articles.models import ArticlePage, Author
from tests.factories import make_article, make_article_index, make_catalogue, make_course

pytestmark = pytest.mark.usefixtures("english")

WAGTAIL_ROUTING = 3  # the site, the home page (specific), the news index (base row, deferred)
VIEW_RESTRICTIONS = 2  # the ancestors' alias_of, then the PageViewRestrictions that apply


@pytest.fixture(autouse=True)
def no_page_cache(settings, tmp_path):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path  # images and their renditions


@pytest.fixture
def news(home):
    return make_article_index(home, intro="Tin tức về chuyển đổi số của tỉnh.")


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def make_image(title: str = "Ảnh") -> Image:
    return Image.objects.create(title=title, file=get_test_image_file(size=(1280, 720)))


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def card_titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


# --- the index -------------------------------------------------------------------------------


def test_the_index_lists_live_public_articles_newest_first_as_cards(client, news):
    # Given three live articles published on different days, a draft and a private article
    make_article(news, title="Tuần trước", first_published_at=days_ago(7))
    make_article(
        news,
        title="Hôm qua",
        kind="explainer",
        pillar="digital_economy",
        standfirst="Thương mại điện tử cho hợp tác xã.",
        first_published_at=days_ago(1),
        hero_image=make_image("Chợ phiên"),
    )
    make_article(news, title="Tháng trước", first_published_at=days_ago(30))
    make_article(news, title="Bản nháp", live=False)
    private = make_article(news, title="Nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    # When anyone opens the news
    response = client.get(news.url)

    # Then the live, public articles are listed, newest first
    assert card_titles(response) == ["Hôm qua", "Tuần trước", "Tháng trước"]
    page = soup(response)
    # and each card shows its image, kind, pillar, date (dd/mm/yyyy), reading time, standfirst
    card = page.select("article.lms-article-card")[0]
    assert "fill-640x336" in card.img["src"]
    assert card.select_one(".lms-article-kind").get_text(strip=True) == "Explainer"
    assert card.select_one(".lms-tag").get_text(strip=True) == "Digital economy"
    assert card.time.get_text(strip=True) == days_ago(1).astimezone().strftime("%d/%m/%Y")
    assert "1 min read" in card.get_text(" ", strip=True)
    assert "Thương mại điện tử cho hợp tác xã." in card.get_text()
    assert "Bản nháp" not in response.content.decode()
    assert "Nội bộ" not in response.content.decode()


def test_an_editors_publication_date_is_shown_and_orders_the_list(client, news):
    # Given an article moved from an older site, with its original date, published today
    make_article(news, title="Mới", first_published_at=days_ago(2))
    make_article(news, title="Chuyển từ trang cũ", published_date=datetime.date(2024, 3, 9))

    # When the news is opened
    response = client.get(news.url)

    # Then the moved article shows its own date and comes after the newer one
    assert card_titles(response) == ["Mới", "Chuyển từ trang cũ"]
    assert "09/03/2024" in response.content.decode()


def test_the_index_filters_by_pillar(client, news):
    # Given articles of two pillars
    make_article(news, title="Chính quyền số", pillar="digital_government")
    make_article(news, title="Kinh tế số", pillar="digital_economy")

    # When a visitor chooses the digital economy
    response = client.get(news.url, {"pillar": "digital_economy"})

    # Then only its articles are listed, and its link is marked as the current one
    assert card_titles(response) == ["Kinh tế số"]
    current = soup(response).select_one(".lms-news__pillars [aria-current]")
    assert current.get_text(strip=True) == "Digital economy"


def test_an_unknown_pillar_gives_an_empty_list_not_an_error(client, news):
    make_article(news, title="Chính quyền số")

    response = client.get(news.url, {"pillar": "digital_moon"})

    assert response.status_code == 200
    assert card_titles(response) == []
    assert "There is no such pillar." in response.content.decode()


def test_the_index_filters_by_tag(client, news):
    # Given articles with different tags
    make_article(news, title="Một cửa", tags=["một cửa", "VNeID"])
    make_article(news, title="Ví điện tử", tags=["thanh toán"])
    tagged = ArticlePage.objects.get(title="Một cửa").tags.get(name="VNeID")

    # When a visitor follows the tag
    response = client.get(news.url, {"tag": tagged.slug})

    # Then only the tagged articles are listed, under the tag's name
    assert card_titles(response) == ["Một cửa"]
    assert "Articles tagged “VNeID”" in response.content.decode()


def test_an_unknown_tag_gives_an_empty_list_not_an_error(client, news):
    make_article(news, title="Một cửa", tags=["một cửa"])

    response = client.get(news.url, {"tag": "khong-co"})

    assert response.status_code == 200
    assert card_titles(response) == []
    assert "There is no such tag." in response.content.decode()


def test_the_index_is_paginated_and_out_of_range_pages_give_the_last(client, news, settings):
    # Given five articles, two on a page
    settings.LMS_ARTICLES_PER_PAGE = 2
    for day in range(5):
        make_article(news, title=f"Bài {day}", first_published_at=days_ago(day))

    # When the pages are opened, one past the end and one that is not a number
    second = client.get(news.url, {"page": 2})
    beyond = client.get(news.url, {"page": 99})
    nonsense = client.get(news.url, {"page": "abc"})

    # Then each shows its share, a page past the end shows the last one, nonsense the first
    assert card_titles(second) == ["Bài 2", "Bài 3"]
    assert card_titles(beyond) == ["Bài 4"]
    assert card_titles(nonsense) == ["Bài 0", "Bài 1"]
    assert second.context["articles"].paginator.count == 5
    # and the page links keep the filters
    filtered = client.get(news.url, {"pillar": "digital_government"})
    assert "?pillar=digital_government&amp;page=2" in filtered.content.decode()


def test_the_default_page_size_is_twelve(client, news):
    for n in range(13):
        make_article(news, title=f"Bài {n}")

    response = client.get(news.url)

    assert len(response.context["articles"]) == 12
    assert response.context["articles"].paginator.num_pages == 2


@pytest.mark.parametrize("count", [2, 20])
def test_the_index_costs_the_same_queries_for_few_or_many_articles(
    client, news, count, django_assert_num_queries
):
    # Given articles, each with its own hero image, authors and tags
    author = Author.objects.create(name="Nguyễn Minh Châu")
    for n in range(count):
        make_article(news, hero_image=make_image(f"Ảnh {n}"), authors=[author], tags=[f"t{n}"])
    client.get(news.url)  # warm-up: site root paths, content types, renditions made

    # When the news is opened again
    with django_assert_num_queries(
        WAGTAIL_ROUTING
        + VIEW_RESTRICTIONS
        + 1  # the index's own fields (intro), deferred by the home page's routing
        + 1  # `public()`: the PageViewRestrictions, to leave private sections out
        + 1  # the paginator's count
        + 1  # the page of articles, with their hero images (select_related)
        + 1  # the card renditions of those images (one prefetch)
    ):  # 10
        response = client.get(news.url)

    # Then every card of the first page is there, with its image
    assert len(response.context["articles"]) == min(count, 12)
    assert response.content.decode().count("fill-640x336") == min(count, 12)


def test_filtering_by_tag_costs_one_query_more(client, news, django_assert_num_queries):
    make_article(news, tags=["một cửa"])
    slug = ArticlePage.objects.get().tags.get().slug
    client.get(news.url, {"tag": slug})

    # routing 3, restrictions 2, intro, public(), the tag by its slug, count, articles,
    # renditions (no hero image here: the prefetch has nothing to look up and is skipped)
    with django_assert_num_queries(WAGTAIL_ROUTING + VIEW_RESTRICTIONS + 1 + 1 + 1 + 2):
        response = client.get(news.url, {"tag": slug})

    assert len(response.context["articles"]) == 1


# --- the article page ------------------------------------------------------------------------


@pytest.fixture
def authors(db):
    return [
        Author.objects.create(name="Trần Thị Ngọc Ánh", role="Biên tập viên"),
        Author.objects.create(name="Lê Văn Thịnh"),
    ]


def test_an_article_shows_its_parts(client, news, authors):
    # Given an article with everything: hero with caption and credit, authors, tags, and a
    # body of every kind of block
    catalogue = make_catalogue()
    course = make_course(catalogue, lessons=1, title="Chính quyền số cơ bản")
    document = Document.objects.create(
        title="Kế hoạch 2026", file=get_test_image_file(filename="ke-hoach.png")
    )
    table = {
        "data": [["Huyện", "Hồ sơ"], ["Vũ Thư", "1.204"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Hồ sơ trực tuyến",
    }
    article = make_article(
        news,
        title="Một cửa không giấy",
        kind="case_study",
        pillar="digital_government",
        standfirst="Người dân nộp hồ sơ từ nhà.",
        hero_image=make_image("Bộ phận một cửa"),
        hero_caption="Quầy tiếp nhận hồ sơ.",
        hero_credit="Minh Châu",
        authors=authors,
        tags=["một cửa", "VNeID"],
        published_date=datetime.date(2026, 5, 4),
        body=[
            ("heading", "Từ xếp hàng sang một lần bấm nút"),
            ("paragraph", '<p>Xem <a href="https://dichvucong.gov.vn/">Cổng</a>.</p>'),
            ("image", {"image": make_image("Sơ đồ"), "caption": "Sơ đồ", "credit": "Sở"}),
            ("quote", {"text": "Nộp hồ sơ lúc nửa đêm.", "attribution": "Bà Hoa"}),
            ("document", {"document": document, "title": "Tải kế hoạch"}),
            ("table", table),
            ("related_course", {"course": course, "note": "Học cách làm."}),
        ],
    )

    # When anyone opens it
    response = client.get(article.url)
    page = soup(response)
    text = page.get_text(" ", strip=True)

    # Then the header has the title, kind, pillar, date, reading time, authors and standfirst
    assert page.h1.get_text(strip=True) == "Một cửa không giấy"
    assert "Case study" in text
    assert "Digital government" in text
    assert "04/05/2026" in text
    assert "1 min read" in text
    byline = page.select_one(".lms-article__authors").get_text(" ", strip=True)
    assert byline == "By Lê Văn Thịnh , Trần Thị Ngọc Ánh (Biên tập viên)"  # by name
    assert "Người dân nộp hồ sơ từ nhà." in text
    # and the hero image with its caption and credit
    hero = page.select_one(".lms-article__hero")
    assert "fill-1200x630" in hero.img["src"]
    assert "Quầy tiếp nhận hồ sơ." in hero.figcaption.get_text()
    assert "Photo: Minh Châu" in hero.figcaption.get_text()
    # and every body block, each through its template
    body = page.select_one(".lms-article__body")
    assert (
        body.select_one("h2.lms-article__heading").get_text() == "Từ xếp hàng sang một lần bấm nút"
    )
    assert body.select_one(".lms-article__text a")["href"] == "https://dichvucong.gov.vn/"
    assert "Sơ đồ" in body.select_one(".lms-article__figure figcaption").get_text()
    assert "Bà Hoa" in body.select_one(".lms-article__quote").get_text()
    assert body.select_one(".lms-download a").get_text(strip=True).endswith("Tải kế hoạch")
    assert body.select_one(".lms-article__table caption").get_text() == "Hồ sơ trực tuyến"
    assert body.select_one(".lms-article__course a")["href"] == course.url
    # and the tags link to the index filtered by each
    tag_links = {a.get_text(): a["href"] for a in page.select(".lms-article__tags a")}
    tags = {tag.name: tag.slug for tag in article.tags.all()}
    assert tag_links == {name: f"{news.url}?tag={quote(slug)}" for name, slug in tags.items()}
    assert client.get(tag_links["một cửa"]).context["articles"].object_list == [article]
    # and the course named in the body is offered at the foot
    courses = page.select_one("[aria-labelledby=related-courses-title]")
    assert [a.get_text() for a in courses.select("h3 a")] == ["Chính quyền số cơ bản"]


def test_related_articles_share_the_pillar_or_a_tag_newest_three(client, news):
    # Given an article on digital government tagged VNeID
    article = make_article(news, title="Bài chính", pillar="digital_government", tags=["VNeID"])
    # and five others: same pillar, a shared tag, or neither
    make_article(news, title="Cùng trụ cột, cũ", first_published_at=days_ago(20))
    make_article(news, title="Cùng trụ cột, mới", first_published_at=days_ago(1))
    make_article(
        news,
        title="Cùng thẻ",
        pillar="digital_society",
        tags=["VNeID"],
        first_published_at=days_ago(2),
    )
    make_article(news, title="Khác hẳn", pillar="digital_economy", first_published_at=days_ago(0))
    make_article(news, title="Cùng trụ cột, rất cũ", first_published_at=days_ago(40))

    # When it is opened
    response = client.get(article.url)

    # Then the three newest that share its pillar or a tag are offered, never itself
    related = [a.title for a in response.context["related_articles"]]
    assert related == ["Cùng trụ cột, mới", "Cùng thẻ", "Cùng trụ cột, cũ"]
    section = soup(response).select_one("[aria-labelledby=related-articles-title]")
    assert [a.get_text() for a in section.select("h3 a")] == related


def test_related_courses_are_the_live_courses_of_the_body_each_once(client, news):
    catalogue = make_catalogue()
    first = make_course(catalogue, lessons=0, title="Khóa một")
    draft = make_course(catalogue, lessons=0, title="Khóa nháp")
    draft.unpublish()
    article = make_article(
        news,
        body=[
            ("related_course", {"course": first, "note": ""}),
            ("related_course", {"course": draft, "note": ""}),
            ("related_course", {"course": first, "note": "Lần nữa"}),
        ],
    )

    response = client.get(article.url)

    assert [course.title for course in response.context["related_courses"]] == ["Khóa một"]
    assert "Khóa nháp" not in response.content.decode()


def test_reading_time_counts_the_words_of_the_text_blocks(news):
    # Given 400 words in a paragraph (with a link), headings and a quote; 403 with the title
    # and the standfirst
    article = make_article(
        news,
        title="Một",
        standfirst="hai ba",
        body=[
            ("paragraph", "<p>" + "chữ " * 200 + '<a linktype="page" id="1">liên kết</a></p>'),
            ("heading", "tiêu đề " * 49),
            ("quote", {"text": "trích " * 100, "attribution": "không tính"}),
        ],
    )

    # Then every word of the text blocks counts (not the attribution), and the article takes
    # three minutes at 200 words a minute
    assert len(article.body_text().split()) == 400
    assert article.reading_minutes == 3


def test_a_draft_article_is_not_found(client, news):
    draft = make_article(news, title="Bản nháp", live=False)

    assert client.get(f"{news.url}{draft.slug}/").status_code == 404


def test_an_article_only_answers_get(client, news):
    article = make_article(news)

    assert client.post(article.url).status_code == 405


@pytest.mark.parametrize("count", [1, 8])
def test_an_article_costs_the_same_queries_for_few_or_many_authors_tags_and_relations(
    client, news, count, django_assert_num_queries
):
    # Given an article with `count` authors, tags, related articles and related courses
    catalogue = make_catalogue()
    courses = [make_course(catalogue, lessons=0) for _ in range(count)]
    authors = [Author.objects.create(name=f"Tác giả {n}") for n in range(count)]
    tags = [f"thẻ {n}" for n in range(count)]
    for n in range(count):
        make_article(news, hero_image=make_image(f"Ảnh {n}"), tags=[tags[n]])
    article = make_article(
        news,
        hero_image=make_image("Ảnh chính"),
        authors=authors,
        tags=tags,
        body=[("paragraph", "<p>Đoạn văn.</p>")]
        + [("related_course", {"course": course, "note": ""}) for course in courses],
    )
    client.get(article.url)  # warm-up: site root paths, content types, renditions made

    with django_assert_num_queries(
        WAGTAIL_ROUTING
        + 1  # the article, specific, with its hero image (ArticleIndexPage.route)
        + 1  # the hero image's rendition (prefetched with the article)
        + VIEW_RESTRICTIONS
        + 1  # the tags
        + 1  # the authors
        + 1  # related articles: `public()` reads the PageViewRestrictions
        + 1  # related articles, with their hero images
        + 1  # related articles: their card renditions
        + 1  # the courses the body's related-course blocks name, in one query
    ):  # 13
        response = client.get(article.url)

    assert len(response.context["authors"]) == count
    assert len(response.context["related_articles"]) == min(count, 3)
    assert len(response.context["related_courses"]) == count


# --- authors in the admin --------------------------------------------------------------------


def test_the_authors_listing_shows_role_and_article_count_and_searches(
    admin_login, superuser, news, authors
):
    # Given two articles by the first author
    make_article(news, authors=[authors[0]])
    make_article(news, authors=authors)
    client = admin_login(superuser)

    # When an administrator lists the authors, then searches by role
    listing = client.get(reverse("wagtailsnippets_cds_lms_author:list"))
    searched = client.get(reverse("wagtailsnippets_cds_lms_author:list"), {"q": "Biên tập"})

    # Then each author is listed with their role and number of articles
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in soup(listing).select("tbody tr")
    ]
    # (the name's cell also holds its Edit, Copy and Delete actions)
    assert [(row[1].split(" Edit")[0], row[2], row[3]) for row in rows] == [
        ("Lê Văn Thịnh", "", "1"),
        ("Trần Thị Ngọc Ánh", "Biên tập viên", "2"),
    ]
    # and the search finds them by role
    assert "Trần Thị Ngọc Ánh" in searched.content.decode()
    assert "Lê Văn Thịnh" not in searched.content.decode()


def test_editors_can_preview_a_draft_of_an_article(client, superuser, news, authors):
    # Given a published article with a newer draft that changes its standfirst and authors
    article = make_article(news, standfirst="Bản đã đăng.", authors=authors[:1])
    draft = ArticlePage.objects.get(pk=article.pk)
    draft.standfirst = "Bản nháp mới."
    draft.authors = authors
    draft.save_revision(user=superuser)
    client.force_login(superuser)

    # When an editor views the draft
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))

    # Then the draft is shown as it will look, with its own authors
    text = soup(response).get_text(" ", strip=True)
    assert "Bản nháp mới." in text
    assert "Lê Văn Thịnh" in text
    # and the live page is unchanged
    assert "Bản đã đăng." in client.get(article.url).content.decode()
