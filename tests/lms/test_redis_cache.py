"""lms.redis_cache: Django's Redis backend with one client per connection pool. Needs the Redis
of the development machine (redis://127.0.0.1:6379/15); skipped without it."""

import uuid

import pytest
from django.core.cache import CacheHandler

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def backend():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    handler = CacheHandler(
        {
            "default": {
                "BACKEND": "lms.redis_cache.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"cds-test-{uuid.uuid4().hex}",
            }
        }
    )
    cache = handler["default"]
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_it_is_a_working_cache(backend):
    backend.set("a", {"page": "<p>Nội dung</p>"}, 30)
    backend.set("n", 1, 30)
    backend.incr("n")

    assert backend.get("a") == {"page": "<p>Nội dung</p>"}
    assert backend.get_many(["a", "n", "b"]) == {"a": {"page": "<p>Nội dung</p>"}, "n": 2}
    assert backend.add("b", 1) is True and backend.add("b", 2) is False


def test_it_keeps_one_client_per_pool(backend):
    client = backend._cache.get_client("a")

    assert backend._cache.get_client("b", write=True) is client
