"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache call, and redis-py's constructor
sets up its table of response callbacks each time: about a third of a page-cache
hit's own work (docs/performance.md). The client is safe to share: it holds no
connection itself and takes one from the pool for each command.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
