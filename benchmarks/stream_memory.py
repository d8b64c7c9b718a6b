"""How much memory a worker needs to stream every case as NDJSON (issue 14's target: under 150 MB).

A gunicorn of its own, with one sync worker as `make serve` runs them, so that the worker's peak
resident set (VmHWM in /proc) is that of starting, one warm-up request and the stream, and nothing
the load measurements asked of it before. The client reads `/api/cases/?format=ndjson` to the end
in blocks, counts its lines (every published case, as the JSON list counts them) and its bytes,
and the worker's resident set is sampled as it streams.

`make bench` measures it at each size (run.py); alone, on a database already built (`--reuse`) or
built here: `python benchmarks/stream_memory.py --cases 10010`.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import servers
from dataset import HERE, build, django_env

PATH = "/api/cases/?format=ndjson"
TARGET_MB = 150
MB = 1_000_000
BLOCK = 64 * 1024
SAMPLE_SECONDS = 0.02


def status_kib(pid: int, name: str) -> int:
    """A /proc/<pid>/status figure in KiB (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {name} for process {pid}")


def only_worker(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {len(children)}")
    return int(children[0])


class Sampler(threading.Thread):
    """Polls a process's resident set until stopped, keeping the largest seen."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.samples = pid, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, status_kib(self.pid, "VmRSS"))
            self.samples += 1
            time.sleep(SAMPLE_SECONDS)


def read_stream(port: int) -> tuple[int, int, int, str]:
    """(status, lines, bytes, content type) of the whole stream, read in blocks."""
    connection = http.client.HTTPConnection(servers.LOOPBACK, port, timeout=600)
    try:
        connection.request("GET", PATH)
        response = connection.getresponse()
        lines = size = 0
        last = b"\n"
        while block := response.read(BLOCK):
            lines += block.count(b"\n")
            size += len(block)
            last = block[-1:]
        if last != b"\n":
            raise RuntimeError("the stream ended inside a line")
        return response.status, lines, size, response.getheader("Content-Type", "")
    finally:
        connection.close()


def measure(port: int, master: int) -> dict:
    """Stream every case from the server on `port` (its one worker a child of `master`)."""
    status, _, body = servers.send(port, "/api/cases/?page_size=1")  # warm-up, and the count
    if status != 200:
        raise RuntimeError(f"/api/cases/ answered {status}")
    expected = json.loads(body)["count"]
    worker = only_worker(master)
    before_kib = status_kib(worker, "VmRSS")
    sampler = Sampler(worker)
    sampler.start()
    started = time.perf_counter()
    try:
        status, lines, size, content_type = read_stream(port)
    finally:
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
    peak_kib = status_kib(worker, "VmHWM")
    result = {
        "path": PATH,
        "status": status,
        "content_type": content_type,
        "cases": expected,
        "lines": lines,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before_kib * 1024 / MB, 1),
        "peak_rss_sampled_mb": round(sampler.peak_kib * 1024 / MB, 1),
        "samples": sampler.samples,
        "peak_rss_mb": round(peak_kib * 1024 / MB, 1),  # VmHWM: the worker's peak, never missed
        "target_mb": TARGET_MB,
    }
    return {**result, "met": meets_target(result)}


def meets_target(result: dict) -> bool:
    """Every case streamed, and the worker's peak under the target."""
    complete = result["status"] == 200 and result["lines"] == result["cases"]
    return complete and result["peak_rss_mb"] < result["target_mb"]


def measure_server(env: dict, log: Path) -> dict:
    """Start a one-worker gunicorn on `env`'s database, measure the stream, stop it."""
    port = servers.free_port()
    process = servers.start(servers.gunicorn_command(port, workers=1), env=env, log=log)
    try:
        servers.wait_ready(port, "/api/", process)
        return measure(port, process.pid)
    finally:
        servers.stop(process)


def line(result: dict) -> str:
    """The result as the summary gives it."""
    verdict = "met" if result["met"] else "**missed**"
    counted = f"{result['lines']:,} lines for {result['cases']:,} cases"
    if result["lines"] != result["cases"]:
        counted = f"**{counted}**"
    return (
        f"{counted}, {result['bytes'] / MB:,.1f} MB in {result['seconds']:g} s; worker "
        f"{result['rss_before_mb']} MB before, peak {result['peak_rss_mb']} MB "
        f"(< {result['target_mb']} MB: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_010, help="cases in all (10 real)")
    parser.add_argument(
        "--reuse", action="store_true", help="stream from the database as it is, without a build"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rallying_bench"
        ),
    )
    options = parser.parse_args()
    url = urlsplit(options.database_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1") or "bench" not in url.path:
        sys.exit("Only a PostgreSQL database on this machine whose name contains 'bench'.")
    env = django_env(options.database_url, "")
    if not options.reuse:
        print(f"Building {options.cases:,} cases: {build(env, options.cases - 10)}", flush=True)
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    result = measure_server(env, work / "stream_memory.log")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "stream_memory.json").write_text(json.dumps(result, indent=1) + "\n")
    print(line(result))


if __name__ == "__main__":
    main()
