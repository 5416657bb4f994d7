"""Render a certificate to PDF with xhtml2pdf, through `lms.pdf` (the bundled Vietnamese font
and the closed resource rules: fonts, static and media files only, no network).

Every value put into a template is NFC-normalised text, escaped by Django's template engine;
only the images this module builds itself (QR code, signature, seal) are inserted as markup.
The filled body is then sanitised (`clean_body`): a template is HTML that staff edit, and none
of it may run code or fetch anything from elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.template import Context, Engine
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms import pdf
from lms.exceptions import PdfRenderError
from lms.pdf import (  # noqa: F401 - part of this module's interface (tests, bench)
    FONT_FILES,
    qr_code_data_uri,
    register_fonts,
    resolve_resource,
)
from lms.text import nfc

from .conf import certificates_settings
from .exceptions import RenderError
from .models import PLACEHOLDERS, Certificate, CertificateTemplate, template_body_problems

# What a template body may hold once filled: layout and formatting for xhtml2pdf, a <style>
# sheet, images and links. Everything else (script, iframe, object, embed, link, meta, form,
# xhtml2pdf's own <pdf:…> tags) is dropped, its text kept; script content is dropped with it.
BODY_TAGS: frozenset[str] = frozenset(
    "a abbr b blockquote br caption center col colgroup div em font h1 h2 h3 h4 h5 h6 hr i img "
    "li ol p pre s small span strong style sub sup table tbody td tfoot th thead tr u ul".split()
)
BODY_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"align", "class", "dir", "height", "id", "lang", "style", "title", "valign", "width"},
    "a": {"href"},
    "font": {"color", "face", "size"},
    "img": {"alt", "src"},
    "table": {"border", "cellpadding", "cellspacing"},
    "td": {"colspan", "rowspan", "bgcolor"},
    "th": {"colspan", "rowspan", "bgcolor"},
}
# Images may be inline PNG/JPEG/GIF (the QR code) or URLs left to the resource rules of
# `lms.pdf`, which read static and media files only and refuse the rest (http, file...); links
# may go to web pages and mail addresses only.
_IMAGE_DATA_URI = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
_IMAGE_SCHEMES = ("http:", "https:", "file:")
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _allowed_attribute(tag: str, name: str, value: str) -> str | None:
    lowered = value.strip().lower()
    if tag == "img" and name == "src":
        if _IMAGE_DATA_URI.match(lowered) or lowered.startswith(_IMAGE_SCHEMES):
            return value
        return None if _SCHEME.match(lowered) else value
    if tag == "a" and name == "href":
        return value if lowered.startswith(_LINK_SCHEMES) or not _SCHEME.match(lowered) else None
    return value


def clean_body(html: str) -> str:
    """A filled template body with only `BODY_TAGS` and `BODY_ATTRIBUTES`, no event handler,
    no script, and no URL that runs code (``javascript:``, ``vbscript:``, ``data:`` other than
    an inline raster image): whoever edits a template cannot put anything executable in a
    certificate. What the remaining URLs may fetch is decided by `lms.pdf`'s resource rules
    (fonts, static and media files; never the network)."""
    return nh3.clean(
        html,
        tags=set(BODY_TAGS),
        clean_content_tags={"script"},
        attributes=BODY_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "data", "file"},
        attribute_filter=_allowed_attribute,
        link_rel=None,
        strip_comments=True,
    )


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


# --- the values a template is filled with -----------------------------------------------


def verification_url(certificate: Certificate) -> str:
    """The absolute URL of the certificate's public verification page."""
    base = certificates_settings.BASE_URL or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    path = certificates_settings.VERIFY_PATH.format(code=certificate.verification_code)
    return base.rstrip("/") + path


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


@functools.lru_cache(maxsize=32)
def _compiled(body: str):
    """Template bodies compiled once per process (a body is checked before it gets here)."""
    return _ENGINE.from_string(body)


def render_html(template: CertificateTemplate, values: dict[str, Any], *, meta: dict) -> str:
    """The full HTML document of a certificate: the template body filled, inside the frame."""
    problems = template_body_problems(template.body)
    if problems:
        raise RenderError(" ".join(problems))
    body = clean_body(_compiled(template.body).render(Context(values, autoescape=True)))
    return _FRAME.render(
        Context(
            {
                **meta,
                "family": register_fonts(),
                "fonts": [],
                "page_size": template.page_size.lower(),
                "orientation": template.orientation,
                "background": values.get("background_image", ""),
                "body": mark_safe(body),  # noqa: S308 - escaped and sanitised just above
            }
        )
    )


def html_to_pdf(html: str, **kwargs) -> bytes:
    """`lms.pdf.html_to_pdf`, raising this app's `RenderError` on failure."""
    try:
        return pdf.html_to_pdf(html, **kwargs)
    except PdfRenderError as error:
        raise RenderError(_("The certificate PDF could not be rendered.")) from error


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
