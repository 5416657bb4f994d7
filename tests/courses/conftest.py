"""Fixtures of the learner's path: a site with a home page, a catalogue and a course."""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from home.models import HomePage
from lms.services import enroll
from tests.factories import make_catalogue, make_course


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


@pytest.fixture
def catalogue(home):
    return make_catalogue()


@pytest.fixture
def course(catalogue):
    """A live course of three required lessons and one optional lesson."""
    return make_course(catalogue, lessons=3, optional=1, title="Chính quyền số cơ bản")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def blended(catalogue):
    """A live blended course of one lesson (its sessions are made by each test)."""
    return make_course(catalogue, lessons=1, delivery_mode="blended", title="Khóa kết hợp")


@pytest.fixture
def enrolled_learner(learner, blended):
    enroll(user=learner, course=blended)
    return learner
