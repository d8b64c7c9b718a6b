"""Load one URL with wrk, the C load generator (Debian package `wrk`), and read its results.

wrk keeps its connections open between requests (a server that closes after each answer, like
gunicorn's sync workers, is reconnected to) and runs for a fixed time. Its Lua `done()` hook
(wrk_report.lua) prints requests/s, the latency percentiles and the errors as JSON.
127.0.0.1 only; every run is bounded by wrk's own duration and by a timeout on the process.
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from servers import LOOPBACK

REPORTER = Path(__file__).resolve().parent / "wrk_report.lua"
MARK = "WRK_JSON "


@dataclass(frozen=True)
class Load:
    connections: int = 8
    threads: int = 2
    seconds: float = 6.0
    warmup_seconds: float = 1.0
    timeout_seconds: float = 30.0  # a slower answer counts as a timeout, not a latency


def _wrk(port: int, path: str, headers: dict, load: Load, seconds: float) -> dict:
    command = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={round(load.timeout_seconds)}s",
        f"--script={REPORTER}",
        *(f"--header={name}: {value}" for name, value in headers.items()),
        f"http://{LOOPBACK}:{port}{path}",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + load.timeout_seconds + 30
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    return json.loads(lines[-1].removeprefix(MARK))


def measure(port: int, path: str, load: Load, headers: dict) -> dict:
    """A warm-up run (discarded), then the measured run: requests/s, latency and errors."""
    if load.warmup_seconds > 0:
        _wrk(port, path, headers, load, load.warmup_seconds)
    cell = _wrk(port, path, headers, load, load.seconds)
    cell["socket_errors"] = {kind: n for kind, n in cell["socket_errors"].items() if n}
    return cell
