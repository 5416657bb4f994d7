"""Images for certificates (seals, signatures, backgrounds) are refused over the size limit."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model

from lms.roles import SITE_ADMINISTRATOR


def png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise(size, 100).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_over_the_size_limit_is_refused(client, superuser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50_000
    client.force_login(superuser)
    big = png((400, 400))
    assert len(big) > 50_000
    with translation.override("en"):
        response = client.post(
            "/admin/images/add/",
            {"title": "Con dấu", "file": SimpleUploadedFile("dau.png", big, "image/png")},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert get_image_model().objects.count() == 0

    small = png((40, 40))
    response = client.post(
        "/admin/images/add/",
        {"title": "Con dấu", "file": SimpleUploadedFile("dau.png", small, "image/png")},
    )
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


def test_the_limit_of_the_reference_site_is_5_mb():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 5 * 1024 * 1024
    assert SITE_ADMINISTRATOR  # the role that uploads certificate images
