"""Fixtures shared by every test folder."""

import pytest
from django.contrib.auth.models import Group

from lms import roles
from tests.factories import LearnerProfileFactory, UnitFactory, UserFactory

# Tests that share something outside their own database run on one xdist worker, one after
# the other: the PostgreSQL race tests open up to 50 connections each (two at once could pass
# the server's 100), and the Redis tests share a Redis database.
SHARED_SERVICE_MODULES = ("test_health.py", "test_redis_cache.py")


def pytest_collection_modifyitems(config, items):
    group = pytest.mark.xdist_group("shared_services")
    for item in items:
        name = item.path.name
        if name.endswith("_postgres.py") or name in SHARED_SERVICE_MODULES:
            item.add_marker(group)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with empty caches. A cache outlives the test's database (rolled back,
    or flushed after a transactional test): Wagtail's site root paths, the page cache and the
    shared render cache would otherwise point at rows another test made."""
    from django.core.cache import caches

    from lms import render_cache

    for cache in caches.all(initialized_only=True):
        cache.clear()
    render_cache.clear()


@pytest.fixture
def province(db):
    """A small province: the province root, one department, one district with a commune."""
    root = UnitFactory(code="TINH", name="Tỉnh Thái Bình", kind="province")
    department = UnitFactory(code="SO-TTTT", name="Sở Thông tin và Truyền thông", parent=root)
    district = UnitFactory(code="H-VT", name="Huyện Vũ Thư", kind="district", parent=root)
    commune = UnitFactory(code="X-VT-01", name="Xã Tân Hòa", kind="commune", parent=district)
    for unit in (root, department, district, commune):
        unit.refresh_from_db()  # sorted inserts re-path siblings
    return {"root": root, "department": department, "district": district, "commune": commune}


@pytest.fixture
def learner(db, province):
    profile = LearnerProfileFactory(unit=province["department"], full_name="Trần Thị Học")
    profile.user.groups.add(Group.objects.get_or_create(name=roles.LEARNER)[0])
    return profile.user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def role_groups(db):
    return roles.sync_roles()


@pytest.fixture
def unit_manager(db, province, role_groups):
    """A manager of the district (and so of its commune), not of the department."""
    from lms import services

    profile = LearnerProfileFactory(unit=province["district"], full_name="Lê Văn Quản")
    services.assign_unit_manager(user=profile.user, unit=province["district"])
    return profile.user


@pytest.fixture
def site_admin(db, role_groups):
    """A member of the Site administrator role (not a superuser)."""
    user = UserFactory(username="site-admin@example.gov.vn", is_staff=True)
    user.groups.add(role_groups[roles.SITE_ADMINISTRATOR])
    return user


@pytest.fixture
def admin_login(client):
    """Log a user into the Wagtail admin, in English: assertions then read the strings as the
    code writes them, whatever translations the catalogue holds."""

    def login(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login
