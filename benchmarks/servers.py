"""What the benchmark and the drill share: the servers they start (only processes started here,
stopped each by its own id), single HTTP requests to them, Redis, and the host they ran on."""

import http.client
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"


def send(
    port: int, path: str, headers: dict | None = None, *, method: str = "GET", body=None, timeout=30
) -> tuple[int, dict, bytes]:
    """One request on 127.0.0.1, on its own connection: (status, headers, body). Raises OSError
    (or an http.client error) when there is no answer."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, workers: int) -> list[str]:
    """gunicorn as `make serve` runs it (sync workers, access log), on 127.0.0.1:port."""
    return [
        str(BIN / "gunicorn"),
        "rallying.wsgi",
        f"--bind={LOOPBACK}:{port}",
        f"--workers={workers}",
        "--access-logfile=-",
    ]


def start(command: list[str], *, env: dict, log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
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
            if send(port, path, timeout=5)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server on port {port} not ready after {seconds} s")


def worker_peak_rss(master: subprocess.Popen) -> list[dict]:
    """VmHWM (peak resident set) and VmRSS of each gunicorn worker, in MiB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        mib = {name: round(int(fields[name].split()[0]) / 1024, 1) for name in ("VmHWM", "VmRSS")}
        peaks.append({"pid": int(pid), "peak_rss_mib": mib["VmHWM"], "rss_mib": mib["VmRSS"]})
    return peaks


def redis_available(url: str) -> bool:
    try:
        return bool(url) and redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        return False


def load_average() -> list[float]:
    return [round(load, 2) for load in os.getloadavg()]


def _proc_field(path: str, name: str, default: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(name):
            return line.split(":", 1)[1].strip()
    return default


def describe_host(*packages: str) -> dict:
    """CPU model and count, memory, OS, Python, the packages' versions and the load average now."""
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name", platform.processor()),
        "cpus": os.cpu_count(),
        "memory": _proc_field("/proc/meminfo", "MemTotal", "unknown"),
        "os": platform.platform(),
        "python": platform.python_version(),
        **{package: version(package) for package in packages},
        "load_average_at_start": load_average(),
    }
