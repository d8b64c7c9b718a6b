"""`/healthz`: is this process able to serve? 200 when the database answers, 503 when it does not.

For load balancers and monitoring: plain JSON, never cached, no session or template work.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "unavailable", "database": f"unreachable: {type(error).__name__}"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
