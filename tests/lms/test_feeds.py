"""RSS 2.0 and Atom feeds of the news: all articles and each pillar's, newest 20."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from lms.articles.models import Author
from tests.factories import make_article, make_article_index

pytestmark = pytest.mark.usefixtures("english")

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def news(home):
    return make_article_index(home)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def rss_items(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def atom_entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


@pytest.fixture
def article(news):
    """A live article with two authors and two tags, first published two days ago."""
    return make_article(
        news,
        title="Một cửa không giấy",
        slug="mot-cua-khong-giay",
        standfirst="Người dân nộp hồ sơ từ nhà.",
        pillar="digital_government",
        authors=[
            Author.objects.create(name="Nguyễn Minh Châu"),
            Author.objects.create(name="Trần Thị Ngọc Ánh"),
        ],
        tags=["một cửa", "VNeID"],
        first_published_at=datetime.datetime(2026, 5, 4, 8, 30, tzinfo=datetime.UTC),
    )


def test_the_rss_feed_describes_each_article(client, news, article):
    # When a feed reader fetches the RSS feed
    response = client.get(f"{news.url}feed/rss/")

    # Then the article is there with its title, absolute link, standfirst, date, authors and
    # categories (the pillar, then the tags)
    [item] = rss_items(response)
    assert item.findtext("title") == "Một cửa không giấy"
    assert item.findtext("link") == "http://testserver/news/mot-cua-khong-giay/"
    assert item.findtext("description") == "Người dân nộp hồ sơ từ nhà."
    assert item.findtext("pubDate") == "Mon, 04 May 2026 08:30:00 +0000"
    assert item.findtext(f"{DC}creator") == "Nguyễn Minh Châu, Trần Thị Ngọc Ánh"
    assert [c.text for c in item.findall("category")] == ["Digital government", "một cửa", "VNeID"]
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Tin tức"
    assert channel.findtext("link") == "http://testserver/news/"


def test_the_atom_feed_describes_each_article(client, news, article):
    response = client.get(f"{news.url}feed/atom/")

    [entry] = atom_entries(response)
    assert entry.findtext(f"{ATOM}title") == "Một cửa không giấy"
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/news/mot-cua-khong-giay/"
    assert entry.findtext(f"{ATOM}summary") == "Người dân nộp hồ sơ từ nhà."
    assert entry.findtext(f"{ATOM}published").startswith("2026-05-04T08:30:00")
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [
        "Nguyễn Minh Châu, Trần Thị Ngọc Ánh"
    ]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == [
        "Digital government",
        "một cửa",
        "VNeID",
    ]


def test_a_feed_holds_the_newest_twenty_live_articles(client, news):
    # Given 22 live articles on different days and a draft
    for day in range(22):
        make_article(news, title=f"Bài {day}", first_published_at=days_ago(day))
    make_article(news, title="Bản nháp", live=False)

    # When the feeds are fetched
    rss = [item.findtext("title") for item in rss_items(client.get(f"{news.url}feed/rss/"))]
    atom = [
        entry.findtext(f"{ATOM}title")
        for entry in atom_entries(client.get(f"{news.url}feed/atom/"))
    ]

    # Then each holds the twenty newest, newest first, and never the draft
    assert rss == [f"Bài {day}" for day in range(20)]
    assert atom == rss


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_pillar_feed_holds_only_that_pillars_articles(client, news, kind):
    make_article(news, title="Kinh tế số", pillar="digital_economy")
    make_article(news, title="Xã hội số", pillar="digital_society")

    response = client.get(f"{news.url}feed/digital_economy/{kind}/")

    items = rss_items(response) if kind == "rss" else atom_entries(response)
    title = "title" if kind == "rss" else f"{ATOM}title"
    assert [item.findtext(title) for item in items] == ["Kinh tế số"]
    assert "Tin tức: Digital economy" in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_an_unknown_pillars_feed_is_not_found(client, news, kind):
    assert client.get(f"{news.url}feed/digital_moon/{kind}/").status_code == 404


def test_the_index_links_its_feeds_in_the_head_and_visibly(client, news, article):
    # When the news is opened, filtered by a pillar
    response = client.get(news.url, {"pillar": "digital_government"})
    page = BeautifulSoup(response.content.decode(), "html.parser")

    # Then the head announces the feeds of all articles and of the pillar
    alternates = {link["href"]: link["type"] for link in page.head.select("link[rel=alternate]")}
    assert alternates == {
        "/news/feed/rss/": "application/rss+xml",
        "/news/feed/atom/": "application/atom+xml",
        "/news/feed/digital_government/rss/": "application/rss+xml",
        "/news/feed/digital_government/atom/": "application/atom+xml",
    }
    # and the page links them where people see them
    visible = [a["href"] for a in page.select(".lms-news__feeds a")]
    assert visible == list(alternates)
    # and every one of them answers
    for url in alternates:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_a_feed_costs_the_same_queries_for_few_or_many_articles(
    client, news, count, django_assert_num_queries
):
    author = Author.objects.create(name="Nguyễn Minh Châu")
    for n in range(count):
        make_article(news, authors=[author], tags=[f"thẻ {n}"])
    client.get(f"{news.url}feed/rss/")  # warm-up: site root paths, content types

    with django_assert_num_queries(
        3  # the site, the home page (specific), the news index (base row, deferred)
        + 2  # the view-restriction check of the before_serve_page hook
        + 1  # the index's intro (the feed's description), deferred by the home page's routing
        + 1  # `public()`: the PageViewRestrictions, to leave private sections out
        + 1  # the newest articles
        + 1  # their authors (one prefetch)
        + 1  # their tags (one prefetch)
    ):  # 10
        response = client.get(f"{news.url}feed/rss/")

    assert len(rss_items(response)) == count
