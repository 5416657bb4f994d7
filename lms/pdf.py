"""PDF rendering shared by the apps (certificates, sign-in sheets): xhtml2pdf with the bundled
Vietnamese font, under closed resource rules.

What the renderer may read is closed twice. `link_callback()` maps the only URLs a document
needs (the Be Vietnam Pro font files, the site's static files, its media files) to files and
returns nothing for anything else; and the xhtml2pdf resource policy of every render allows no
network at all and local reads only inside those same directories, so a URL the callback
leaves alone (``file:///etc/passwd``, ``http://169.254.169.254/``) is refused by the fetcher
and the PDF renders without it.
"""

from __future__ import annotations

import functools
import io
import logging
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import fontpkg_be_vietnam_pro
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils.translation import gettext as _
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from .exceptions import PdfRenderError

logger = logging.getLogger(__name__)

FONT_FAMILY = "BeVietnamPro"
FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
FONT_FILES = {
    ("normal", "normal"): FONT_DIR / "BeVietnamPro-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "BeVietnamPro-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "BeVietnamPro-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "BeVietnamPro-BoldItalic.ttf",
}


# --- what the renderer may read ----------------------------------------------------------


def _resolved(path: str | Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, ValueError):
        return None


@functools.cache
def _static_roots() -> tuple[Path, ...]:
    roots = []
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return tuple(root.resolve() for root in roots)


def allowed_roots() -> tuple[Path, ...]:
    """Directories a render may read from: the font files, static files, media files."""
    roots = [FONT_DIR.resolve(), *_static_roots()]
    if settings.MEDIA_ROOT:
        roots.append(Path(settings.MEDIA_ROOT).resolve())
    return tuple(roots)


def _inside(path: Path | None, roots: tuple[Path, ...]) -> bool:
    return path is not None and path.is_file() and any(path.is_relative_to(r) for r in roots)


def resolve_resource(uri: str) -> str | None:
    """The local file a document's `uri` stands for, or None when it may not be read.

    Allowed: the bundled font files (by absolute path or ``file://`` URL), ``STATIC_URL``
    paths (static finders, then ``STATIC_ROOT``) and ``MEDIA_URL`` paths (``MEDIA_ROOT``).
    Anything else, including every http(s) URL and every other local file, gives None.
    """
    uri = str(uri or "").strip()
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return None
    path = urllib.parse.unquote(parts.path)
    if parts.scheme == "file" or Path(path).is_absolute():
        candidate = _resolved(urllib.request.url2pathname(parts.path) if parts.scheme else path)
        if _inside(candidate, (FONT_DIR.resolve(),)):
            return str(candidate)
    static_url = urllib.parse.urlsplit(settings.STATIC_URL or "/static/").path
    media_url = urllib.parse.urlsplit(settings.MEDIA_URL or "/media/").path
    if parts.scheme == "" and path.startswith(static_url):
        relative = path[len(static_url) :]
        try:
            found = finders.find(relative)
        except SuspiciousFileOperation:  # "../" out of a static directory
            found = None
        candidate = _resolved(found) if found else None
        if candidate is None and settings.STATIC_ROOT:
            candidate = _resolved(Path(settings.STATIC_ROOT) / relative)
        if _inside(candidate, _static_roots()):
            return str(candidate)
    if parts.scheme == "" and settings.MEDIA_ROOT and path.startswith(media_url):
        media_root = Path(settings.MEDIA_ROOT).resolve()
        candidate = _resolved(media_root / path[len(media_url) :])
        if _inside(candidate, (media_root,)):
            return str(candidate)
    return None


def link_callback(uri: str, rel: str | None = None) -> str | None:
    """xhtml2pdf's link callback: `resolve_resource()`, logging what it refuses."""
    found = resolve_resource(uri)
    if found is None and not str(uri).startswith("data:"):
        logger.warning("PDF resource refused: %.120s", uri)
    return found


def resource_policy() -> ResourceAccessPolicy:
    """No network; local reads only inside `allowed_roots()` (never the working directory)."""
    return ResourceAccessPolicy.server(
        base_dir=None, extra_roots=allowed_roots(), allow_remote=False
    )


# --- rendering ----------------------------------------------------------------------------


@functools.cache
def register_fonts() -> str:
    """Register the four Be Vietnam Pro faces with ReportLab once per process, and tell
    xhtml2pdf that the CSS family names them; returns the family's name.

    Declared with @font-face instead, every render would read and parse the TTF files again
    (about a fifth of the time of a certificate). ReportLab keeps the subset of each document
    apart, so sharing the registered faces between renders is safe.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from xhtml2pdf import default as xhtml2pdf_defaults

    family = FONT_FAMILY.lower()
    for (weight, style), path in FONT_FILES.items():
        bold, italic = int(weight == "bold"), int(style == "italic")
        face = f"{FONT_FAMILY}-{bold}{italic}"
        pdfmetrics.registerFont(TTFont(face, str(path)))
        addMapping(family, bold, italic, face)
    xhtml2pdf_defaults.DEFAULT_FONT[family] = family
    return FONT_FAMILY


def html_to_pdf(
    html: str, *, callback: Callable[[str, str | None], str | None] = link_callback
) -> bytes:
    """Convert `html` to PDF bytes under the resource rules above; `PdfRenderError` on
    failure."""
    out = io.BytesIO()
    result = pisa.CreatePDF(
        html,
        dest=out,
        encoding="utf-8",
        link_callback=callback,
        resource_policy=resource_policy(),
    )
    if result.err:
        raise PdfRenderError(_("The PDF could not be rendered."))
    return out.getvalue()


def qr_code_data_uri(url: str) -> str:
    """A PNG of the QR code of `url`, as a data URI (nothing to fetch).

    The mask pattern is fixed: any of the eight is a valid code, and trying them all to pick
    the "best" took three quarters of the encoding time for no difference a phone notices.
    """
    qr = segno.make(url, error="m", micro=False, mask=2, boost_error=False)
    return qr.png_data_uri(scale=4, border=2)
