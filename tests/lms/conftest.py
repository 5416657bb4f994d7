"""Fixtures of the public pages of lms: a site whose root is the reference home page."""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from home.models import HomePage


@pytest.fixture
def english(settings):
    """Pages and messages in English, the language of the source strings assertions quote."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def home(db):
    """The reference site's home page as the root of the default site, as on a real install."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Chuyển đổi số", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    cache.clear()  # Wagtail caches the site root paths
    return home
