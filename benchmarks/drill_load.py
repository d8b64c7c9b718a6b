"""The drill's load: readers on a mix of pages and API calls, and one staff writer, for a fixed time.

Reader threads cycle through the mix from different starting points, a new connection per
request (gunicorn's sync workers close after each answer anyway). Each write goes to a different
record with a unique value, so that every acknowledged one can be looked up in the database
afterwards. Every request is recorded, nothing is retried, and requests under way at the end are
allowed to finish.
"""

import http.client
import itertools
import json
import threading
import time
from operator import itemgetter

from servers import send

CLIENT_TIMEOUT_S = 120.0
# Enough of an error body to tell a plain 503 page or JSON from a stack trace.
BODY_SAMPLE = 300
QUOTATION = {
    "speaker_role": "Drill editor",
    "findings": ["trusting-culture", "changed-infrastructure"],
    "source": "synthetic",
    "locator": "drill",
    "basis": "inferred",
    "basis_reason": "Synthetic test data written by the resilience drill in a throwaway database.",
}


def timed(port: int, t0: float, path: str, headers: dict, *, sample_from=500, **request):
    """Send one request: its record (start and end in seconds since t0, status or None when there
    was no answer, the connection error, a sample of the body from status `sample_from` on) and
    the answer's headers."""
    start = time.monotonic() - t0
    try:
        status, answer, body = send(port, path, headers, timeout=CLIENT_TIMEOUT_S, **request)
        error = ""
    except (OSError, http.client.HTTPException) as failure:
        status, answer, body, error = None, {}, b"", f"{type(failure).__name__}: {failure}"
    sampled = status is not None and status >= sample_from
    sample = body[:BODY_SAMPLE].decode("utf-8", "replace") if sampled else ""
    end = time.monotonic() - t0
    return {"start": start, "end": end, "status": status, "error": error, "body": sample}, answer


def writes(cases, token: str, run_name: str):
    """The staff editor's writes, alternately a case summary PATCH and a quotation POST, each to
    the next of `cases`: (what is written, the request)."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    for count in itertools.count(1):
        stamp = f"{run_name} write {count}"
        if count % 2:
            kind, slug = "case-summary", next(cases)
            value = f"Drill summary ({stamp}): written through the API under load."
            method, path, payload = "PATCH", f"/api/cases/{slug}/", {"summary": value}
        else:
            kind, slug = "quotation", f"drill-{run_name}-{count}"
            value = f"Drill quotation ({stamp})."
            method, path = "POST", "/api/quotations/"
            payload = {**QUOTATION, "slug": slug, "text": value, "case": next(cases)}
        request = {"method": method, "path": path, "body": json.dumps(payload).encode()}
        yield {"kind": kind, "target": slug, "value": value}, {**request, "headers": headers}


def run(port: int, mix: dict, editor_writes, options, t0: float) -> tuple[list, list]:
    """Load until --seconds after t0 (time.monotonic()) with --concurrency readers and a write
    every --write-interval s; every request and write, in order."""
    requests: list[dict] = []
    done_writes: list[dict] = []
    seconds, interval = options.seconds, options.write_interval
    deadline = t0 + seconds
    paths = list(mix.items())
    latest_etag = ""  # the revalidating client's, kept from its last 200 as a browser or CDN would

    def reader(turn: int) -> None:
        nonlocal latest_etag
        while time.monotonic() < deadline:
            key, path = paths[turn % len(paths)]
            turn += 1
            revalidating = key == "revalidate"
            headers = {"If-None-Match": latest_etag} if revalidating and latest_etag else {}
            record, answer = timed(port, t0, path, headers)
            if revalidating and record["status"] == 200 and answer.get("ETag"):
                latest_etag = answer["ETag"]
            requests.append({"key": key, **record})  # list.append is atomic

    def write(written: dict, request: dict) -> None:
        record, _ = timed(port, t0, sample_from=300, **request)
        done_writes.append({**written, **record})

    write_threads: list[threading.Thread] = []

    def editor() -> None:
        # A write starts every interval, each in its own thread, whether or not the previous one
        # has been answered (under load an answer can take seconds).
        next_at = t0 + interval
        while interval > 0 and next_at < deadline:
            time.sleep(max(0.0, next_at - time.monotonic()))
            thread = threading.Thread(target=write, args=next(editor_writes), daemon=True)
            write_threads.append(thread)
            thread.start()
            next_at += interval

    threads = [
        threading.Thread(target=reader, args=(i,), daemon=True) for i in range(options.concurrency)
    ]
    threads.append(threading.Thread(target=editor, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + CLIENT_TIMEOUT_S + 30)  # a hung server cannot hold the drill for ever
    for thread in write_threads:
        thread.join(CLIENT_TIMEOUT_S + 30)
    return sorted(requests, key=itemgetter("start")), sorted(done_writes, key=itemgetter("start"))
