"""The HTTP edge: the one place that validates, labels and keeps whole responses.

Every public page and API read is a function of the URL, the data, the deployed code and the day
(citations print an "accessed" date), plus the negotiated format under /api/. So for an anonymous
GET or HEAD this middleware names the answer by those inputs and the dataset revision
(cases/revision.py, one query) and:

- sends that name as the ETag and the revision (or the start of the day, if later) as
  Last-Modified, and answers matching validators with a 304 before any view runs;
- keeps the rendered 200 in Django's cache under the same name (ANSWER_CACHE), so the next reader
  gets the bytes without the view; any write moves the revision, which renames every answer;
- says `Cache-Control: public, max-age=…, stale-while-revalidate=…` and the right `Vary`, so
  nginx or a CDN in front can keep and revalidate it too (deploy/nginx/).

Readers who are signed in (a session cookie) or send an Authorization header, the admin, an
editor's preview of a draft (`?preview=`) and every unsafe method get `Cache-Control: private, no-store` and are never served from or stored in the
cache; neither are errors, answers that set cookies or stream.

API reads served from the cache still count against the anonymous rate (DRF's throttles run
first); over the rate, the request goes on to the view, which answers 429.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.request import Request
from rest_framework.settings import api_settings

from cases.revision import dataset_changed_at

API_PREFIX = "/api/"
# /contribute/: forms carry each reader's CSRF token, and confirmations a reader's own suggestion.
PRIVATE_PREFIXES = ("/admin/", "/healthz", "/contribute/")
# Larger answers (whole-list CSVs at scale) are served fresh rather than filling the cache.
MAX_CACHED_BYTES = 2 * 1024 * 1024
CACHED_SECONDS = 60 * 60
# Headers of a cached answer that are the view's; the outer middleware add the rest again.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Link")
PRIVATE = "private, no-store"


def is_public_read(request) -> bool:
    """An anonymous GET or HEAD of a public page or API read."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_PREFIXES):
        return False
    if "preview" in request.GET:  # an editor's preview of a draft (cases/views.py is_preview)
        return False
    signed_in = (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
    )
    # Flash messages live in a cookie for readers without a session.
    return not (signed_in or "messages" in request.COOKIES)


def public_cache_control() -> str:
    return (
        f"public, max-age={settings.EDGE_MAX_AGE}, "
        f"stale-while-revalidate={settings.EDGE_STALE_WHILE_REVALIDATE}"
    )


class Answer:
    """The name of an anonymous read at the current revision: its cache key and its ETag."""

    def __init__(self, request, changed_at):
        # Answers change with the day too (the "accessed" date of citations).
        start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.last_modified = int(max(changed_at, start_of_day).timestamp())
        inputs = [
            settings.RELEASE,
            f"{changed_at.timestamp():.6f}",
            timezone.localdate().isoformat(),
            # Records print absolute URLs, so the site's scheme and host name the answer too.
            f"{request.scheme}://{request.get_host()}",
            request.get_full_path(),
        ]
        if request.path.startswith(API_PREFIX):
            inputs.append(request.META.get("HTTP_ACCEPT", ""))
        digest = hashlib.sha256("\n".join(inputs).encode()).hexdigest()[:32]
        self.key = f"answers:{digest}"
        self.etag = f'"{digest}"'

    def label(self, response, request) -> None:
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        response["Cache-Control"] = public_cache_control()
        vary = ["Cookie", "Authorization"]
        if request.path.startswith(API_PREFIX):
            vary.append("Accept")
        patch_vary_headers(response, vary)


def within_api_rate(request) -> bool:
    """Whether DRF's default throttles let this anonymous API read through (and count it)."""
    drf_request = Request(request)
    return all(
        throttle().allow_request(drf_request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )


def is_storable(request, response) -> bool:
    return (
        settings.ANSWER_CACHE
        and request.method == "GET"
        and response.status_code == 200
        # A view that asked for a CSRF token gets a cookie from the outer middleware.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.streaming
        and not response.cookies
        and len(response.content) <= MAX_CACHED_BYTES
    )


class HttpEdgeMiddleware:
    """Place after AuthenticationMiddleware, before the views' own middleware (module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_public_read(request):
            return self.private(self.get_response(request))
        try:
            answer = Answer(request, dataset_changed_at())
        except DatabaseError:
            return self.get_response(request)  # the view path answers 503
        response = self.known(request, answer)
        if response is None:
            response = self.get_response(request)
            if "immutable" in response.get("Cache-Control", ""):
                return response  # names itself for good: a release's file, by its SHA-256
            if response.status_code == 404:
                response["Cache-Control"] = public_cache_control()
            if response.status_code != 200:
                response.headers.setdefault("Cache-Control", "no-store")
                return response
            if is_storable(request, response):
                headers = {
                    name: response[name] for name in KEPT_HEADERS if response.has_header(name)
                }
                cache.set(
                    answer.key, {"content": response.content, "headers": headers}, CACHED_SECONDS
                )
        answer.label(response, request)
        return response

    def known(self, request, answer):
        """A 304 or the kept bytes, when the reader may have them (None: ask the view)."""
        # A 304 (or 412) when the reader's validators match (RFC 9110's order of preconditions).
        conditional = get_conditional_response(
            request, etag=answer.etag, last_modified=answer.last_modified
        )
        stored = None
        if conditional is None and settings.ANSWER_CACHE:
            stored = cache.get(answer.key)
        if conditional is None and stored is None:
            return None
        if request.path.startswith(API_PREFIX) and not within_api_rate(request):
            return None
        if conditional is not None:
            return conditional
        return HttpResponse(stored["content"], headers=stored["headers"])

    @staticmethod
    def private(response):
        response["Cache-Control"] = PRIVATE
        return response
