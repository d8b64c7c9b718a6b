"""A small, bounded HTTP load generator for 127.0.0.1 only: threads and http.client, standard library.

Each of `concurrency` threads sends GET requests one after another, on a new connection each time
(gunicorn's sync workers and Python's http.server close after every response, so every server is
measured the same way), until `max_requests` have been sent in all or `max_seconds` have passed.
Latency is measured from connect to the last byte of the body.
"""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    body_bytes: int = 0
    elapsed_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    def percentile(self, p: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "p50_ms": _round(self.percentile(50)),
            "p95_ms": _round(self.percentile(95)),
            "mean_ms": _round(statistics.fmean(self.latencies_ms) if self.latencies_ms else None),
            "rps": _round(self.requests / self.elapsed_s if self.elapsed_s else None),
            "bytes_per_response": round(self.body_bytes / self.requests) if self.requests else 0,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def fetch(port: int, path: str, headers: dict | None = None, timeout: float = 30.0):
    """One GET: (status, headers, body, milliseconds)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return (
            response.status,
            dict(response.getheaders()),
            body,
            (time.perf_counter() - start) * 1000,
        )
    finally:
        connection.close()


def run(
    port: int,
    path: str,
    *,
    headers: dict | None = None,
    concurrency: int = 4,
    max_requests: int = 400,
    max_seconds: float = 10.0,
    warmup: int = 5,
) -> Result:
    """Load one URL; bounded by `max_requests` and `max_seconds`, whichever comes first."""
    for _ in range(warmup):
        fetch(port, path, headers)
    result = Result()
    lock = threading.Lock()
    sent = 0
    deadline = time.perf_counter() + max_seconds

    def worker():
        nonlocal sent
        while True:
            with lock:
                if sent >= max_requests or time.perf_counter() >= deadline:
                    return
                sent += 1
            try:
                status, _, body, ms = fetch(port, path, headers)
            except OSError:
                with lock:
                    result.errors += 1
                continue
            with lock:
                result.latencies_ms.append(ms)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.body_bytes += len(body)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + 60)  # a hung server cannot hold the run for ever
    result.elapsed_s = time.perf_counter() - started
    return result
