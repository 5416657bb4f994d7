"""Django's Redis cache backend, without a new Redis client object for every cache operation.

Django's `RedisCache` makes a `redis.Redis` object at each get, set or get_many (over the same
connection pool). Making one costs more than the round trip to Redis itself with redis-py 7
(it copies a table of about 170 response callbacks): about 0.35 ms against 0.24 ms for a GET on
the benchmark machine (bench/page_throughput.py). A page served from the anonymous page cache
makes one cache operation, a logged-in page two or three (the session, the page cache's
generation), so that is a good part of what they cost.

This backend keeps one client per connection pool, for the life of the backend (Django keeps a
backend per thread); the pool still hands out one connection per command, and redis-py resets
a pool that crosses a fork. Everything else is Django's backend unchanged. Use it in
``CACHES``::

    CACHES = {"default": {"BACKEND": "lms.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    """Django's client, handing out one `redis.Redis` per connection pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        try:
            return self._clients[id(pool)]
        except KeyError:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
            return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
