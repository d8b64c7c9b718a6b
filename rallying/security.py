"""Response headers that keep browsers safe, limits on request size, and a plain 503 when the
database is away.

The Content Security Policy allows only this site's own files: no inline script or style, no
eval, nothing from another host. The one exception is Redoc (/api/redoc/), whose renderer injects
its styles and runs a worker from a blob; it gets 'unsafe-inline' for styles on that page only.
"""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CSP_EXCEPTIONS = {
    "/api/redoc/": {"style-src": "'self' 'unsafe-inline'", "worker-src": "'self' blob:"},
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


def content_security_policy(path: str) -> str:
    directives = {**CSP, **CSP_EXCEPTIONS.get(path, {})}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy(request.path))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Far beyond any address the site makes (every facet value of the study ticked, with a full
# search, is about 1,700 characters), and within what common proxies pass on (8 KB a request line).
MAX_QUERY_STRING_LENGTH = 6000
MAX_PATH_LENGTH = 2000


class RequestLimitsMiddleware:
    """Refuse an overlong address (414) or too many parameters (400) before any view runs.

    The answer is a short plain page, or JSON under /api/, so a script and a reader both learn
    what to change. It sits near the top of MIDDLEWARE, so no session, cache or database work is
    done for such a request; it sets X-Frame-Options itself for that reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is None:
            return self.get_response(request)
        status, message = problem
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=status)
        else:
            page = render_to_string("refused.html", {"message": message})
            response = HttpResponse(page, status=status)
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response

    @staticmethod
    def problem(request) -> tuple[int, str] | None:
        query_string = request.META.get("QUERY_STRING", "")
        if len(query_string) > MAX_QUERY_STRING_LENGTH:
            return 414, (
                f"The web address is too long: its query has {len(query_string):,} characters, "
                f"and at most {MAX_QUERY_STRING_LENGTH:,} are accepted. Remove some filters."
            )
        if len(request.path) > MAX_PATH_LENGTH:
            return 414, (
                f"The web address is too long: its path has {len(request.path):,} characters, "
                f"and at most {MAX_PATH_LENGTH:,} are accepted."
            )
        try:
            request.GET  # noqa: B018 - parsing it counts the parameters
        except TooManyFieldsSent:
            return 400, (
                "The web address has too many parameters: at most "
                f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} are accepted. Remove some filters."
            )
        return None


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 (JSON for the API), never a stack trace.

    Connections are health-checked (CONN_HEALTH_CHECKS), so once the database is back the next
    request reconnects without a restart.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The database is unavailable at the moment. Try again shortly."},
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
