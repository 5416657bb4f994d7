"""Text helpers shared by every app: one way to clean what people type."""

import unicodedata


def nfc(value: str | None) -> str:
    """Return `value` stripped, with inner runs of whitespace collapsed, in Unicode NFC.

    Vietnamese can be typed precomposed ("ế") or decomposed ("e" + two combining marks); both
    must be stored the same way so that search, sorting and certificates agree.
    """
    if not value:
        return ""
    return unicodedata.normalize("NFC", " ".join(str(value).split()))
