"""Start, watch and stop the benchmark's servers (only processes started here, each by its own id),
and fetch single answers from them (readiness checks, captures); loads are wrk's (wrk.py)."""

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def fetch(port: int, path: str, headers: dict | None = None, timeout: float = 30.0):
    """One GET on 127.0.0.1: (status, headers, body, milliseconds)."""
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    """Stop one process we started (and its own children) by its id."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_ready(port: int, path: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        try:
            if fetch(port, path, timeout=5)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server on port {port} not ready after {seconds} s")


def worker_peak_rss(master: subprocess.Popen) -> list[dict]:
    """VmHWM (peak resident set) of each gunicorn worker, in MiB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        peaks.append(
            {
                "pid": int(pid),
                "peak_rss_mib": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
                "rss_mib": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
            }
        )
    return peaks


def redis_available(url: str) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
