"""Render a certificate to PDF with xhtml2pdf.

What the renderer may read is closed twice. `link_callback()` maps the only URLs a certificate
needs (the Be Vietnam Pro font files, the site's static files, its media files) to files and
returns nothing for anything else; and the xhtml2pdf resource policy of every render allows no
network at all and local reads only inside those same directories, so a URL the callback
leaves alone (``file:///etc/passwd``, ``http://169.254.169.254/``) is refused by the fetcher
and the PDF renders without it.

Every value put into a template is NFC-normalised text, escaped by Django's template engine;
only the images this module builds itself (QR code, signature, seal) are inserted as markup.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontpkg_be_vietnam_pro
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from lms.text import nfc

from .conf import certificates_settings
from .exceptions import RenderError
from .models import PLACEHOLDERS, Certificate, CertificateTemplate, template_body_problems

logger = logging.getLogger(__name__)

FONT_FAMILY = "BeVietnamPro"
FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
FONT_FILES = {
    ("normal", "normal"): FONT_DIR / "BeVietnamPro-Regular.ttf",
    ("bold", "normal"): FONT_DIR / "BeVietnamPro-Bold.ttf",
    ("normal", "italic"): FONT_DIR / "BeVietnamPro-Italic.ttf",
    ("bold", "italic"): FONT_DIR / "BeVietnamPro-BoldItalic.ttf",
}

# Isolated from the project's template settings: no loaders, no context processors. Bodies
# are checked to hold nothing but `{{ name }}` placeholders before they are compiled.
_ITALIC = re.compile(r"<(i|em|cite|address|var)\b|italic|oblique", re.I)
_ENGINE = Engine(autoescape=True, debug=False, loaders=[])

_FRAME = _ENGINE.from_string(
    """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{{ title }}</title>
<meta name="author" content="{{ author }}">
<meta name="subject" content="{{ subject }}">
<style>
{% for font in fonts %}@font-face { font-family: "{{ family }}"; src: url("{{ font.path }}");
  font-weight: {{ font.weight }}; font-style: {{ font.style }}; }
{% endfor %}
@page { size: {{ page_size }} {{ orientation }}; margin: 0;
  {% if background %}background-image: url("{{ background }}");{% endif %} }
html, body, p, div, span, table, td, th, h1, h2, h3, h4, b, strong, i, em {
  font-family: "{{ family }}"; }
body { font-size: 12pt; }
</style></head>
<body>{{ body }}</body></html>"""
)


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
    """The local file a certificate's `uri` stands for, or None when it may not be read.

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
        logger.warning("Certificate resource refused: %.120s", uri)
    return found


def resource_policy() -> ResourceAccessPolicy:
    """No network; local reads only inside `allowed_roots()` (never the working directory)."""
    return ResourceAccessPolicy.server(
        base_dir=None, extra_roots=allowed_roots(), allow_remote=False
    )


# --- the values a template is filled with -----------------------------------------------


def verification_url(certificate: Certificate) -> str:
    """The absolute URL of the certificate's public verification page."""
    base = certificates_settings.BASE_URL or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    path = certificates_settings.VERIFY_PATH.format(code=certificate.verification_code)
    return base.rstrip("/") + path


def qr_code_data_uri(url: str) -> str:
    """A PNG of the QR code of `url`, as a data URI (nothing to fetch).

    The mask pattern is fixed: any of the eight is a valid code, and trying them all to pick
    the "best" took three quarters of the encoding time for no difference a phone notices.
    """
    qr = segno.make(url, error="m", micro=False, mask=2, boost_error=False)
    return qr.png_data_uri(scale=4, border=2)


def _image(image: Any, css_class: str) -> SafeString:
    if image is None:
        return mark_safe("")  # noqa: S308 - an empty string
    return format_html('<img class="{}" src="{}" alt="">', css_class, image.file.url)


def format_duration(minutes: int | None) -> str:
    if not minutes:
        return ""
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def certificate_values(certificate: Certificate) -> dict[str, Any]:
    """The value of every placeholder for `certificate` (text in NFC, images as markup)."""
    template = certificate.template
    url = verification_url(certificate)
    values: dict[str, Any] = {
        "learner_name": certificate.holder_name,
        "unit": certificate.holder_unit,
        "position": certificate.holder_position,
        "course_title": certificate.course_title,
        "duration": format_duration(certificate.course_duration_minutes),
        "issue_date": _date(certificate.issued_at),
        "expiry_date": _date(certificate.expires_at),
        "serial": certificate.serial,
        "verification_url": url,
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
        "background_image": (
            template.background_image.file.url if template.background_image else ""
        ),
    }
    values = {key: nfc(value) for key, value in values.items()}
    values["qr_code"] = format_html('<img class="qr-code" src="{}" alt="">', qr_code_data_uri(url))
    values["signature_image"] = _image(template.signature_image, "signature")
    values["seal_image"] = _image(template.seal_image, "seal")
    assert values.keys() == PLACEHOLDERS.keys()  # noqa: S101 - the documented set
    return values


# --- rendering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    sha256: str


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


@functools.lru_cache(maxsize=32)
def _compiled(body: str):
    """Template bodies compiled once per process (a body is checked before it gets here)."""
    return _ENGINE.from_string(body)


def render_html(template: CertificateTemplate, values: dict[str, Any], *, meta: dict) -> str:
    """The full HTML document of a certificate: the template body filled, inside the frame."""
    problems = template_body_problems(template.body)
    if problems:
        raise RenderError(" ".join(problems))
    body = _compiled(template.body).render(Context(values, autoescape=True))
    return _FRAME.render(
        Context(
            {
                **meta,
                "family": register_fonts(),
                "fonts": [],
                "page_size": template.page_size.lower(),
                "orientation": template.orientation,
                "background": values.get("background_image", ""),
                "body": mark_safe(body),  # noqa: S308 - rendered and escaped just above
            }
        )
    )


def html_to_pdf(
    html: str, *, callback: Callable[[str, str | None], str | None] = link_callback
) -> bytes:
    """Convert `html` to PDF bytes under the certificate resource rules; `RenderError` on
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
        raise RenderError(_("The certificate PDF could not be rendered."))
    return out.getvalue()


def render_certificate(certificate: Certificate) -> RenderedPdf:
    """Render `certificate` to PDF bytes, with its title, author and subject metadata."""
    with translation.override(settings.LANGUAGE_CODE):
        values = certificate_values(certificate)
        issuer = certificates_settings.ISSUER_NAME or getattr(settings, "WAGTAIL_SITE_NAME", "")
        meta = {
            "title": nfc(_("Certificate %(serial)s") % {"serial": certificate.serial}),
            "author": nfc(str(issuer)),
            "subject": nfc(f"{certificate.course_title} — {certificate.holder_name}"),
        }
        html = render_html(certificate.template, values, meta=meta)
    data = html_to_pdf(html)
    return RenderedPdf(data=data, sha256=hashlib.sha256(data).hexdigest())
