"""The drill's load: readers on a mix of pages and API calls, and one staff writer, for a fixed time.

`concurrency` reader threads each send requests one after another, on a new connection each time
(gunicorn's sync workers close after each answer anyway), cycling through the mix from different
starting points so that every URL gets its share. A staff editor starts a write every
`write_interval` seconds, each on its own connection without waiting for the previous answer: it
PATCHes a case's summary or POSTs a quotation, each write to a different record with a unique
value, so that afterwards every acknowledged write can be looked up in the database. Every request
is recorded (what, when it started and ended, status, or the connection error), nothing is
retried, and the run stops at `seconds` (requests under way are allowed to finish).
"""

import http.client
import json
import threading
import time
from dataclasses import asdict, dataclass

from servers import LOOPBACK

CLIENT_TIMEOUT_S = 120.0
# Enough of an error body to tell a plain 503 page or JSON from a stack trace.
BODY_SAMPLE = 300


@dataclass
class Request:
    key: str
    start: float  # seconds since the phase began
    end: float
    status: int | None  # None: the connection to gunicorn failed
    error: str = ""
    body: str = ""  # a sample, for 5xx answers only


@dataclass
class Write:
    kind: str  # "case-summary" or "quotation"
    target: str  # the case's or the quotation's slug
    value: str  # the summary or quotation text written
    start: float
    end: float
    status: int | None
    error: str = ""
    body: str = ""  # a sample, for refused writes only


def send(port: int, method: str, path: str, headers: dict, body: bytes | None = None):
    """(status, response headers, body); raises OSError (and http.client errors) on failure."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=CLIENT_TIMEOUT_S)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Revalidator:
    """A client that revalidates the filtered list with the ETag it last saw (304 while unchanged;
    on a 200 it keeps the new ETag, as a browser or a CDN would)."""

    def __init__(self, path: str):
        self.path = path
        self.etag = ""
        self.lock = threading.Lock()

    def headers(self) -> dict:
        with self.lock:
            return {"If-None-Match": self.etag} if self.etag else {}

    def saw(self, status: int, headers: dict) -> None:
        if status == 200 and headers.get("ETag"):
            with self.lock:
                self.etag = headers["ETag"]


class Writer:
    """The staff editor: alternately a case summary PATCH and a quotation POST."""

    def __init__(self, port: int, token: str, cases: list[str], quotation: dict, run_name: str):
        self.port = port
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.cases = iter(cases)
        self.quotation = quotation
        self.run_name = run_name
        self.count = 0

    def next_write(self) -> tuple[str, str, str, str, dict]:
        self.count += 1
        stamp = f"{self.run_name} write {self.count}"
        if self.count % 2:
            slug = next(self.cases)
            value = f"Drill summary ({stamp}): written through the API under load."
            return "case-summary", slug, value, f"/api/cases/{slug}/", {"summary": value}
        slug = f"drill-{self.run_name}-{self.count}"
        value = f"Drill quotation ({stamp})."
        payload = {**self.quotation, "slug": slug, "text": value, "case": next(self.cases)}
        return "quotation", slug, value, "/api/quotations/", payload

    def write(self, prepared: tuple, t0: float) -> Write:
        kind, target, value, path, payload = prepared
        method = "PATCH" if kind == "case-summary" else "POST"
        start = time.monotonic() - t0
        try:
            status, _, body = send(
                self.port, method, path, self.headers, json.dumps(payload).encode()
            )
            error = ""
        except (OSError, http.client.HTTPException) as failure:
            status, body, error = None, b"", f"{type(failure).__name__}: {failure}"
        sample = body[:BODY_SAMPLE].decode("utf-8", "replace") if (status or 0) >= 300 else ""
        return Write(kind, target, value, start, time.monotonic() - t0, status, error, sample)


def run(
    port: int,
    mix: list[tuple[str, str, dict]],
    revalidator: Revalidator,
    writer: Writer,
    *,
    seconds: float,
    concurrency: int,
    write_interval: float,
    t0: float,
) -> tuple[list[Request], list[Write]]:
    """Load until `seconds` after t0 (time.monotonic()); every request and write, in order."""
    requests: list[Request] = []
    writes: list[Write] = []
    lock = threading.Lock()
    deadline = t0 + seconds

    def reader(offset: int) -> None:
        turn = offset
        while time.monotonic() < deadline:
            key, path, headers = mix[turn % len(mix)]
            turn += 1
            if key == "revalidate":
                headers = revalidator.headers()
            start = time.monotonic() - t0
            try:
                status, response_headers, body = send(port, "GET", path, headers)
                error = ""
            except (OSError, http.client.HTTPException) as failure:
                status, response_headers, body = None, {}, b""
                error = f"{type(failure).__name__}: {failure}"
            if key == "revalidate" and status:
                revalidator.saw(status, response_headers)
            sample = body[:BODY_SAMPLE].decode("utf-8", "replace") if (status or 0) >= 500 else ""
            record = Request(key, start, time.monotonic() - t0, status, error, sample)
            with lock:
                requests.append(record)

    def write(prepared: tuple) -> None:
        record = writer.write(prepared, t0)
        with lock:
            writes.append(record)

    write_threads: list[threading.Thread] = []

    def editor() -> None:
        # A write starts every write_interval seconds whether or not the previous one has been
        # answered (under load an answer can take seconds): each in its own short-lived thread.
        next_at = t0
        while True:
            next_at += write_interval
            if write_interval <= 0 or next_at >= deadline:
                return
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            thread = threading.Thread(target=write, args=(writer.next_write(),), daemon=True)
            write_threads.append(thread)
            thread.start()

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(concurrency)]
    threads.append(threading.Thread(target=editor, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + CLIENT_TIMEOUT_S + 30)  # a hung server cannot hold the drill for ever
    for thread in write_threads:
        thread.join(CLIENT_TIMEOUT_S + 30)
    return sorted(requests, key=lambda r: r.start), sorted(writes, key=lambda w: w.start)


def as_dicts(records) -> list[dict]:
    return [asdict(record) for record in records]
