"""The benchmark's NDJSON memory measurement (benchmarks/stream_memory.py) can fail.

The measurement itself needs the benchmark's PostgreSQL dataset and a gunicorn; these tests feed
its reading and its verdict a stream and made-up results, and make sure a stream cut short, a
missing case or a peak over the target each count as missed in the summary.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import report  # noqa: E402
import stream_memory  # noqa: E402

RESULTS = Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "results.json"


def serving(body: bytes):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("lines", [1, 3, 50_000])
def test_the_client_counts_every_line_read_in_blocks(lines):
    server = serving(b'{"slug": "a-case"}\n' * lines)
    try:
        status, counted, size, _ = stream_memory.read_stream(server.server_address[1])
    finally:
        server.shutdown()
    assert (status, counted, size) == (200, lines, 19 * lines)


def test_a_stream_that_stops_inside_a_line_is_an_error():
    server = serving(b'{"slug": "a-case"}\n{"slug": "b-')
    try:
        with pytest.raises(RuntimeError, match="inside a line"):
            stream_memory.read_stream(server.server_address[1])
    finally:
        server.shutdown()


def result(**changes) -> dict:
    measured = {
        "status": 200,
        "cases": 10_010,
        "lines": 10_010,
        "bytes": 41_000_000,
        "seconds": 6.3,
        "rss_before_mb": 85.7,
        "peak_rss_mb": 110.8,
        "target_mb": 150,
    } | changes
    return measured | {"met": stream_memory.meets_target(measured)}


def targets_met(output: dict) -> tuple[int, int]:
    _, met, total = report.targets(output)
    return met, total


@pytest.mark.parametrize(
    "changes, met",
    [
        ({}, True),
        ({"peak_rss_mb": 150.0}, False),
        ({"lines": 10_009}, False),
        ({"status": 500, "lines": 0}, False),
    ],
)
def test_the_summary_counts_the_largest_sizes_stream_as_a_target(changes, met):
    """On the last run's figures (results.json), with its streams taken out, then a stream at
    each size put in."""
    output = json.loads(RESULTS.read_text())
    small, large = sorted(output["runs"], key=int)
    for size in (small, large):
        output["runs"][size].pop("stream", None)
    before_met, before_total = targets_met(output)
    output["runs"][small]["stream"] = result(peak_rss_mb=500.0)  # shown, not counted
    output["runs"][large]["stream"] = result(**changes)
    assert targets_met(output) == (before_met + met, before_total + 1)
    summary = report.markdown(output)
    row = summary.split("Target: NDJSON stream")[1].splitlines()[2]
    assert row.endswith("met |" if met else "**missed** |")


@pytest.mark.parametrize("seconds, met", [(1.28, True), (2.0, False)])
def test_the_summary_counts_each_evidence_pack_as_a_target(seconds, met):
    """On the last run's figures, with the 10-case pack's time changed: it is counted, and its
    row says met or missed."""
    output = json.loads(RESULTS.read_text())
    large = max(output["runs"], key=int)
    packs = output["runs"][large].pop("pack_pdf")
    before_met, before_total = targets_met(output)
    ten = next(made for made in packs["packs"] if made["cases"] == 10)
    ten.update(best_s=seconds, met=seconds < ten["target_s"])
    output["runs"][large]["pack_pdf"] = packs
    fifty_met = next(made["met"] for made in packs["packs"] if made["cases"] == 50)
    assert targets_met(output) == (before_met + met + fifty_met, before_total + 2)
    row = report.markdown(output).split("Target: evidence pack PDF")[1].splitlines()[2]
    assert row.startswith(f"| 10 cases | {ten['pages']} | {seconds:g} s |")
    assert row.endswith("< 2 s met |" if met else "< 2 s **missed** |")
