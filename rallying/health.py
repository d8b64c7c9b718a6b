"""`/healthz`: is this process able to serve? 200 when the database answers, 503 when it does not.

For load balancers and monitoring: plain JSON, never cached, no session or template work. The
cache is reported too: without Redis the site still serves (rallying/resilient_cache.py), slower
and with throttles open, so that is "degraded" with a 200, for monitoring rather than for taking
the host out of a load balancer.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def cache_state() -> str:
    is_reachable = getattr(cache, "is_reachable", None)
    if is_reachable is None:
        return "local"  # local memory (or none): nothing to be unreachable
    return "ok" if is_reachable() else "unreachable"


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
