"""nginx for the benchmark: deploy/nginx/rallying.conf with the benchmark's ports and directories.

The site file is copied into a temporary directory with its placeholders filled in (gunicorn's
port, a static root and a cache directory inside that directory) and its `listen 80;` moved to a
port on 127.0.0.1, under a main config that mirrors Debian's nginx.conf but keeps every path
inside the directory and stays in the foreground (`daemon off;`). nginx then runs with `-p` and
`-c` as one of the benchmark's processes. The static root holds a copy of the project's static/
and, under bench/, Rallying's answers saved as files: the same nginx serving a static file.
"""

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from servers import LOOPBACK, ROOT

SITE = ROOT / "deploy" / "nginx" / "rallying.conf"
ANSWERS = "bench"  # /static/bench/<file>

MAIN = """\
daemon off;
worker_processes auto;
pid nginx.pid;
error_log error.log warn;

events {
    worker_connections 1024;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    types {
        text/html html;
        text/css css;
        text/csv csv;
        application/json json;
        application/javascript js;
        image/svg+xml svg;
        text/markdown md;
    }
    default_type application/octet-stream;
    # The combined format plus the cache's verdict, which the benchmark counts per measurement.
    log_format cache '$remote_addr - $remote_user [$time_local] "$request" $status '
                     '$body_bytes_sent "$http_referer" "$http_user_agent" $upstream_cache_status';
    access_log access.log cache;
    gzip on;
    client_body_temp_path body_temp;
    proxy_temp_path proxy_temp;
    fastcgi_temp_path fastcgi_temp;
    uwsgi_temp_path uwsgi_temp;
    scgi_temp_path scgi_temp;

    include rallying.conf;
}
"""


def site_config(port: int, upstream_port: int, static_root: Path, cache_dir: Path) -> str:
    text = SITE.read_text()
    if text.count("listen 80;") != 1:
        raise RuntimeError(f"{SITE} should have exactly one `listen 80;` for the benchmark to move")
    filled = {
        "listen 80;": f"listen {LOOPBACK}:{port};",
        "@SERVER_NAME@": LOOPBACK,
        "@UPSTREAM@": f"{LOOPBACK}:{upstream_port}",
        "@STATIC_ROOT@": str(static_root),
        "@CACHE_DIR@": str(cache_dir),
    }
    for placeholder, value in filled.items():
        text = text.replace(placeholder, value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise RuntimeError(f"{SITE} has placeholders the benchmark does not fill in: {left}")
    return text


def prepare(directory: Path, port: int, upstream_port: int) -> Path:
    """Write the configuration and the static root into `directory`; the answers' folder."""
    directory.mkdir(parents=True, exist_ok=True)
    # nginx's workers run as an unprivileged user when the benchmark runs as root.
    os.chmod(directory, 0o755)
    static_root = directory / "static"
    shutil.copytree(ROOT / "static", static_root)
    (static_root / ANSWERS).mkdir()
    (directory / "rallying.conf").write_text(
        site_config(port, upstream_port, static_root, directory / "cache")
    )
    (directory / "nginx.conf").write_text(MAIN)
    check = subprocess.run(
        [*command(directory), "-t", "-q"], capture_output=True, text=True, timeout=30
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {check.stderr}")
    return static_root / ANSWERS


def log_size(directory: Path) -> int:
    path = directory / "access.log"
    return path.stat().st_size if path.exists() else 0


def cache_statuses(directory: Path, since: int) -> dict[str, int]:
    """How the requests logged after byte `since` of the access log were answered: HIT, MISS,
    UPDATING, …, or "-" where the cache was not asked (static files)."""
    with (directory / "access.log").open("rb") as log:
        log.seek(since)
        lines = log.read().decode(errors="replace").splitlines()
    return dict(Counter(line.rsplit(" ", 1)[-1] for line in lines if line))


def command(directory: Path) -> list[str]:
    files = ["-c", str(directory / "nginx.conf"), "-e", str(directory / "error.log")]
    return [shutil.which("nginx") or "nginx", "-p", f"{directory}/", *files]
