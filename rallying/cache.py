"""Caching that stays correct: values are keyed by the dataset's revision, so any write retires them.

Every write to the knowledge base moves DatasetRevision forward (cases/revision.py: signals on
saves, deletes and many-to-many changes; imports and `synthesize` bump it once). A value cached
here is stored under the revision it was computed at plus its normalized inputs, so a request
after a write computes and stores a fresh value, and the old one is never read again (it expires
after CACHE_SECONDS). Reading the revision costs one query, instead of the 18 of a set of facets.

Why a stale value cannot be stored under a new revision: the revision is read before the value is
computed, and it is bumped after the write it records (post_save), so a request that sees the new
revision also sees the written rows. At worst a value computed from newer rows is stored under the
older revision, which only requests already under way can read.

The cache is Django's: Redis when REDIS_URL is set (shared by every gunicorn worker and host),
local memory in each process otherwise (see `caches_from_url`, used by rallying/settings.py).
"""

import hashlib
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

CACHE_SECONDS = 60 * 60
FACETS_NAMESPACE = "facets"


def caches_from_url(url: str) -> dict:
    """The CACHES setting for REDIS_URL: Redis for redis:// or rediss:// URLs, local memory when empty.

    Imports nothing from the project: settings call it before the apps are loaded.
    """
    url = url.strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if url == "dummy://":
        # Caches nothing (and so throttles nothing): for measuring what an uncached read costs.
        return {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(
            f"REDIS_URL={url!r} has unsupported scheme {parts.scheme!r}: use "
            "redis://host:6379/0, rediss://… (TLS) or unix:///path/to/redis.sock, or leave it unset."
        )
    try:
        parts.port  # noqa: B018 (parsing the port raises on a malformed one)
    except ValueError:
        raise ImproperlyConfigured(f"REDIS_URL={url!r} has a port that is not a number.") from None
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured(f"REDIS_URL={url!r} names no host: use redis://host:6379/0.")
    database = parts.path.lstrip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        raise ImproperlyConfigured(
            f"REDIS_URL={url!r}: the database after the host must be a number, as in redis://host:6379/0."
        )
    return {
        "default": {
            # Django's RedisCache, with a Redis outage served as cache misses (resilient_cache.py).
            "BACKEND": "rallying.resilient_cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "rallying",
            # Seconds: a Redis that stops answering costs a request this much, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def revision_key(namespace: str, inputs: str) -> str:
    """The cache key for `inputs` at the dataset's current revision (one query)."""
    from cases.revision import dataset_changed_at  # the models load after settings

    revision = dataset_changed_at().timestamp()
    digest = hashlib.sha256(inputs.encode()).hexdigest()[:32]
    return f"{namespace}:{revision:.6f}:{digest}"


def cached_at_revision(namespace: str, inputs: str, compute: Callable[[], object]):
    """compute(), cached under the current revision and `inputs` (a normalized description of
    everything the value depends on besides the data)."""
    from django.core.cache import cache

    key = revision_key(namespace, inputs)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def facet_inputs(filterset) -> str:
    """What a set of facets depends on besides the data: the valid filter values, each facet's
    sorted and without duplicates, and the search text. Page and sort change no count."""
    data = filterset.form.cleaned_data
    parts = []
    for name in sorted(filterset.filters):
        if name == "sort":
            continue
        value = data.get(name)
        if isinstance(value, list | tuple):
            value = sorted(set(value))
        parts.append(f"{name}={value!r}")
    return "&".join(parts)


def cached_facets(filterset, cases=None) -> list:
    """cases.facets.build_facets for a validated CaseFilter, cached under the dataset revision.

    1 query when cached (the revision), else the revision and build_facets' queries. A call that
    narrows the cases itself (`cases` given) is not cached: its key would not describe it.
    """
    from cases.facets import build_facets

    if cases is not None or not filterset.is_valid():
        return build_facets(filterset, cases)
    return cached_at_revision(
        FACETS_NAMESPACE, facet_inputs(filterset), lambda: build_facets(filterset)
    )


READS_NAMESPACE = "reads"
# Renderers whose output is kept: the browsable API's page depends on the user and the request.
CACHED_FORMATS = ("json", "csv")
# Headers set by the view or its renderer that a cached answer must carry again.
KEPT_HEADERS = ("Content-Type", "Link", "Content-Disposition")


def read_inputs(view, request) -> str:
    """What a read's answer depends on besides the data: the site's scheme and host (records
    carry absolute URLs), the endpoint, the object, the query (order of parameters normalized) and
    the negotiated media type (a CSV list is not paginated, `indent` changes JSON)."""
    from urllib.parse import urlencode

    query = urlencode(sorted((k, v) for k, vs in request.query_params.lists() for v in vs))
    return "|".join(
        [
            f"{request.scheme}://{request.get_host()}",
            view.__class__.__module__ + "." + view.__class__.__name__,
            str(getattr(view, "action", "")),
            repr(sorted(view.kwargs.items())),
            str(getattr(request, "accepted_media_type", "")),
            query,
        ]
    )


class CachedReadsMixin:
    """For DRF viewsets: `list` and `retrieve` answers, rendered, cached under the dataset revision
    and `read_inputs`, for anonymous readers asking for JSON or CSV.

    A cached read costs one query (the revision) and a cache read, instead of the view's queries,
    serialization and rendering. The cache is used inside `list`/`retrieve`, after DRF's
    authentication, permissions and throttling, so a cached answer still counts against the
    anonymous rate. Only 200 answers are stored.
    """

    def list(self, request, *args, **kwargs):
        return self._cached_read(request, super().list, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached_read(request, super().retrieve, *args, **kwargs)

    def _cached_read(self, request, read, *args, **kwargs):
        from django.core.cache import cache
        from django.http import HttpResponse

        from rallying.page_cache import answers_cached_whole

        renderer = getattr(request, "accepted_renderer", None)
        if (
            request.user.is_authenticated
            or getattr(renderer, "format", "") not in CACHED_FORMATS
            # The whole answer is kept by the answer cache: a second copy here would be waste.
            or answers_cached_whole(request)
        ):
            return read(request, *args, **kwargs)
        key = revision_key(READS_NAMESPACE, read_inputs(self, request))
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"])
            for name, value in stored["headers"].items():
                response[name] = value
            return response
        response = read(request, *args, **kwargs)
        if response.status_code == 200:
            # Render now, as finalize_response would, to keep the bytes; it will not render again.
            response.accepted_renderer = renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, {"content": response.content, "headers": headers}, CACHE_SECONDS)
        return response
