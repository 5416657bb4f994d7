"""One way to compare what people type with what pages say: fold both to plain ASCII words.

Vietnamese is often typed without diacritics ("chuyen doi so" for "Chuyển đổi số"). Removing
diacritics by Unicode decomposition is not enough: "đ" and "Đ" have no decomposition, so
"đổi" would become "đoi", never "doi" (SQLite FTS5's `remove_diacritics` has the same gap).
`anyascii` transliterates every character, "đ" included, so the text put in the index and the
query typed are folded by the same function, whatever the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from anyascii import anyascii
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word of folded text: what both FTS5 (unicode61) and PostgreSQL ("simple") see as one token
# once the text is folded and its punctuation turned into spaces.
_WORD = re.compile(r"[a-z0-9]+")
_ELLIPSIS = "…"


def fold(text: str | None) -> str:
    """`text` in Unicode NFC, transliterated to ASCII, lower-cased, with whitespace collapsed.

    "Chuyển ĐỔI  số" → "chuyen doi so".
    """
    if not text:
        return ""
    return " ".join(anyascii(unicodedata.normalize("NFC", str(text))).lower().split())


def fold_words(text: str | None) -> list[str]:
    """The words of `fold(text)`, punctuation dropped.

    "Cách mạng 4.0!" → ["cach", "mang", "4", "0"]."""
    return _WORD.findall(fold(text))


def index_text(text: str | None) -> str:
    """What goes into the search index for `text`: its folded words, separated by spaces.

    Punctuation is dropped so that both databases cut the text into the same words (the
    PostgreSQL parser would keep "4.0" or an e-mail address as one token; FTS5 would not).
    """
    return " ".join(fold_words(text))


def query_terms(query: str | None, *, limit: int) -> tuple[list[str], bool]:
    """The distinct folded words of `query`, in the order typed, at most `limit` of them, and
    whether some were left out."""
    terms: list[str] = []
    for word in fold_words(query):
        if word not in terms:
            terms.append(word)
    return terms[:limit], len(terms) > limit


def _folded_with_owners(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character (without collapsing whitespace), and for each
    folded character the index of the original character it comes from. One character may
    fold to several ("Æ" → "ae", "中" → "zhong") or to none (a lone combining mark)."""
    pieces: list[str] = []
    owners: list[int] = []
    for position, char in enumerate(text):
        piece = _fold_char(char)
        pieces.append(piece)
        if len(piece) == 1:
            owners.append(position)
        else:
            owners.extend([position] * len(piece))
    return "".join(pieces), owners


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    # Cached: a text uses few distinct characters, and a lesson body may have tens of thousands.
    return anyascii(char).lower()


def _match_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({word for term in terms for word in fold_words(term)}, key=len, reverse=True)
    if not words:
        return None
    # Whole words only, as the index matches them: "so" marks "số", not the start of "song".
    alternatives = "|".join(map(re.escape, words))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where the words of `terms` occur in `text`: (start, end) positions in `text` itself,
    and the folded word matched."""
    pattern = _match_pattern(terms)
    if pattern is None:
        return []
    folded, owners = _folded_with_owners(text)
    return [
        (owners[match.start()], owners[match.end() - 1] + 1, match.group())
        for match in pattern.finditer(folded)
    ]


def _best_start(spans: list[tuple[int, int, str]], reach: int) -> int:
    """The start of the match followed, within `reach` characters, by the most distinct words:
    where the excerpt says most about the search (the first such place). One pass."""
    best_start, best_count = spans[0][0] if spans else 0, 0
    counts: Counter[str] = Counter()
    ahead = 0
    for index, (start, _end, word) in enumerate(spans):
        ahead = max(ahead, index)
        while ahead < len(spans) and spans[ahead][1] <= start + reach:
            counts[spans[ahead][2]] += 1
            ahead += 1
        if len(counts) > best_count:
            best_start, best_count = start, len(counts)
        if index < ahead:  # the match leaves the window as the window moves on
            counts[word] -= 1
            if not counts[word]:
                del counts[word]
    return best_start


def _marked(text: str, spans: list[tuple[int, int, str]]) -> SafeString:
    parts: list[str] = []
    position = 0
    for start, end, _word in spans:
        if start < position:  # two matches inside one original character
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # every piece of `text` is escaped above


def highlight(text: str | None, terms: Iterable[str]) -> SafeString:
    """`text` escaped for HTML, every whole word that folds to one of `terms` in `<mark>`.

    Matching is on the folded form, the marks go round the original characters:
    `highlight("Chuyển đổi số", ["doi"])` → `"Chuyển <mark>đổi</mark> số"`.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    return _marked(text, _match_spans(text, terms))


def excerpt(text: str | None, terms: Iterable[str], *, length: int = 240) -> SafeString:
    """About `length` characters of `text` where the words of `terms` are (the first place
    with the most of them; from the start when none matches), cut at spaces, with "…" where
    text was cut, and highlighted."""
    text = unicodedata.normalize("NFC", " ".join(str(text or "").split()))
    terms = list(terms)
    if len(text) <= length:
        return highlight(text, terms)
    spans = _match_spans(text, terms)
    focus = _best_start(spans, reach=length * 3 // 4)
    # Some words of context before the match, most of the room after it.
    start = max(0, min(focus - length // 4, len(text) - length))
    end = start + length
    if start > 0:
        space = text.find(" ", start, focus) if focus > start else -1
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", max(start, focus), end)
        end = space if space > start else end
    inside = [(s - start, e - start, word) for s, e, word in spans if s >= start and e <= end]
    prefix = _ELLIPSIS if start > 0 else ""
    suffix = _ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{prefix}{_marked(text[start:end], inside)}{suffix}")  # escaped by _marked
