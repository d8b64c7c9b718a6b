"""Load one URL with wrk, the C load generator (Debian package `wrk`), and read its results.

wrk keeps its connections open between requests (a server that closes after each answer, like
gunicorn's sync workers, is reconnected to) and runs for a fixed time. Its Lua `done()` hook
(wrk_report.lua) prints the latency percentiles, the request count and the errors as JSON.
127.0.0.1 only; every run is bounded by wrk's own duration and by a timeout on the process.
"""

import json
import shutil
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


def version() -> str:
    executable = shutil.which("wrk")
    if executable is None:
        return "not installed"
    done = subprocess.run([executable, "-v"], capture_output=True, text=True, timeout=10)
    return (done.stdout + done.stderr).split("Copyright")[0].strip()


def _wrk(port: int, path: str, headers: dict, load: Load, seconds: float) -> dict:
    command = [
        "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={round(load.timeout_seconds)}s",
        f"--script={REPORTER}",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://{LOOPBACK}:{port}{path}")
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + load.timeout_seconds + 30
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    return json.loads(lines[-1][len(MARK) :])


def measure(port: int, path: str, load: Load, headers: dict | None = None) -> dict:
    """A warm-up run (discarded), then the measured run: requests/s, latency and errors."""
    headers = headers or {}
    if load.warmup_seconds > 0:
        _wrk(port, path, headers, load, load.warmup_seconds)
    raw = _wrk(port, path, headers, load, load.seconds)
    elapsed = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(elapsed, 2),
        "rps": round(raw["requests"] / elapsed, 1) if elapsed else None,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "bytes_per_response": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
        # wrk's own count of answers that were not 2xx or 3xx, and of socket errors.
        "non_2xx_3xx": raw["status"],
        "socket_errors": {k: raw[k] for k in ("connect", "read", "write", "timeout") if raw[k]},
    }
