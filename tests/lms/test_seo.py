"""Discovery: sitemap.xml, robots.txt, canonical URLs and Open Graph tags."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from tests.factories import make_article, make_article_index, make_catalogue, make_course

pytestmark = pytest.mark.usefixtures("english")

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def no_page_cache(settings, tmp_path):
    settings.LMS_PAGE_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def news(home):
    return make_article_index(home, intro="Tin tức về chuyển đổi số.")


def head_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").head


def og(head: BeautifulSoup) -> dict[str, str]:
    return {
        meta["property"]: meta["content"]
        for meta in head.select("meta[property]")
        if meta["property"].startswith("og:")
    }


# --- sitemap.xml and robots.txt ---------------------------------------------------------------


def test_the_sitemap_lists_live_public_pages_with_absolute_urls(client, news):
    # Given a live article, a draft, a private article and an article of a private section
    make_article(news, slug="cong-khai")
    make_article(news, slug="nhap", live=False)
    private = make_article(news, slug="noi-bo")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    section = make_article_index(news.get_parent(), title="Nội bộ", slug="noi-bo-tin")
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    make_article(section, slug="trong-muc-noi-bo")

    # When a crawler reads the sitemap
    response = client.get("/sitemap.xml")

    # Then it lists the home page, the news and the live public article only, absolutely
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert urls == [
        "http://localhost/",
        "http://localhost/news/",
        "http://localhost/news/cong-khai/",
    ]


def test_robots_txt_allows_all_but_the_admin_and_learning_and_names_the_sitemap(client, home):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /learning/" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # and what it points to is there
    assert client.get("/sitemap.xml").status_code == 200


# --- canonical and Open Graph ------------------------------------------------------------------


def test_an_article_has_a_canonical_url_and_open_graph_tags(client, news):
    # Given an article with a hero image
    image = Image.objects.create(title="Một cửa", file=get_test_image_file(size=(1280, 720)))
    article = make_article(
        news,
        title="Một cửa không giấy",
        slug="mot-cua",
        standfirst="Người dân nộp hồ sơ từ nhà.",
        hero_image=image,
        tags=["VNeID"],
    )

    # When it is shared from an address with tracking parameters
    head = head_of(client.get(article.url, {"utm_source": "zalo"}))

    # Then the canonical URL is the page's own, absolute, without the query string
    assert head.select_one("link[rel=canonical]")["href"] == "http://testserver/news/mot-cua/"
    # and the Open Graph tags describe the article with its hero image, absolutely
    tags = og(head)
    assert tags["og:title"] == "Một cửa không giấy"
    assert tags["og:description"] == "Người dân nộp hồ sơ từ nhà."
    assert tags["og:type"] == "article"
    assert tags["og:url"] == "http://testserver/news/mot-cua/"
    assert tags["og:image"].startswith("http://testserver/")
    assert ".fill-1200x630" in tags["og:image"]
    assert tags["og:image"].endswith(head.parent.select_one(".lms-article__hero img")["src"])
    assert tags["og:locale"] == "vi_VN"
    assert tags["og:site_name"] == "Digital transformation training"
    assert head.select_one("meta[property='article:tag']")["content"] == "VNeID"


def test_the_search_description_is_preferred_to_the_standfirst(client, news):
    article = make_article(
        news, standfirst="Đoạn mở đầu.", search_description="Mô tả cho công cụ tìm kiếm."
    )

    tags = og(head_of(client.get(article.url)))

    assert tags["og:description"] == "Mô tả cho công cụ tìm kiếm."
    assert "og:image" not in tags  # no hero image, no og:image


def test_the_news_index_is_a_website_described_by_its_intro(client, news):
    head = head_of(client.get(news.url, {"page": 2, "pillar": "digital_economy"}))

    assert head.select_one("link[rel=canonical]")["href"] == "http://testserver/news/"
    tags = og(head)
    assert tags["og:type"] == "website"
    assert tags["og:description"] == "Tin tức về chuyển đổi số."


def test_a_course_is_shared_with_its_summary_and_cover(client, home):
    # Given a course with a cover image
    cover = Image.objects.create(title="Bìa", file=get_test_image_file(size=(1200, 600)))
    course = make_course(
        make_catalogue(), lessons=0, summary="Dịch vụ công trực tuyến.", cover_image=cover
    )

    # When it is opened
    response = client.get(course.url)
    head = head_of(response)

    # Then its summary and the cover the page shows (the same rendition) describe it
    tags = og(head)
    assert tags["og:type"] == "website"
    assert tags["og:description"] == "Dịch vụ công trực tuyến."
    shown = BeautifulSoup(response.content.decode(), "html.parser").select_one("img.lms-cover")
    assert tags["og:image"] == f"http://testserver{shown['src']}"


def test_pages_that_are_not_wagtail_pages_get_a_canonical_url_only(client, home):
    head = head_of(client.get(reverse("lms:login"), {"next": "/dashboard/"}))

    assert head.select_one("link[rel=canonical]")["href"] == "http://testserver/accounts/login/"
    assert og(head) == {}
