"""Fuzzing site search: folding, the query's words, highlighting, and the /search/ page.

Whatever people type (control characters, NUL, Vietnamese precomposed or decomposed, quotes and
the operators of FTS5 and tsquery, pasted pages, bytes that are not UTF-8), the words searched
for are a bounded list of plain ASCII words, folding is stable, and the page answers 200 with
either results or a message — on SQLite (FTS5) and on PostgreSQL (full text), which refuses NUL
in a string.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from hypothesis import example, given
from hypothesis import strategies as st

from courses.models import LessonPage
from lms.search.folding import excerpt, fold, fold_words, highlight, index_text, query_terms
from lms.search.forms import SearchForm
from lms.search.query import MAX_TERMS
from tests.factories import make_catalogue, make_course
from tests.fuzz.conftest import DB, PURE

SEARCH_URL = "/search/"
WORD = re.compile(r"[a-z0-9]+")

# --- what people type --------------------------------------------------------------------------

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
VIETNAMESE += VIETNAMESE.upper()
COMBINING = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # tones, then vowel marks
OPERATORS = "\"'“”‘’*-+()^:~!&|<>@#%$?.,;/\\[]{}= \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028"
KEYWORDS = ("AND", "OR", "NOT", "NEAR", "NEAR(", "&", "|", "!", "<->", ":*", "''", '"')

vietnamese = st.text(alphabet=VIETNAMESE + COMBINING + OPERATORS + "0123456789\x00", max_size=80)
queries = st.one_of(
    st.text(),  # any code point but surrogates: control characters, NUL, every script
    vietnamese,
    vietnamese.map(lambda text: unicodedata.normalize("NFD", text)),
    st.lists(st.one_of(st.sampled_from(KEYWORDS), vietnamese), max_size=12).map(" ".join),
    # Pasted pages: long, few distinct characters.
    st.tuples(st.text(min_size=1, max_size=20), st.integers(50, 400)).map(lambda t: t[0] * t[1]),
)


def plain(marked: str) -> str:
    """What a reader sees of highlighted HTML: no marks, entities decoded."""
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


# --- folding -------------------------------------------------------------------------------------


@PURE
@given(queries)
@example("Chuyển ĐỔI  số")
@example("\u1e9e\u0130\u212a")  # ẞ, İ and the Kelvin sign change length when lower-cased
@example("ﷺ ⅓ Æ 中")  # one character folds to many
def test_folding_is_stable_ascii_and_ignores_how_accents_were_typed(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii() and folded == folded.lower()
    assert folded == " ".join(folded.split())  # no leading, trailing or double spaces
    assert fold(unicodedata.normalize("NFD", text)) == folded
    words = fold_words(text)
    assert all(WORD.fullmatch(word) for word in words)
    assert index_text(index_text(text)) == index_text(text)
    assert fold_words(index_text(text)) == words


# --- the words searched for ----------------------------------------------------------------------


@PURE
@given(queries, st.integers(min_value=1, max_value=15))
@example("chuyen doi so " + " ".join(f"w{i}" for i in range(20)), MAX_TERMS)
@example('"*" OR -( NEAR', MAX_TERMS)
@example("a\x00b", MAX_TERMS)
def test_query_terms_are_few_distinct_plain_words_in_a_normal_form(query, limit):
    terms, left_out = query_terms(query, limit=limit)
    # Bounded: at most `limit` words, no longer together than the folded query.
    assert len(terms) <= limit
    assert sum(map(len, terms)) <= len(fold(query))
    # Plain ASCII words only: nothing the database could read as an operator, no NUL.
    assert all(WORD.fullmatch(term) for term in terms)
    assert len(set(terms)) == len(terms)
    assert left_out == (len(set(fold_words(query))) > limit)
    assert terms == list(dict.fromkeys(fold_words(query)))[:limit]
    # Idempotent: the words, typed again, are the same words.
    assert query_terms(" ".join(terms), limit=limit) == (terms, False)
    assert query_terms(index_text(query), limit=limit) == (terms, left_out)


@PURE
@given(queries)
@example("x" * 201)
@example("\x00")
@example("  chuyển   đổi  ")
def test_the_search_form_accepts_or_refuses_with_its_own_message(query):
    form = SearchForm({"q": query})
    if form.is_valid():
        value = form.cleaned_data["q"]
        assert len(value) <= 200
        assert value == unicodedata.normalize("NFC", " ".join(value.split()))
        assert "\x00" not in value
    else:
        assert set(form.errors) == {"q"}
        assert len(form.errors["q"]) == 1
        # The form refuses only what is too long (its own message) or holds NUL (Django's).
        too_long = len(" ".join(query.split())) > 200
        assert too_long or "\x00" in query


# --- highlighting and excerpts -------------------------------------------------------------------


terms_strategy = st.lists(st.one_of(vietnamese, st.text(max_size=10)), max_size=5)


@PURE
@given(queries, terms_strategy)
@example("Chuyển đổi số", ["doi"])
@example("⅓ và ½", ["1", "3", "2"])  # two matches inside one character
@example("<b>&amp;</b>", ["b", "amp"])
def test_highlight_escapes_everything_and_only_adds_marks(text, terms):
    marked = highlight(text, terms)
    assert plain(marked) == unicodedata.normalize("NFC", text)
    assert "<" not in marked.replace("<mark>", "").replace("</mark>", "")
    assert marked.count("<mark>") == marked.count("</mark>")


@PURE
@given(queries, terms_strategy, st.integers(min_value=1, max_value=300))
@example("a " * 300 + "chuyển đổi số " + "b " * 300, ["doi", "so"], 40)
@example("x" * 500, ["x"], 10)
def test_excerpts_are_bounded_quotes_of_the_text(text, terms, length):
    normal = unicodedata.normalize("NFC", " ".join(text.split()))
    quoted = plain(excerpt(text, terms, length=length))
    assert len(quoted) <= length + 2  # the text, and "…" at either end
    assert quoted.strip("…") in normal


# --- the page ------------------------------------------------------------------------------------


@pytest.fixture
def searchable(db, settings):
    """In English, a course and a lesson to find, so that some fuzzed queries have hits."""
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    course = make_course(
        make_catalogue(), lessons=0, title="Chuyển đổi số cơ bản", slug="chuyen-doi-so"
    )
    course.add_child(
        instance=LessonPage(
            title="Chữ ký số cho cán bộ",
            slug="chu-ky-so",
            body=[("paragraph", "<p>Đề án 06 &amp; dịch vụ công.</p>")],
        )
    )
    return course


params = st.fixed_dictionaries(
    {"q": queries},
    optional={
        "kind": st.one_of(st.sampled_from(["course", "lesson", "article", ""]), st.text()),
        "page": st.one_of(st.integers(-5, 10**30).map(str), st.text(max_size=10)),
    },
)


def assert_answers_with_results_or_a_message(response):
    assert response.status_code == 200
    context = response.context
    assert len(context["terms"]) <= MAX_TERMS
    if context["form"].errors.get("q"):  # too long: the form's message, no search
        assert context["outcome"] is None
        assert 'aria-invalid="true"' in response.content.decode()
    elif context["query"]:  # a search ran, with or without words
        assert context["outcome"] is not None


@DB
@given(params)
@example({"q": "chuyen doi so"})
@example({"q": "chuyển\x00đổi"})  # PostgreSQL refuses NUL in a string
@example({"q": "\x00", "kind": "\x00", "page": "\x00"})
@example({"q": "so", "kind": "lesson", "page": str(10**30)})
@example({"q": "x" * 10_000})
def test_the_search_page_answers_any_query_with_results_or_a_message(client, searchable, params):
    response = client.get(f"{SEARCH_URL}?{urlencode(params)}")
    assert_answers_with_results_or_a_message(response)


@DB
@given(st.binary(max_size=200))
@example(b"chuy\xe1\xbb\x83n \x00 \xff\xfe")  # NUL and bytes that are not UTF-8
@example(b"\xc0\x80")  # an overlong NUL
def test_the_search_page_answers_raw_bytes_in_the_query_string(client, searchable, raw):
    response = client.get(f"{SEARCH_URL}?q={quote_from_bytes(raw)}&kind={quote_from_bytes(raw)}")
    assert_answers_with_results_or_a_message(response)


def test_nul_in_the_query_separates_words_and_the_search_runs(client, searchable):
    # Found by fuzzing: Django's form refused NUL with "Null characters are not allowed.",
    # a message its Vietnamese catalogue does not translate. A NUL is never meant: the view
    # reads it as a space (PostgreSQL would refuse it in a string anyway).
    response = client.get(SEARCH_URL, {"q": "chuyển\x00đổi\x00số"})
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["terms"] == ["chuyen", "doi", "so"]
    assert [hit["page"].title for hit in response.context["outcome"].results] == [
        "Chuyển đổi số cơ bản"
    ]
    assert 'id="id_q" value="chuyển đổi số"' in response.content.decode()


@pytest.mark.parametrize("q", [":", "“”", "-", "!!!", "\x00:"])
def test_words_of_punctuation_only_find_nothing_without_an_error(client, searchable, q):
    # Found by fuzzing: q=":" folds to no word, the view ran no search yet said it had, and
    # the template's "{{ counter }} results" got no number: a 500 (TemplateSyntaxError).
    response = client.get(SEARCH_URL, {"q": q})
    assert response.status_code == 200
    assert response.context["terms"] == []
    assert response.context["outcome"].page.paginator.count == 0
    assert "0 results for" in response.content.decode()
