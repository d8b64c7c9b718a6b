"""Django's Redis cache, made optional: while Redis is away the site serves without a cache.

Everything Rallying keeps in the cache can be computed again (answers, facet counts, downloads'
metadata) or is a throttle's count, so a failed cache call is treated as a miss (reads) or as done
(writes) and logged, instead of turning every page into a 500. Throttles then let requests through
until Redis is back. Short socket timeouts (settings: `caches_from_url`) keep a hung Redis from
holding requests. `/healthz` reports the cache's state.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("rallying.cache")


def _forgiving(method_name: str, fallback):
    method = getattr(RedisCache, method_name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "Cache unavailable (%s during %s); serving without it.",
                type(error).__name__,
                method_name,
            )
            return fallback(*args, **kwargs)

    call.__name__ = method_name
    call.__doc__ = method.__doc__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", _default)
    set = _forgiving("set", lambda *args, **kwargs: None)
    add = _forgiving("add", lambda *args, **kwargs: False)
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    set_many = _forgiving("set_many", lambda *args, **kwargs: [])
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    clear = _forgiving("clear", lambda *args, **kwargs: None)

    def is_reachable(self) -> bool:
        """For /healthz: does Redis answer a PING now?"""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False
