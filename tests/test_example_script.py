"""examples/fetch_cases.py, run as a script writer would: against a live server, stdlib only."""

import csv
import http.server
import io
import json
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import Case

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "fetch_cases.py"


def run_script(*args: str) -> subprocess.CompletedProcess:
    # -I -S: no site-packages and no environment, so the script can only use the standard library.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def live_dataset(transactional_db, live_server):
    """The live server sees only committed rows: load the dataset for real."""
    call_command("load_dataset", stdout=StringIO())
    return live_server.url


def test_pages_through_a_filtered_list_and_writes_the_csv(live_dataset, tmp_path):
    output = tmp_path / "cases.csv"
    result = run_script(
        live_dataset,
        "--typology", "agents-of-change",
        "--typology", "collaborative-markets",
        "--sector", "charity",
        "--page-size", "1",
        "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = Case.objects.filter(
        classifications__typology__slug__in=["agents-of-change", "collaborative-markets"],
        sector__slug="charity",
    ).order_by("name", "slug")
    assert len(expected) > 1
    # One request per page: page_size 1 forces as many pages as cases.
    assert result.stderr.count("Fetched 1 of") == len(expected)
    with output.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["slug", "name", "sector", "region", "typology", "typology_basis"]
    assert [row["slug"] for row in rows] == [case.slug for case in expected]
    for row, case in zip(rows, expected, strict=True):
        assert row == {
            "slug": case.slug,
            "name": case.name,
            "sector": "charity",
            "region": case.region.slug,
            "typology": case.classifications.get().typology.slug,
            "typology_basis": case.classifications.get().basis,
        }


def test_writes_chosen_columns_to_standard_output(live_dataset):
    result = run_script(
        live_dataset, "--q", "Wirral", "--columns", "slug,accountability,findings,nation"
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [
        {
            "slug": "wirral-council",
            "accountability": "outcomes",
            "findings": "beyond-co-production",
            "nation": "england",
        }
    ]


def test_a_refused_request_stops_with_the_apis_message(live_dataset, tmp_path):
    output = tmp_path / "cases.csv"
    result = run_script(live_dataset, "--typology", "atlantis", "-o", str(output))
    assert result.returncode == 1
    assert "400" in result.stderr
    assert "typology: Unknown typology “atlantis”" in result.stderr
    assert not output.exists()

    result = run_script(live_dataset, "--page-size", "500")
    assert result.returncode == 1
    assert "page_size: 500 is more than the maximum page size, 200." in result.stderr
    assert result.stdout == ""


class BusyThenServing(http.server.BaseHTTPRequestHandler):
    """Answers the first request with 429 and Retry-After: 1, then one page of one case."""

    calls: list[float] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.calls.append(time.monotonic())
        if len(self.calls) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"detail": "Request was throttled."}')
            return
        case = {
            "slug": "a-case",
            "name": "A case",
            "sector": {"slug": "charity"},
            "region": {"slug": "london"},
            "classifications": [],
        }
        body = json.dumps({"count": 1, "next": None, "previous": None, "results": [case]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_waits_as_long_as_retry_after_says_when_throttled():
    BusyThenServing.calls = []
    server = http.server.HTTPServer(("127.0.0.1", 0), BusyThenServing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run_script(f"http://127.0.0.1:{server.server_port}", "--columns", "slug,typology")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert "waiting 1 s" in result.stderr
    assert len(BusyThenServing.calls) == 2
    assert BusyThenServing.calls[1] - BusyThenServing.calls[0] >= 0.9
    assert result.stdout.splitlines() == ["slug,typology", "a-case,none"]
