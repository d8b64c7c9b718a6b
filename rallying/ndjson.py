"""NDJSON: any API list, every row matching its filters, one JSON object per line, streamed.

`?format=ndjson` (or `Accept: application/x-ndjson`) on a list answers with the whole filtered
list, not a page: each line is exactly one item of the JSON list's `results`, in the list's order.
`page` and `page_size` are checked as on a page (a malformed one is a 400) and otherwise ignored,
as the case CSV does, so a page's address with `format=ndjson` gives every row.

Rows are read CHUNK_SIZE at a time, each chunk in a fixed number of queries, and written as they
are read: a worker holds one chunk, never the list. Whatever can refuse the request (parameters,
filters, the first chunk's queries) runs before the first byte is sent, so an error is an ordinary
JSON answer with its status; an error is never written as NDJSON.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.http import StreamingHttpResponse
from drf_spectacular.plumbing import force_instance, is_list_serializer, is_serializer
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from rallying.api_negotiation import json_error

MEDIA_TYPE = "application/x-ndjson"
FORMAT = "ndjson"
# Rows read, built and written at a time: few queries per row, and a worker's memory bounded by
# a chunk's records (a case's list record is about 4 KB as JSON).
CHUNK_SIZE = 200

# As DRF's JSONRenderer writes JSON (compact, UTF-8, no NaN), so a line is the JSON list's item.
_encoder = JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def lines(items: Iterable) -> bytes:
    """Each item as one line of JSON. U+2028 and U+2029 are escaped (as DRF's JSON does): they
    are valid inside JSON strings, but some line readers (Python's `splitlines`) split on them."""
    text = "".join(f"{_encoder.encode(item)}\n" for item in items)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")


def wants_ndjson(request) -> bool:
    return getattr(getattr(request, "accepted_renderer", None), "format", None) == FORMAT


class NDJSONRenderer(BaseRenderer):
    """Negotiates `format=ndjson` and writes a single record (a detail, a write's answer) as one
    line; lists stream their own lines (stream()). Errors stay JSON."""

    media_type = MEDIA_TYPE
    format = FORMAT
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        error = json_error(data, renderer_context)
        if error is not None:
            return error
        if data is None:
            return b""
        return lines([data] if isinstance(data, dict) else data)


def chunks_of(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def row_chunks(queryset) -> Iterator[list]:
    """The rows of `queryset`, CHUNK_SIZE at a time, read through one cursor (server-side on
    PostgreSQL). The cursor is closed when the rows run out or the stream is closed (a client
    gone), in the request that opened it, not whenever the generator is collected."""
    rows = queryset.iterator(chunk_size=CHUNK_SIZE)
    try:
        yield from chunks_of(rows, CHUNK_SIZE)
    finally:
        rows.close()


def serialized_chunks(view, queryset) -> Iterator[list]:
    """The view's records of every row of `queryset`, CHUNK_SIZE at a time: one query for the
    rows (read as they are written), and each chunk's prefetches (Django prefetches per chunk)."""
    for chunk in row_chunks(queryset):
        yield view.get_serializer(chunk, many=True).data


def stream(request, chunks: Iterable[list]) -> StreamingHttpResponse:
    """The chunks' records as an NDJSON download named after the list (`rallying-cases.ndjson`).

    The first chunk is read here, in the view: a database error is then still an answer with its
    status rather than a stream cut short. The rest is read as the client takes it; a HEAD, which
    gets no body, does not read it."""
    body = Body(iter(chunks))
    if request.method == "HEAD":
        body.close()
    response = StreamingHttpResponse(body, content_type=f"{MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rallying-{list_name(request)}.ndjson"'
    return response


class Body:
    """A stream's body: the first chunk's lines, read when it is made, then the rest as the
    client takes them. Django's response calls close() when the answer ends or is abandoned; it
    closes the chunks, and with them the cursor they read from (row_chunks)."""

    def __init__(self, chunks: Iterator[list]):
        self.chunks = chunks
        self.first = lines(next(chunks, []))

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        for chunk in self.chunks:
            yield lines(chunk)

    def close(self) -> None:
        close = getattr(self.chunks, "close", None)
        if close is not None:
            close()


def list_name(request) -> str:
    """The list's name as its address gives it: "cases" for /api/cases/ or /api/cases.ndjson."""
    return request.path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]


class NDJSONSchemaMixin:
    """For drf-spectacular's AutoSchema: a list's NDJSON answer is documented as one item of the
    list (each line is one such object), not as the JSON page; errors are JSON only."""

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        if MEDIA_TYPE not in content:
            return response
        if not status_code.startswith("2"):
            del content[MEDIA_TYPE]
            return response
        item = serializer.response if isinstance(serializer, OpenApiResponse) else serializer
        item = force_instance(item)
        if self._is_list_view(item) and is_list_serializer(item):
            item = item.child
        if self._is_list_view(item) and is_serializer(item):
            content[MEDIA_TYPE] = {"schema": self.resolve_serializer(item, direction).ref}
        return response
