"""Django's Redis cache backend, keeping one redis-py client per connection pool and
skipping memcached's key checks.

Django's client builds a new `redis.Redis` for every cache call, and redis-py's constructor
copies its table of some 200 response callbacks each time: about 0.06 ms, paid twice by every
slots read and every hold on the widget's hot path (issue 12). A client is thread-safe and
its connections come from the pool either way, so one per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _PooledClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # made once per server, then kept
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _PooledClient

    def validate_key(self, key) -> None:
        """Redis takes any key. Django checks every key for what memcached refuses (length,
        control characters) by looping over its characters: a month's calendar reads some
        65 keys a request, and the warnings could never concern this backend."""
