"""CORS for public reads: a web page on any other site may read the API and the dataset files
with `fetch()`, and nothing more.

- A GET or HEAD under PUBLIC_PREFIXES answers with `Access-Control-Allow-Origin: *` and exposes
  the headers a script needs (ETag, Link for pages, Retry-After when throttled). Never
  `Access-Control-Allow-Credentials`: another site's page cannot read with a reader's cookies or
  an editor's session, and `*` is refused by browsers for credentialed requests anyway.
- A preflight (OPTIONS with `Access-Control-Request-Method`) is answered here, 204, for GET and
  HEAD with the request headers a read may send. A preflight for a write names only the read
  methods, so the browser does not send the write.

It sits outside the answer cache (edge/middleware.py), so a cached answer gets the headers too.
"""

from django.http import HttpResponse

PUBLIC_PREFIXES = ("/api/", "/download/", "/changes/feed/")
READ_METHODS = ("GET", "HEAD")
# Request headers a cross-site read may send beyond the CORS-safelisted ones: revalidation.
READ_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
EXPOSED = "ETag, Link, Retry-After, Content-Disposition"
PREFLIGHT_MAX_AGE = 86400


def is_public_read(request) -> bool:
    return request.path.startswith(PUBLIC_PREFIXES)


class PublicReadCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            return preflight(request)
        response = self.get_response(request)
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED
        return response


def preflight(request) -> HttpResponse:
    """204 for a cross-site read; the methods and headers a read may use, cached for a day."""
    asked = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "")
    headers = [h.strip().lower() for h in asked.split(",") if h.strip()]
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join((*READ_METHODS, "OPTIONS"))
    allowed = [h for h in headers if h in READ_HEADERS]
    if allowed:
        response["Access-Control-Allow-Headers"] = ", ".join(allowed)
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response
