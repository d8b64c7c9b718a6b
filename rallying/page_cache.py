"""Whole answers for anonymous readers, cached and validated under the dataset revision.

Every public page and API read is a function of the URL, the data and the day (citations print an
"accessed" date), plus the negotiated format for the API. So for an anonymous GET or HEAD this
middleware names the answer by those inputs (and the site's scheme and host, which absolute URLs
print) and the dataset revision (rallying/cache.py) and:

- sends that name as the ETag, so a client or CDN revalidating with If-None-Match gets a 304 before
  any view runs (one revision read instead of the page's queries and rendering);
- keeps the rendered 200 answer in the cache under the same name, so the next reader gets the bytes.

Any write moves the revision, which renames every answer. Each process rereads the revision at most
every ANSWER_REVISION_SECONDS (default 1) and at once after its own writes, so a write made through
another process reaches anonymous readers within that time.
Readers who are signed in (a session cookie) or authenticate (an Authorization header) are not
served from here, nor is the admin; neither are answers that set cookies, say `private` or
`no-store`, stream, or carry their own ETag (the downloads, validated by their SHA-256).

API reads served from here still count against the anonymous rate (DRF's throttles run first);
when the rate is exceeded the request goes on to the view, which answers 429 as usual.
"""

import hashlib
import time
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags

from rallying import cache as revision_cache

NAMESPACE = "pages"
EXCLUDED_PREFIXES = ("/admin/", "/healthz")
API_PREFIX = "/api/"
# Larger answers (whole-list CSVs at scale) are served fresh rather than filling the cache.
MAX_CACHED_BYTES = 2 * 1024 * 1024
# Headers of a cached answer that are the view's (the outer middleware add the security headers,
# Content-Length and the session/CSRF Vary again on the way out).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Last-Modified",
    "Link",
    "Vary",
)


def is_anonymous_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    signed_in = (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
    )
    # Flash messages live in a cookie for readers without a session.
    if signed_in or "messages" in request.COOKIES:
        return False
    return not request.path.startswith(EXCLUDED_PREFIXES)


@once
def code_release() -> str:
    """RELEASE from the environment, or a fingerprint of the code and templates this process runs,
    so that a deploy which changes pages without changing the data renames every answer."""
    if settings.RELEASE:
        return settings.RELEASE
    root = Path(settings.BASE_DIR)
    fingerprint = hashlib.sha256()
    for pattern in ("*/*.py", "*/*/*.py", "templates/**/*.html"):
        for path in sorted(root.glob(pattern)):
            if ".venv" in path.parts:
                continue
            stat = path.stat()
            fingerprint.update(
                f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
            )
    return fingerprint.hexdigest()[:16]


def answer_inputs(request) -> str:
    """Everything an anonymous answer depends on besides the data. The scheme and host too: the
    API, the citations and the structured data print absolute URLs."""
    parts = [
        code_release(),
        timezone.localdate().isoformat(),
        f"{request.scheme}://{request.get_host()}",
        request.get_full_path(),
    ]
    if request.path.startswith(API_PREFIX):
        parts.append(request.META.get("HTTP_ACCEPT", ""))
    return "\n".join(parts)


class RecentRevision:
    """The dataset revision as this process last read it, read again after `ANSWER_REVISION_SECONDS`.

    A hit then costs no query at all. A write in this process forgets it at once (cases/revision.py
    calls `forget`); a write in another process or host is seen within that many seconds.
    """

    value: float | None = None
    read_at = 0.0

    @classmethod
    def get(cls) -> float:
        from cases import revision  # the models load after this module

        now = time.monotonic()
        if cls.value is None or now - cls.read_at >= settings.ANSWER_REVISION_SECONDS:
            cls.value = revision.dataset_changed_at().timestamp()
            cls.read_at = now
        return cls.value

    @classmethod
    def forget(cls) -> None:
        cls.value = None


def answers_cached_whole(request) -> bool:
    """Whether AnonymousAnswerCacheMiddleware keeps this request's answer."""
    return settings.ANSWER_CACHE and is_anonymous_read(request)


def answer_key(request) -> str | None:
    """The cache key of an anonymous read at the current revision; None for other requests, and
    while the database is away (the view path then answers 503)."""
    if not answers_cached_whole(request):
        return None
    try:
        revision = RecentRevision.get()
    except DatabaseError:
        return None
    digest = hashlib.sha256(answer_inputs(request).encode()).hexdigest()[:32]
    return f"{NAMESPACE}:{revision:.6f}:{digest}"


def etag_for(key: str) -> str:
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def within_api_rate(request) -> bool:
    """Whether DRF's default throttles let this anonymous API read through (and count it)."""
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    drf_request = Request(request)
    return all(
        throttle().allow_request(drf_request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )


def is_cacheable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        # A view that asked for a CSRF token gets a cookie from the outer middleware.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.streaming
        and not response.cookies
        and not response.has_header("ETag")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and len(response.content) <= MAX_CACHED_BYTES
    )


class AnonymousAnswerCacheMiddleware:
    """Place after AuthenticationMiddleware and before the views' own middleware (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = answer_key(request)
        if key is None:
            return self.get_response(request)
        etag = etag_for(key)
        response = self.known_answer(request, key, etag)
        if response is None:
            response = self.fresh_answer(request, key, etag)
        return response

    def known_answer(self, request, key, etag):
        """A 304 or the cached bytes, when the reader may have them (None: ask the view)."""
        revalidating = etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        stored = None if revalidating else cache.get(key)
        if not (revalidating or stored):
            return None
        if request.path.startswith(API_PREFIX) and not within_api_rate(request):
            return None
        if revalidating:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(stored["content"])
            for name, value in stored["headers"].items():
                response[name] = value
        response["ETag"] = etag
        return response

    def fresh_answer(self, request, key, etag):
        response = self.get_response(request)
        if not is_cacheable(request, response):
            return response
        response["ETag"] = etag
        if request.method == "GET":
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(
                key, {"content": response.content, "headers": headers}, revision_cache.CACHE_SECONDS
            )
        return response
