"""The host a benchmark or drill ran on, as its reports describe it."""

import os
import platform
from pathlib import Path


def _proc_field(path: str, name: str, default: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(name):
            return line.split(":", 1)[1].strip()
    return default


def describe() -> dict:
    """CPU model and count, memory, OS, Python and the load average now."""
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name", platform.processor()),
        "cpus": os.cpu_count(),
        "memory": _proc_field("/proc/meminfo", "MemTotal", "unknown"),
        "os": platform.platform(),
        "python": platform.python_version(),
    }
