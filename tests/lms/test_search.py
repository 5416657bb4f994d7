"""Site search at /search/: Vietnamese with or without diacritics ("đ" included), highlighted
hits, lessons' bodies kept for their learners, bounded work and a pinned query budget.

Runs on SQLite (FTS5) and on PostgreSQL (`DATABASE_URL=postgres://…`), the same assertions.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.core.cache import cache
from django.urls import reverse

from courses.models import LessonPage
from lms import services
from lms.articles.models import ArticlePage
from lms.search.folding import excerpt, fold, fold_words, highlight, index_text, query_terms
from lms.search.indexing import is_searchable
from lms.search.query import MAX_TERMS, RESULTS_PER_PAGE, searchable_page_models
from tests.factories import make_article, make_article_index, make_catalogue, make_course

pytestmark = pytest.mark.usefixtures("english")

SEARCH_URL = "/search/"
SECRET = "Bí quyết thanh khoản hợp tác xã"  # words only in a lesson's body


@pytest.fixture
def catalogue(db):
    cache.clear()  # Wagtail caches the site root paths
    return make_catalogue()


@pytest.fixture
def course(catalogue):
    """A live course "Chuyển đổi số cơ bản" of one lesson, whose body holds `SECRET`."""
    course = make_course(
        catalogue,
        lessons=0,
        title="Chuyển đổi số cơ bản",
        slug="chuyen-doi-so",
        summary="Những điều cán bộ cần biết về Đề án 06 và dịch vụ công trực tuyến.",
    )
    course.add_child(
        instance=LessonPage(
            title="Chữ ký số cho cán bộ",
            slug="chu-ky-so",
            body=[("paragraph", f"<p>Mở đầu. {SECRET} &amp; <b>quy trình</b>.</p>")],
        )
    )
    return course


@pytest.fixture
def lesson(course):
    return LessonPage.objects.child_of(course).get()


def search(client, q: str, **params):
    return client.get(SEARCH_URL, {"q": q, **params})


def titles(response) -> list[str]:
    return [result["page"].title for result in response.context["outcome"].results]


# --- folding ---------------------------------------------------------------------------------


def test_decomposition_alone_cannot_fold_đ_which_is_why_anyascii_folds():
    # The trap: "đ" has no Unicode decomposition, so stripping combining marks keeps it.
    decomposed = unicodedata.normalize("NFD", "đổi")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert stripped == "đoi"
    assert fold("đổi") == "doi"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Chuyển đổi số", "chuyen doi so"),
        ("CHUYỂN ĐỔI SỐ", "chuyen doi so"),
        ("Đ đ Đà Nẵng", "d d da nang"),
        (unicodedata.normalize("NFD", "Chuyển  đổi\tsố"), "chuyen doi so"),  # decomposed
        ("", ""),
        (None, ""),
    ],
)
def test_fold_transliterates_lowercases_and_collapses_whitespace(text, folded):
    assert fold(text) == folded


def test_index_text_and_query_terms_are_the_same_words():
    assert fold_words("Cách mạng 4.0: e-Gov!") == ["cach", "mang", "4", "0", "e", "gov"]
    assert index_text("Chuyển đổi số, “Đề án 06”") == "chuyen doi so de an 06"
    assert query_terms("số SỐ so đổi", limit=10) == (["so", "doi"], False)
    assert query_terms("a b c d", limit=3) == (["a", "b", "c"], True)


# --- highlighting ----------------------------------------------------------------------------


@pytest.mark.parametrize("terms", [["chuyen", "doi"], ["chuyển", "ĐỔI"], ["CHUYEN ĐOI"]])
def test_highlight_marks_the_original_characters_whatever_the_terms_diacritics(terms):
    assert highlight("Chuyển đổi số", terms) == "<mark>Chuyển</mark> <mark>đổi</mark> số"


def test_highlight_marks_words_that_fold_to_several_letters_whole():
    assert highlight("Æsir và Œuvre", ["aesir", "oeuvre"]) == (
        "<mark>Æsir</mark> và <mark>Œuvre</mark>"
    )


def test_highlight_marks_whole_words_only_as_the_index_matches():
    # "so" is the word "số", not the start of "song" (sông) nor the end of "Đo so" prefixes.
    assert highlight("Sông số sổ", ["so"]) == "Sông <mark>số</mark> <mark>sổ</mark>"


def test_highlight_escapes_the_text_and_never_marks_inside_markup():
    html = highlight('<b class="đổi">Đổi</b> & <script>', ["doi", "b"])
    assert html == (
        "&lt;<mark>b</mark> class=&quot;<mark>đổi</mark>&quot;&gt;<mark>Đổi</mark>&lt;/"
        "<mark>b</mark>&gt; &amp; &lt;script&gt;"
    )
    assert "<script>" not in html and "<b" not in html


def test_excerpt_quotes_around_the_first_match_and_shows_the_cuts():
    text = " ".join(["Mở đầu dài."] * 40) + " Chữ ký số an toàn. " + " ".join(["Kết."] * 60)
    quoted = excerpt(text, ["chu", "ky"], length=120)
    assert "<mark>Chữ</mark> <mark>ký</mark> số an toàn." in quoted
    assert quoted.startswith("…") and quoted.endswith("…")
    assert len(quoted) < 120 + 60  # the window, the ellipses and the marks
    assert excerpt("Ngắn & gọn", ["gon"]) == "Ngắn &amp; <mark>gọn</mark>"


def test_excerpt_prefers_the_place_with_the_most_words_searched_for():
    text = "Đối soát sổ sách. " + "Nội dung khác. " * 30 + "Chuyển đổi số là trọng tâm. " * 2
    quoted = excerpt(text, ["chuyen", "doi", "so"], length=80)
    assert quoted.startswith("…") and "<mark>Chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in (
        quoted
    )
    assert "Đối soát" not in quoted


# --- which pages are searched ----------------------------------------------------------------


def test_searchable_pages_are_found_by_what_they_declare_not_by_app():
    models = searchable_page_models()
    kinds = {model.get_search_kind() for model in models}
    assert {"course", "lesson"} <= kinds
    assert all(is_searchable(model) for model in models)


def test_lessons_index_their_public_and_private_text_folded(lesson):
    lesson.search_description = "Ký số văn bản"
    assert lesson.search_folded() == "chu ky so cho can bo ky so van ban"
    assert lesson.search_folded_private() == index_text(f"Mở đầu. {SECRET} & quy trình.")


# --- the search page: Vietnamese with or without diacritics ---------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "chuyen doi so",
        "CHUYEN ĐOI SO",
        "chuyển đổi số",
        unicodedata.normalize("NFD", "Chuyển Đổi Số"),
        "  Chuyển   đổi số  ",
    ],
)
def test_a_course_is_found_with_or_without_diacritics(client, course, q):
    response = search(client, q)
    assert response.status_code == 200
    assert titles(response) == ["Chuyển đổi số cơ bản"]
    html = response.content.decode()
    assert "<mark>Chuyển</mark> <mark>đổi</mark> <mark>số</mark> cơ bản" in html


def test_đ_typed_finds_d_written_and_the_reverse(client, catalogue):
    make_course(catalogue, lessons=0, title="Doi moi sang tao", slug="doi-moi")  # no diacritics
    make_course(catalogue, lessons=0, title="Đổi mới quản trị", slug="doi-moi-quan-tri")

    assert sorted(titles(search(client, "đổi mới"))) == ["Doi moi sang tao", "Đổi mới quản trị"]
    assert sorted(titles(search(client, "doi moi"))) == ["Doi moi sang tao", "Đổi mới quản trị"]
    assert titles(search(client, "đổi mới quản trị")) == ["Đổi mới quản trị"]


def test_a_match_in_the_title_ranks_above_a_match_in_the_text(client, catalogue):
    # Given a short text with the words (SQLite's bm25 alone ranks it first), and a title
    make_course(catalogue, lessons=0, title="Kinh tế", slug="kinh-te", summary="Chuyển đổi số.")
    make_course(
        catalogue,
        lessons=0,
        title="Chuyển đổi số",
        slug="cds",
        summary="Hợp tác xã học bán hàng trên sàn thương mại điện tử, lập sổ sách, thanh toán "
        "không dùng tiền mặt và chăm sóc khách hàng, từng bước, với nhiều ví dụ và bài tập.",
    )
    for q in ("chuyen doi so", "chuyển đổi số"):
        assert titles(search(client, q)) == ["Chuyển đổi số", "Kinh tế"]


def test_every_word_must_match(client, course):
    assert titles(search(client, "chuyen doi so")) == ["Chuyển đổi số cơ bản"]
    assert titles(search(client, "chuyen doi so blockchain")) == []


def test_the_summary_is_searched_and_quoted_with_marks(client, course):
    response = search(client, "de an 06")
    assert titles(response) == ["Chuyển đổi số cơ bản"]
    assert "về <mark>Đề</mark> <mark>án</mark> <mark>06</mark> và" in response.content.decode()


def test_short_words_english_would_drop_are_searched(client, course, settings):
    # "so" (số, sổ, sở) is an English stop word: with PostgreSQL's default text search config
    # neither the index nor the query would keep it, and this search would find nothing.
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "simple"
    assert titles(search(client, "so", kind="course")) == ["Chuyển đổi số cơ bản"]


def test_unpublished_courses_are_not_found(client, course):
    course.unpublish()
    assert titles(search(client, "chuyen doi so")) == []


# --- lessons: titles for everyone, bodies for the course's learners --------------------------


def test_a_visitor_finds_a_lesson_by_its_title_with_its_course_not_its_body(client, lesson):
    response = search(client, "chu ky so")
    assert titles(response) == ["Chữ ký số cho cán bộ"]
    result = response.context["outcome"].results[0]
    assert result["kind"] == "lesson"
    assert result["context"] == "Chuyển đổi <mark>số</mark> cơ bản"  # matched there too
    assert result["url"] == lesson.url
    html = response.content.decode()
    assert "<mark>Chữ</mark> <mark>ký</mark> <mark>số</mark> cho cán bộ" in html
    assert "Course: Chuyển đổi <mark>số</mark> cơ bản" in html
    assert "thanh khoản" not in html and "Mở đầu" not in html and "quy trình" not in html


@pytest.mark.parametrize("who", ["anonymous", "logged in, not enrolled", "withdrawn"])
def test_words_only_in_a_lesson_body_find_nothing_for_people_not_enrolled(
    client, course, lesson, learner, who
):
    if who != "anonymous":
        client.force_login(learner)
    if who == "withdrawn":
        enrollment = services.enroll(user=learner, course=course)
        services.withdraw(enrollment=enrollment, user=learner)

    response = search(client, "thanh khoan")
    assert titles(response) == []
    assert response.context["outcome"].hidden == 1
    html = response.content.decode()
    assert "thanh khoản" not in html and "Chữ ký số" not in html
    # A title word with a body word: not every word is in what they may read.
    assert titles(search(client, "chu ky thanh khoan")) == []


def test_an_enrolled_learner_finds_a_lesson_by_its_body_with_an_excerpt(
    client, course, lesson, learner
):
    services.enroll(user=learner, course=course)
    client.force_login(learner)

    response = search(client, "thanh khoan")
    assert titles(response) == ["Chữ ký số cho cán bộ"]
    html = response.content.decode()
    assert "Bí quyết <mark>thanh</mark> <mark>khoản</mark> hợp tác xã" in html
    # The body's markup is text in the excerpt: escaped, never rendered.
    assert "&amp; quy trình." in html and "<b>" not in html


def test_enrolment_in_another_course_does_not_open_this_lesson_body(
    client, catalogue, lesson, learner
):
    services.enroll(user=learner, course=make_course(catalogue, lessons=1, title="Khác"))
    client.force_login(learner)
    assert titles(search(client, "thanh khoan")) == []


# --- articles ------------------------------------------------------------------------------


@pytest.mark.skipif(
    not is_searchable(ArticlePage), reason="ArticlePage does not take part in site search yet"
)
def test_articles_are_found_by_their_title_standfirst_and_body(client, catalogue, course):
    make_article(
        make_article_index(),
        title="Đổi mới dịch vụ công",
        standfirst="Người dân nộp hồ sơ trực tuyến.",
        body=[("paragraph", "<p>Đăng ký khai sinh qua Cổng Dịch vụ công quốc gia.</p>")],
    )

    assert titles(search(client, "doi moi dich vu")) == ["Đổi mới dịch vụ công"]
    assert titles(search(client, "nop ho so")) == ["Đổi mới dịch vụ công"]
    response = search(client, "dang ky khai sinh", kind="article")
    assert titles(response) == ["Đổi mới dịch vụ công"]
    result = response.context["outcome"].results[0]
    assert (result["kind"], result["context"]) == ("article", "")  # the news index: no context
    assert "<mark>Đăng</mark> <mark>ký</mark> <mark>khai</mark> <mark>sinh</mark>" in (
        response.content.decode()
    )
    assert titles(search(client, "dich vu", kind="course")) == ["Chuyển đổi số cơ bản"]


# --- the query: empty, too long, too many words, kind ----------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_an_empty_search_shows_a_prompt_and_runs_no_search(client, course, params):
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    assert response.context["outcome"] is None
    assert "Type the words you are looking for" in response.content.decode()


def test_a_10000_character_search_gets_a_clear_message_and_no_search(
    client, course, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):  # no search, no session: nothing reaches the database
        response = search(client, "chuyen doi so " * 715)  # 10,010 characters
    assert response.status_code == 200
    assert response.context["outcome"] is None
    html = response.content.decode()
    assert "Your search is too long: use at most 200 characters." in html
    assert 'aria-invalid="true"' in html


def test_the_longest_search_accepted_is_the_setting(client, course, settings):
    settings.LMS_SEARCH_MAX_QUERY_LENGTH = 13
    assert titles(search(client, "chuyen doi so")) == ["Chuyển đổi số cơ bản"]
    assert "use at most 13 characters" in search(client, "chuyen doi so!").content.decode()


def test_only_the_first_words_are_searched_for(client, course):
    words = "chuyen doi so " + " ".join(f"w{i}" for i in range(20))
    response = search(client, words)
    assert response.context["terms"] == ["chuyen", "doi", "so"] + [f"w{i}" for i in range(7)]
    assert len(response.context["terms"]) == MAX_TERMS
    assert "Only the first 10 words were searched for." in response.content.decode()


def test_a_search_of_punctuation_only_finds_nothing_without_an_error(client, course):
    response = search(client, '"*" OR -( NEAR')
    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("", ["Chuyển đổi số cơ bản", "Chữ ký số cho cán bộ", "Số hóa hồ sơ"]),
        ("course", ["Chuyển đổi số cơ bản"]),
        ("lesson", ["Chữ ký số cho cán bộ", "Số hóa hồ sơ"]),
        ("unknown", ["Chuyển đổi số cơ bản", "Chữ ký số cho cán bộ", "Số hóa hồ sơ"]),  # ignored
    ],
)
def test_the_kind_filter(client, course, kind, expected):
    course.add_child(instance=LessonPage(title="Số hóa hồ sơ", slug="so-hoa"))
    response = search(client, "so", kind=kind)
    assert sorted(titles(response)) == sorted(expected)


# --- the header's search box -----------------------------------------------------------------


def test_every_page_has_a_labelled_search_box_that_keeps_the_words(client, course):
    html = client.get(reverse("lms:privacy")).content.decode()
    assert f'action="{SEARCH_URL}"' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert 'aria-label="Search the site"' in html

    html = search(client, 'chuyen "doi" <so>').content.decode()
    assert 'value="chuyen &quot;doi&quot; &lt;so&gt;"' in html


# --- pages of results ------------------------------------------------------------------------


def make_matching_courses(catalogue, count: int) -> None:
    for i in range(count):
        make_course(catalogue, lessons=0, title=f"Chuyển đổi số {i}", slug=f"cds-{i}")


def test_hits_a_visitor_may_not_see_are_left_out_before_paginating(client, catalogue):
    # Given 12 lessons whose bodies say "thanh khoản", and 3 courses whose titles do
    course = make_course(catalogue, lessons=0, title="Khóa học bài", slug="bai")
    for i in range(12):
        course.add_child(
            instance=LessonPage(
                title=f"Bài {i}", slug=f"bai-{i}", body=[("paragraph", f"<p>{SECRET}</p>")]
            )
        )
    for i in range(3):
        make_course(catalogue, lessons=0, title=f"Thanh khoản {i}", slug=f"tk-{i}")

    # When a visitor searches for it, then the count and the page are what they may see
    response = search(client, "thanh khoan")
    outcome = response.context["outcome"]
    assert sorted(titles(response)) == ["Thanh khoản 0", "Thanh khoản 1", "Thanh khoản 2"]
    assert (outcome.page.paginator.count, outcome.hidden) == (3, 12)
    assert "3 results for “thanh khoan”" in response.content.decode()


def test_results_are_paginated(client, catalogue):
    make_matching_courses(catalogue, RESULTS_PER_PAGE + 2)
    first = search(client, "chuyen doi so")
    assert len(titles(first)) == RESULTS_PER_PAGE
    assert "12 results for “chuyen doi so”" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    second = search(client, "chuyen doi so", page=2)
    assert len(titles(second)) == 2
    assert not set(titles(first)) & set(titles(second))


def test_at_most_max_results_hits_are_fetched(client, catalogue, monkeypatch):
    monkeypatch.setattr("lms.search.query.MAX_RESULTS", 4)
    make_matching_courses(catalogue, 6)
    response = search(client, "chuyen doi so")
    assert response.context["outcome"].truncated
    assert len(titles(response)) == 4
    assert "The best 4 results are shown: add words to narrow the search." in (
        response.content.decode()
    )


# --- query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("matches", [3, RESULTS_PER_PAGE, 3 * RESULTS_PER_PAGE])
def test_queries_are_fixed_whatever_the_number_of_hits(
    client, catalogue, learner, matches, django_assert_num_queries
):
    make_matching_courses(catalogue, matches)
    client.force_login(learner)
    search(client, "chuyen doi so")  # warm-up: site root paths, content types
    expected = (
        1  # the session's user with their learner profile (the session itself is cached)
        + 1  # the learner's current enrolments (course ids)
        + 1  # the view restrictions, for `public()`
        + 1  # the hits, best first (at most MAX_RESULTS): base rows…
        + 1  # …then their specific rows: one query per page type among them (courses here)
        + 1  # the hits' parents, in one query (a lesson's course, shown with it)
        + 1  # the Site of the request, for the hits' URLs (Wagtail keeps it on the request)
    )
    assert expected == 7
    with django_assert_num_queries(expected):
        response = search(client, "chuyen doi so")
    assert len(titles(response)) == min(matches, RESULTS_PER_PAGE)


def test_an_anonymous_search_with_no_hit_costs_two_queries(
    client, course, django_assert_num_queries
):
    search(client, "khong co")
    with django_assert_num_queries(2):  # the view restrictions, the hits (none)
        response = search(client, "khong co")
    assert titles(response) == []
