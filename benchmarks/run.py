"""Measure Rallying at 10 and 10,000 cases against Datasette and nginx, with wrk, in one run.

`make bench` runs this with benchmarks/.venv (the project's requirements, gunicorn, Datasette and
the Redis client); wrk and nginx are Debian's packages. For each size it:

1. rebuilds the PostgreSQL database BENCH_DATABASE_URL (default: rallying_bench on 127.0.0.1):
   migrate, load the ten real cases, `synthesize` the rest, VACUUM ANALYZE;
2. exports the same data to SQLite (benchmarks/export_sqlite.py) for Datasette;
3. serves, side by side:
   - "cached": Rallying with gunicorn as `make serve` runs it (3 sync workers, access log; answer
     cache on, Redis);
   - "cold": the same with ANSWER_CACHE=0 (Redis then holds only the throttles' counts): what a
     read costs when no stored answer helps, as after a write;
   - "nginx": nginx with deploy/nginx/rallying.conf in front of the cached gunicorn
     (benchmarks/nginx_proxy.py: generated into a temporary directory, its own process);
   - "static": the same nginx serving Rallying's answers saved as files (the baseline);
   - "datasette": the SQLite file with `datasette serve -i`;
4. loads each server with wrk (benchmarks/wrk.py: the same connections, threads and duration
   for every cell, after a warm-up; 127.0.0.1 only) for each request, the servers one after the
   other so that their ratios come from the same minutes;
5. reads the peak RSS (VmHWM) of every gunicorn worker and, at the largest size, writes
   EXPLAIN ANALYZE of the hot queries (benchmarks/explain.py) to benchmarks/results/explain.txt.

Results go to benchmarks/results/results.json and benchmarks/results/summary.md (report.py marks
each target met or missed). Every process started here is stopped, by its own id, before the end.
"""

import argparse
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import machine as host
import nginx_proxy
import report
import wrk
from dataset import build, django_env, export, postgres_execute
from servers import (
    LOOPBACK,
    fetch,
    free_port,
    redis_available,
    start,
    stop,
    wait_ready,
    worker_peak_rss,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent

FILTER = "sector=charity&region=london"
DETAIL = "wirral-council"  # a real case with findings, quotations and an accountability mode
SEARCH = "alliance"
PAGE_SIZE = 50  # the API's and, with _size, Datasette's
DATASETTE_FACETS = "&".join(
    [f"_facet={c}" for c in ("typology", "sector", "region", "nation")]
    + [f"_facet_array={c}" for c in ("accountability", "policy_area")]
    + [f"_facet={c}" for c in ("funding_model", "permanence", "typology_basis")]
    + ["_facet_array=finding"]
)
DATASETTE_LIST = f"/rallying/cases.json?_sort=name&_size={PAGE_SIZE}&_shape=objects"


@dataclass(frozen=True)
class Request:
    label: str
    rallying: str
    datasette: str | None  # None: Datasette has no counterpart
    static: str  # the file the static row serves: Rallying's answer, saved
    revalidate: bool = False  # sent with If-None-Match: the ETag each server gave


REQUESTS = {
    "list_json": Request(
        "Filtered case list (JSON)",
        f"/api/cases/?{FILTER}",
        f"{DATASETTE_LIST}&{FILTER}",
        "list.json",
    ),
    "facets": Request(
        "Facet counts (JSON)",
        f"/api/cases/facets/?{FILTER}",
        f"/rallying/cases.json?{FILTER}&{DATASETTE_FACETS}&_size=0",
        "facets.json",
    ),
    "detail": Request(
        "Case detail (JSON)",
        f"/api/cases/{DETAIL}/",
        f"/rallying/cases/{DETAIL}.json",
        "detail.json",
    ),
    "case_html": Request(
        "Case page (HTML)", f"/cases/{DETAIL}/", f"/rallying/cases/{DETAIL}", "case.html"
    ),
    "search": Request(
        "Full-text search (JSON)",
        f"/api/cases/?q={SEARCH}",
        f"/rallying/cases.json?_search={SEARCH}&_size={PAGE_SIZE}&_shape=objects",
        "search.json",
    ),
    "csv": Request(
        "CSV of the whole filtered list",
        f"/api/cases/?format=csv&{FILTER}",
        f"/rallying/cases.csv?{FILTER}&_stream=on&_size=max",
        "export.csv",
    ),
    # The last page of the whole list; its number and Datasette's cursor depend on the size.
    "deep_page": Request(
        "Last page of the whole list (JSON)", "/api/cases/?page={last}", "{datasette}", "deep.json"
    ),
    "revalidate": Request(
        "304 revalidation of the filtered list", f"/api/cases/?{FILTER}", None, "list.json", True
    ),
}
SERVERS = ("cached", "cold", "nginx", "static", "datasette")
COLD_ENV = {"ANSWER_CACHE": "0"}
# The cached gunicorn is also nginx's upstream: one proxy appends to X-Forwarded-For.
CACHED_ENV = {"TRUSTED_PROXIES": "1"}


def deep_page(request: Request, ports: dict, sqlite_path: Path) -> Request:
    """The last page: Rallying's by number, Datasette's by its cursor (`_next`, the sort value and
    primary key of the row before the page, as Datasette's own `next` link gives it)."""
    from datasette.utils import tilde_encode

    count = json.loads(fetch(ports["cached"], "/api/cases/")[2])["count"]
    last = max(1, math.ceil(count / PAGE_SIZE))
    datasette = DATASETTE_LIST
    if last > 1:
        with sqlite3.connect(sqlite_path) as db:
            name, slug = db.execute(
                "SELECT name, slug FROM cases ORDER BY name, slug LIMIT 1 OFFSET ?",
                ((last - 1) * PAGE_SIZE - 1,),
            ).fetchone()
        datasette += "&_next=" + quote(f"{tilde_encode(name)},{tilde_encode(slug)}", safe="")
    return replace(
        request,
        label=f"{request.label}: page {last}",
        rallying=request.rallying.format(last=last),
        datasette=datasette,
    )


# --- measuring -------------------------------------------------------------------------------


def capture(requests: dict, port: int, directory: Path) -> None:
    """Save the answers through nginx (the same bytes as behind nginx: the absolute URLs in them
    name nginx's host) as the files the static row serves."""
    for request in requests.values():
        status, _, body, _ = fetch(port, request.rallying)
        if status != 200:
            raise RuntimeError(f"Rallying answered {status} to {request.rallying}")
        (directory / request.static).write_bytes(body)
        (directory / request.static).chmod(0o644)


def plan(request: Request, ports: dict) -> dict:
    """server → (port, path, headers) for one request; None where a server has no counterpart."""
    static = f"/static/{nginx_proxy.ANSWERS}/{request.static}"
    cells = {
        "cached": (ports["cached"], request.rallying),
        "cold": (ports["cold"], request.rallying),
        "nginx": (ports["nginx"], request.rallying),
        "static": (ports["nginx"], static),
        "datasette": (ports["datasette"], request.datasette) if request.datasette else None,
    }
    if not request.revalidate:
        return {server: cell and (*cell, {}) for server, cell in cells.items()}
    plans = {}
    for server, cell in cells.items():
        etag = cell and fetch(*cell)[1].get("ETag")
        plans[server] = (*cell, {"If-None-Match": etag}) if etag else None
    return plans


def probe(port: int, path: str, headers: dict) -> dict:
    """One more fetch after the load: what the load was answered."""
    status, answer, body, _ = fetch(port, path, headers)
    kept = ("Cache-Control", "ETag", "Vary", "X-Cache-Status")
    return {"status": status, "body_bytes": len(body)} | {
        name: answer[name] for name in kept if name in answer
    }


class Progress:
    def __init__(self, total: int):
        self.total, self.done, self.started = total, 0, time.monotonic()
        self.size = 0  # the size being measured

    def cell(self, key: str, server: str, cell: dict | None) -> None:
        self.done += 1
        minutes, seconds = divmod(round(time.monotonic() - self.started), 60)
        if cell is None:
            outcome = "n/a"
        else:
            outcome = (
                f"{cell['rps']:8.1f} req/s  p50 {cell['p50_ms']:7.1f}  p99 {cell['p99_ms']:7.1f} ms"
            )
            if cell["non_2xx_3xx"] or cell["socket_errors"]:
                outcome += f"  errors {cell['non_2xx_3xx']} {cell['socket_errors']}"
            if "cache" in cell:
                outcome += f"  nginx cache {cell['cache']}"
        print(
            f"  [{self.done:3}/{self.total}] {minutes:2}:{seconds:02} {self.size:>6} {key:10} "
            f"{server:9} {outcome}",
            flush=True,
        )


def measure(requests: dict, ports: dict, edge: Path, load: wrk.Load, progress: Progress) -> dict:
    results = {}
    for key, request in requests.items():
        results[key] = {"label": request.label}
        for server, cell in plan(request, ports).items():
            if cell is None:
                results[key][server] = None
                progress.cell(key, server, None)
                continue
            port, path, headers = cell
            logged = nginx_proxy.log_size(edge)
            results[key][server] = {"path": path, "headers": headers}
            results[key][server] |= wrk.measure(port, path, load, headers)
            if server == "nginx":
                # Warm-up included: its first request may be a MISS.
                results[key][server]["cache"] = nginx_proxy.cache_statuses(edge, logged)
            results[key][server]["probe"] = probe(port, path, headers)
            progress.cell(key, server, results[key][server])
    return results


# --- servers ---------------------------------------------------------------------------------


def gunicorn_command(port: int, workers: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "rallying.wsgi:application",
        f"--bind={LOOPBACK}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--access-logfile=-",  # as `make serve` runs it
    ]


def datasette_command(sqlite_path: Path, port: int) -> list[str]:
    settings = {
        "default_page_size": PAGE_SIZE,
        "suggest_facets": "off",
        "facet_time_limit_ms": 10000,
        "sql_time_limit_ms": 20000,
    }
    command = [str(BIN / "datasette"), "serve", "-i", str(sqlite_path)]
    command += [f"--host={LOOPBACK}", f"--port={port}"]
    for name, value in settings.items():
        command += ["--setting", name, str(value)]
    return command


def run_size(size: int, options, env: dict, load: wrk.Load, progress: Progress) -> dict:
    print(f"== {size:,} cases: building", flush=True)
    outcome = {"build": build(size, options.database_url, env)}
    directory = WORK / str(size)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    sqlite_path = directory / "rallying.db"
    outcome["build"]["export_sqlite_s"] = export(env, sqlite_path)
    ports = {server: free_port() for server in ("cached", "cold", "nginx", "datasette")}
    log = directory / "servers.log"
    edge = Path(tempfile.mkdtemp(prefix="rallying-bench-nginx-"))
    processes = []
    try:
        print(f"== {size:,} cases: starting the servers", flush=True)
        cached = start(
            gunicorn_command(ports["cached"], options.workers), env={**env, **CACHED_ENV}, log=log
        )
        processes.append(cached)
        cold = start(
            gunicorn_command(ports["cold"], options.workers), env={**env, **COLD_ENV}, log=log
        )
        processes.append(cold)
        datasette = start(datasette_command(sqlite_path, ports["datasette"]), env=env, log=log)
        processes.append(datasette)
        wait_ready(ports["cached"], "/api/", cached)
        wait_ready(ports["cold"], "/api/", cold)
        wait_ready(ports["datasette"], "/-/versions.json", datasette)
        requests = dict(REQUESTS)
        requests["deep_page"] = deep_page(REQUESTS["deep_page"], ports, sqlite_path)
        answers = nginx_proxy.prepare(edge, ports["nginx"], ports["cached"])
        nginx = start(nginx_proxy.command(edge), env=env, log=log)
        processes.append(nginx)
        wait_ready(ports["nginx"], "/healthz", nginx)
        capture(requests, ports["nginx"], answers)
        outcome["sizes"] = {
            "sqlite_bytes": sqlite_path.stat().st_size,
            "static_bytes": {p.name: p.stat().st_size for p in sorted(answers.iterdir())},
        }
        outcome["requests"] = {key: asdict(request) for key, request in requests.items()}
        print(f"== {size:,} cases: measuring", flush=True)
        progress.size = size
        outcome["results"] = measure(requests, ports, edge, load, progress)
        if size == max(options.sizes):
            explain = subprocess.run(
                [str(BIN / "python"), str(HERE / "explain.py")],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            (RESULTS / "explain.txt").write_text(explain.stdout)
        outcome["gunicorn_workers"] = worker_peak_rss(cached)
        outcome["cold_gunicorn_workers"] = worker_peak_rss(cold)
    finally:
        for process in reversed(processes):
            stop(process)
        for name in ("error.log", "rallying.conf"):
            if (edge / name).exists():
                shutil.copy(edge / name, directory / f"nginx-{name}")
        shutil.rmtree(edge, ignore_errors=True)
    return outcome


def machine(database_url: str) -> dict:
    from importlib.metadata import PackageNotFoundError, version

    pg_version = postgres_execute(database_url, "postgres", "SHOW server_version")[0][0]
    random_page_cost = postgres_execute(database_url, "postgres", "SHOW random_page_cost")[0][0]
    versions = {}
    for package in ("django", "gunicorn", "datasette", "redis"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    return {
        **host.describe(),
        "kernel": platform.release(),
        "postgresql": pg_version,
        "postgresql_random_page_cost": random_page_cost,
        "sqlite": sqlite3.sqlite_version,
        **versions,
        "nginx": nginx_proxy.version(),
        "wrk": wrk.version(),
        "load_average_at_start": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,10000", help="numbers of cases, comma-separated (default 10,10000)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rallying_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    )
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers (default 3, as make serve)"
    )
    parser.add_argument(
        "--random-page-cost",
        default="1.1",
        help="PostgreSQL random_page_cost for Rallying's connections (default 1.1; '' keeps the "
        "server's setting)",
    )
    defaults = wrk.Load()
    parser.add_argument("--connections", type=int, default=defaults.connections)
    parser.add_argument("--threads", type=int, default=defaults.threads, help="wrk's threads")
    parser.add_argument(
        "--seconds", type=float, default=defaults.seconds, help="measured seconds per cell"
    )
    parser.add_argument(
        "--warmup", type=float, default=defaults.warmup_seconds, help="warm-up seconds per cell"
    )
    options = parser.parse_args()
    options.sizes = sorted(int(size) for size in options.sizes.split(","))
    url = urlsplit(options.database_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only talks to a PostgreSQL on this machine (127.0.0.1).")
    if "bench" not in url.path:
        sys.exit("The benchmark drops and recreates its database: its name must contain 'bench'.")
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"The benchmark needs {' and '.join(missing)}: apt-get install wrk nginx")
    load = replace(
        defaults,
        connections=options.connections,
        threads=options.threads,
        seconds=options.seconds,
        warmup_seconds=options.warmup,
    )
    redis_url = options.redis_url if redis_available(options.redis_url) else ""
    django_url = options.database_url
    if options.random_page_cost:
        # Rallying's connections plan for an SSD-backed, cached database (PostgreSQL's default of
        # 4 assumes spinning disks and prefers a sequential scan to the search indexes).
        separator = "&" if url.query else "?"
        django_url += f"{separator}options=-c%20random_page_cost%3D{options.random_page_cost}"
    env = django_env(django_url, redis_url)
    WORK.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    measured = sum(
        sum(1 for s in SERVERS if not (s == "datasette" and r.datasette is None))
        for r in REQUESTS.values()
    ) * len(options.sizes)
    print(
        f"{measured} cells of {load.warmup_seconds:g} + {load.seconds:g} s (wrk, "
        f"{load.connections} connections, {load.threads} threads): about "
        f"{measured * (load.warmup_seconds + load.seconds) / 60:.0f} min of load, plus the builds",
        flush=True,
    )
    started = time.time()
    output = {
        "machine": machine(options.database_url),
        "config": {
            "sizes": options.sizes,
            "gunicorn_workers": options.workers,
            "gunicorn_worker_class": "sync",
            "load": asdict(load),
            "cache": "Redis " + redis_url if redis_url else "local memory (Redis not reachable)",
            "random_page_cost": options.random_page_cost or "server default",
            "servers": list(SERVERS),
            "requests": {key: asdict(request) for key, request in REQUESTS.items()},
        },
        "runs": {},
    }
    progress = Progress(len(REQUESTS) * len(SERVERS) * len(options.sizes))
    for size in options.sizes:
        output["runs"][str(size)] = run_size(size, options, env, load, progress)
    output["machine"]["load_average_at_end"] = os.getloadavg()
    output["duration_s"] = round(time.time() - started)
    (RESULTS / "results.json").write_text(json.dumps(output, indent=1) + "\n")
    (RESULTS / "summary.md").write_text(report.markdown(output))
    print((RESULTS / "summary.md").read_text())


if __name__ == "__main__":
    main()
