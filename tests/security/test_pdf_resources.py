"""The PDF renderer (certificates, sign-in sheets) reads only the bundled fonts, the static
files and the media files: no other local file, no network (loopback, link-local, the web),
whatever URL a template or a value puts in the document.

A local HTTP server on a free port counts the requests it gets; images outside the allowed
directories have a size of their own, so that the PDF shows whether they were read; the
allowed media and static images must be in the PDF, so the tests can tell "refused" from
"nothing works".
"""

from __future__ import annotations

import base64
import http.server
import io
import logging
import os
import threading
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image as PILImage
from pypdf import PdfReader

from lms import pdf

STATIC_IMAGE = "wagtailadmin/images/default-user-avatar.png"
MEDIA_SIZE = (11, 5)  # the allowed media image
SECRET_SIZE = (7, 13)  # the image outside every allowed directory


def png(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        body = png(SECRET_SIZE, "red")
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    """A local HTTP server on a free port; `server.requests` lists the paths it was asked."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def files(settings, tmp_path):
    """A media root with an allowed image and a symlink out of it; a secret image, a secret
    text and a secret style sheet beside it, outside every allowed directory."""
    media = tmp_path / "media"
    outside = tmp_path / "outside"
    media.mkdir()
    outside.mkdir()
    settings.MEDIA_ROOT = media
    (media / "seal.png").write_bytes(png(MEDIA_SIZE, "blue"))
    secret_png = outside / "secret.png"
    secret_png.write_bytes(png(SECRET_SIZE, "red"))
    secret_txt = outside / "secret.txt"
    secret_txt.write_text("TOP-SECRET-4242")
    os.symlink(secret_png, media / "link.png")
    os.symlink(outside, media / "linked-dir")
    return {"media": media, "png": secret_png, "txt": secret_txt}


def image_sizes(data: bytes) -> list[tuple[int, int]]:
    """Width and height of every image drawn in the PDF."""
    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sizes


def hostile_uris(files, port: int) -> list[str]:
    secret = files["png"]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10"><image xlink:href="http://127.0.0.1:{port}/svg.png" '
        'width="10" height="10"/>'
        f'<image xlink:href="file://{secret}" width="10" height="10"/></svg>'
    )
    return [
        f"file://{secret}",
        f"file://localhost{secret}",
        str(secret),
        "file:///etc/passwd",
        "/etc/passwd",
        f"/media/../outside/{secret.name}",
        f"/media/%2e%2e/outside/{secret.name}",
        "/media/link.png",  # a symlink out of the media root
        f"/media/linked-dir/{secret.name}",
        f"/static/../../../../../../..{secret}",
        f"http://127.0.0.1:{port}/loopback.png",
        f"http://localhost:{port}/localhost.png",
        f"//127.0.0.1:{port}/protocol-relative.png",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.png",
        f"ftp://127.0.0.1:{port}/ftp.png",
        f"gopher://127.0.0.1:{port}/_gopher",
        "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    ]


# --- what the resolver answers ------------------------------------------------------------


def test_the_resolver_gives_only_fonts_static_and_media_files(files):
    for uri in hostile_uris(files, 9):
        assert pdf.resolve_resource(uri) is None, uri
    assert pdf.resolve_resource("/media/seal.png") == str(files["media"] / "seal.png")
    static = pdf.resolve_resource(f"/static/{STATIC_IMAGE}")
    assert static == str(Path(finders.find(STATIC_IMAGE)).resolve())
    font = str(pdf.FONT_FILES[("normal", "normal")])
    assert pdf.resolve_resource(font) == str(Path(font).resolve())
    assert pdf.resolve_resource("file://" + font) == str(Path(font).resolve())


# --- what a render reads ------------------------------------------------------------------


def test_a_document_reads_no_foreign_file_and_calls_no_server(files, server, caplog):
    """The shared renderer (`lms.pdf.html_to_pdf`, which the sign-in sheet uses): every URL
    in every place a document may name one (img, CSS background and @import, link, @font-face)
    is refused; the media and static images still draw."""
    port = server.server_address[1]
    uris = hostile_uris(files, port)
    images = "".join(f'<img src="{uri}" width="10" height="10">' for uri in uris)
    css = "".join(f'@import url("{uri}");' for uri in uris[:3]) + "".join(
        f'.bg{i} {{ background-image: url("{uri}"); }}' for i, uri in enumerate(uris)
    )
    html = f"""<html><head>
<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
<link rel="stylesheet" href="file://{files["txt"]}">
<style>{css}
@font-face {{ font-family: "Far"; src: url("http://127.0.0.1:{port}/font.ttf"); }}
@page {{ background-image: url("http://127.0.0.1:{port}/page.png"); }}
</style></head><body>
<p style="font-family: Far">Giấy chứng nhận</p>
{"".join(f'<div class="bg{i}">x</div>' for i in range(len(uris)))}
{images}
<img src="/media/seal.png"><img src="/static/{STATIC_IMAGE}">
<a href="http://127.0.0.1:{port}/link">liên kết</a>
</body></html>"""

    with caplog.at_level(logging.WARNING):
        data = pdf.html_to_pdf(html)

    assert data.startswith(b"%PDF")
    assert server.requests == []
    sizes = image_sizes(data)
    assert MEDIA_SIZE in sizes  # the allowed media image is drawn
    assert len(sizes) == 2  # ... and the static one; nothing else
    assert SECRET_SIZE not in sizes
    assert b"TOP-SECRET-4242" not in data
    assert "PDF resource refused" in caplog.text


def test_a_certificate_template_fetches_nothing_foreign(files, server, db):
    """A staff-edited template that names foreign resources renders without them."""
    from certificates import services
    from certificates.admin.templates import sample_certificate
    from certificates.pdf import render_certificate

    port = server.server_address[1]
    template = services.get_or_create_default_template()
    uris = hostile_uris(files, port)
    template.body = (
        "<style>"
        + "".join(f'.bg{i} {{ background-image: url("{uri}"); }}' for i, uri in enumerate(uris))
        + f'@import url("http://127.0.0.1:{port}/import.css");</style>'
        + f'<link rel="stylesheet" href="http://127.0.0.1:{port}/link.css">'
        + "".join(f'<div class="bg{i}">x</div>' for i in range(len(uris)))
        + "".join(f'<img src="{uri}">' for uri in uris)
        + '<p>{{ learner_name }}</p><img src="/media/seal.png">'
    )

    rendered = render_certificate(sample_certificate(template))

    assert server.requests == []
    sizes = image_sizes(rendered.data)
    assert MEDIA_SIZE in sizes
    assert SECRET_SIZE not in sizes
