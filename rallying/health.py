"""`/healthz`: is this process able to serve? 200 when the database answers, 503 when it does not.

For load balancers and monitoring: plain JSON, never cached, no session or template work. The
cache is reported too: without Redis the site still serves (django-redis with IGNORE_EXCEPTIONS,
see `caches_from_url` in rallying/env.py), slower and with throttles open, so that is "degraded"
with a 200, for monitoring rather than for taking the host out of a load balancer.
"""

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django_redis.cache import RedisCache
from redis.exceptions import RedisError


def cache_state() -> str:
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return "local"  # local memory (or none): nothing to be unreachable
    try:
        # Asked directly: the cache's own calls turn a failure into a miss.
        cache.client.get_client(write=True).ping()
    except (RedisError, OSError):
        return "unreachable"
    return "ok"


@never_cache
def healthz(request):
    state = {"database": "ok", "cache": cache_state()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        state["database"] = f"unreachable: {type(error).__name__}"
        return JsonResponse({"status": "unavailable", **state}, status=503)
    status = "ok" if state["cache"] != "unreachable" else "degraded"
    return JsonResponse({"status": status, **state})
