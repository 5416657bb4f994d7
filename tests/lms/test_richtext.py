"""Rich text that reached the database without the editor is still shown safely."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from wagtail.rich_text import RichText

from lms.articles.models import ArticlePage
from lms.richtext import SafeRichText, SafeRichTextBlock, sanitise_html
from tests.factories import make_article, make_article_index

pytestmark = pytest.mark.usefixtures("english")

# What an import, the API or a restored revision might hold: none of it may reach a page.
HOSTILE = (
    '<p>Một <a href="javascript:alert(1)">x</a>'
    ' hai <a href=" JaVaScRiPt:alert(2)">y</a>'
    ' ba <a href="java&#x09;script:alert(3)">z</a>'
    ' bốn <a href="data:text/html;base64,PHNjcmlwdD4=">d</a>'
    ' <img src=x onerror="alert(4)">'
    "<script>alert(5)</script>"
    '<span onmouseover="alert(6)" style="position:fixed">năm</span></p>'
)


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.LMS_PAGE_CACHE_SECONDS = 0


def assert_nothing_executable(html: str) -> None:
    lowered = html.lower()
    assert "javascript" not in lowered
    assert "data:text" not in lowered
    assert "<script" not in lowered
    assert "alert(" not in lowered
    assert "onerror" not in lowered
    assert "onmouseover" not in lowered
    assert "style=" not in lowered


def test_the_sanitiser_removes_scripts_handlers_and_unsafe_urls_but_keeps_the_text():
    cleaned = sanitise_html(HOSTILE)

    assert_nothing_executable(cleaned)
    # The links lose their href, the text stays
    text = BeautifulSoup(cleaned, "html.parser").get_text()
    assert text == "Một x hai y ba z bốn d năm"
    assert '<img src="x">' in cleaned


@pytest.mark.parametrize(
    "href",
    [
        "https://dichvucong.gov.vn/",
        "http://example.gov.vn/a?b=1&amp;c=2",
        "mailto:hotro@example.gov.vn",
        "tel:+842273831234",
        "/news/bai-viet/",
        "../tai-lieu/",
        "#muc-2",
    ],
)
def test_the_sanitiser_keeps_ordinary_links(href):
    html = f'<p><a href="{href}">liên kết</a></p>'

    assert sanitise_html(html) == html


def test_the_sanitiser_keeps_the_formatting_the_editor_makes():
    html = (
        "<h3>Tiêu đề</h3><p><b>đậm</b> <i>nghiêng</i></p><ul><li>một</li></ul><ol><li>hai</li></ol>"
        '<img alt="Sơ đồ" class="richtext-image left" height="300" src="/media/a.png" width="400">'
    )

    assert sanitise_html(html) == html


def test_a_safe_rich_text_value_is_sanitised_however_it_is_rendered():
    block = SafeRichTextBlock()
    value = block.to_python(HOSTILE)

    # as the block renders it, as a template prints it, and through |richtext
    rendered = [
        str(block.render(value)),
        Template("{{ value }}").render(Context({"value": value})),
        Template("{% load wagtailcore_tags %}{{ value|richtext }}").render(
            Context({"value": value})
        ),
    ]

    for html in rendered:
        assert_nothing_executable(html)
        assert "năm" in html


def test_the_block_turns_any_rich_text_it_is_given_into_safe_rich_text():
    block = SafeRichTextBlock()

    assert isinstance(block.normalize(RichText(HOSTILE)), SafeRichText)
    assert isinstance(block.normalize(HOSTILE), SafeRichText)
    assert isinstance(block.value_from_form(HOSTILE), SafeRichText)
    assert isinstance(block.get_default(), SafeRichText)


def test_an_article_stored_with_hostile_text_shows_nothing_executable(client, home):
    # Given an article whose body was stored directly (not through the editor), with hostile
    # markup, an ordinary link and an internal link to another page
    news = make_article_index(home)
    other = make_article(news, title="Bài khác", slug="bai-khac")
    article = make_article(
        news,
        body=[
            ("paragraph", HOSTILE),
            (
                "paragraph",
                '<p><a href="https://dichvucong.gov.vn/">Cổng</a> và '
                f'<a linktype="page" id="{other.pk}">bài khác</a></p>',
            ),
        ],
    )
    # (saved as given: nothing but the admin's editor cleans rich text)
    stored = ArticlePage.objects.get(pk=article.pk).body.raw_data[0]["value"]
    assert "javascript:alert(1)" in stored

    # When anyone opens it
    response = client.get(article.url)
    body = BeautifulSoup(response.content.decode(), "html.parser").select_one(".lms-article__body")

    # Then nothing executable reaches the page, while the text and the good links remain
    assert response.status_code == 200
    assert_nothing_executable(str(body))
    assert "Một x hai y ba z bốn d năm" in body.get_text()
    links = {a.get_text(): a.get("href") for a in body.select("a")}
    assert links["Cổng"] == "https://dichvucong.gov.vn/"
    assert links["bài khác"] == "/news/bai-khac/"  # the internal link, expanded
