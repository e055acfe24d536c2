"""Django's Redis cache backend, keeping one redis-py client per connection pool, and
able to tell a process without a round trip whether watched keys may have changed.

Django builds a new `redis.Redis` for every cache call, and redis-py's constructor
sets up its table of response callbacks each time: about a third of a page-cache
hit's own work (docs/performance.md). The client is safe to share: it holds no
connection itself and takes one from the pool for each command.
"""

import itertools
import logging
import os
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# Every ChangeWatch's versions come from here, so a version is never reused, even by a
# watch that replaced another (new settings in tests, a fork).
_versions = itertools.count(1)


class ChangeWatch:
    """Tells this process, without a round trip, whether keys under some prefixes may
    have changed in Redis since it last looked.

    Redis's client-side tracking in broadcast mode (CLIENT TRACKING ON BCAST PREFIX,
    Redis 6 or newer) pushes a notice to this watch's own connection when such a key is
    written, deleted, expires or is evicted, and when the database is flushed. Redis
    queues it in the same turn of its event loop as the change, before the writer has
    its answer: by the time anyone can know of a change, the notice is on its way here.
    Looking for it is a non-blocking read of the socket (about 5 us), not a command.
    """

    # After Redis refused tracking or could not be reached, ask again this much later;
    # meanwhile nothing is kept and every request asks Redis, as without a watch.
    RETRY_AFTER = 5.0

    def __init__(self, url, prefixes):
        self._url = url
        self._prefixes = list(prefixes)
        self._lock = threading.Lock()
        self._client = None
        self._pid = None
        self._version = None
        self._retry_at = 0.0
        self._failing = False  # said once, not every RETRY_AFTER

    def version(self):
        """A number that changes whenever a watched key may have changed; what was read
        under one version stays right while the version is the same. None when nothing
        is watched now (Redis gone, or without tracking): then nothing may be kept."""
        with self._lock:
            if not self._listening():
                return None
            try:
                if self._client.connection.can_read(timeout=0):
                    self._read_notices()
                    self._version = next(_versions)
            except (redis.RedisError, OSError) as error:
                self._stop(error)
                return None
            return self._version

    def close(self):
        with self._lock:
            if self._client is not None and self._pid == os.getpid():
                self._client.close()
            self._client = None
            self._retry_at = 0.0
            self._failing = False

    def _listening(self):
        if self._client is not None and self._pid == os.getpid():
            return True
        # A forked child never uses its parent's socket: it opens its own.
        self._client = None
        if time.monotonic() < self._retry_at:
            return False
        try:
            client = redis.Redis.from_url(
                self._url,
                protocol=3,  # notices arrive as pushes on this same connection
                single_connection_client=True,
                client_name=f"eurocities-change-watch-{os.getpid()}",  # in CLIENT LIST
                socket_connect_timeout=1,
                socket_timeout=1,
            )
            self._client = client
            client.client_tracking_on(bcast=True, prefix=self._prefixes)
        except (redis.RedisError, OSError) as error:
            self._stop(error)
            return False
        # Whatever changed while nothing listened, reads from now on see it.
        self._pid, self._version = os.getpid(), next(_versions)
        if self._failing:
            self._failing = False
            logger.info("Watching Redis for changes again")
        return True

    def _read_notices(self):
        connection = self._client.connection
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)

    def _stop(self, error):
        if self._client is not None:
            self._client.close()
        self._client = None
        self._retry_at = time.monotonic() + self.RETRY_AFTER
        if not self._failing:
            self._failing = True
            logger.warning("Not watching Redis for changes (%s): nothing is kept meanwhile", error)


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


# One watch a process for each server and set of keys, whichever backend asks.
_watches = {}


def close_watches():
    """Closes this process's watches: nothing kept is trusted until the next request
    has listened again and read afresh."""
    for watch in _watches.values():
        watch.close()


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
        self._watch_of = {}  # keys -> their watch: asked on every request

    def change_watch(self, *keys):
        """The ChangeWatch of these cache keys. It watches the server that takes
        writes (the first), where every change happens."""
        watch = self._watch_of.get(keys)
        if watch is None:
            prefixes = tuple(self.make_and_validate_key(key) for key in keys)
            found = (self._servers[0], prefixes)
            watch = _watches.setdefault(found, ChangeWatch(*found))
            self._watch_of[keys] = watch
        return watch
