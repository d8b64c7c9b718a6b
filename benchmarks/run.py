"""Measure Rallying at 10, 1,000 and 10,000 cases against Datasette and static files, in one run.

`make bench` runs this with benchmarks/.venv (the project's requirements, gunicorn, Datasette and
the Redis client). For each size it:

1. rebuilds the PostgreSQL database BENCH_DATABASE_URL (default: rallying_bench on 127.0.0.1):
   migrate, load the ten real cases, `synthesize` the rest, VACUUM ANALYZE;
2. exports the same data to SQLite (benchmarks/export_sqlite.py) for Datasette;
3. serves Rallying with gunicorn (production settings: DEBUG off, Redis cache when available),
   Rallying again with every cache off ("cold": what the first read after a write costs), the
   SQLite file with `datasette serve -i`, and Rallying's own responses saved as static files
   with `python -m http.server` (the floor: the same bytes, no work);
4. drives each server with the same load generator (benchmarks/loadgen.py: threads, http.client,
   127.0.0.1 only, bounded by a request count and a time limit) for each request type, the three
   servers one after the other so that their ratios come from the same minutes;
5. reads the peak RSS (VmHWM) of every gunicorn worker and, at the largest size, writes
   EXPLAIN ANALYZE of the hot queries (benchmarks/explain.py) to benchmarks/results/explain.txt.

Results go to benchmarks/results/results.json and benchmarks/results/summary.md. Every loop is
bounded and every process started here is stopped (by its own id) before the script ends.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import loadgen
import machine as host
import report
from dataset import build, django_env, export, postgres_execute
from servers import free_port, redis_available, start, stop, wait_ready, worker_peak_rss

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent

FILTER = "sector=charity&region=london"
DETAIL = "wirral-council"  # a real case with findings, quotations and an accountability mode
SEARCH = "alliance"
DATASETTE_FACETS = "&".join(
    [f"_facet={c}" for c in ("typology", "sector", "region", "nation")]
    + [f"_facet_array={c}" for c in ("accountability", "policy_area")]
    + [f"_facet={c}" for c in ("funding_model", "permanence", "typology_basis")]
    + ["_facet_array=finding"]
)

# key → (label, Rallying path, Datasette path or None, static file name)
ENDPOINTS = {
    "list_json": (
        "Filtered case list (JSON)",
        f"/api/cases/?{FILTER}",
        f"/rallying/cases.json?{FILTER}&_size=50&_sort=name&_shape=objects",
        "list.json",
    ),
    "facets": (
        "Facet counts (JSON)",
        f"/api/cases/facets/?{FILTER}",
        f"/rallying/cases.json?{FILTER}&{DATASETTE_FACETS}&_size=0",
        "facets.json",
    ),
    "detail": (
        "Case detail (JSON)",
        f"/api/cases/{DETAIL}/",
        f"/rallying/cases/{DETAIL}.json",
        "detail.json",
    ),
    "search": (
        "Full-text search (JSON)",
        f"/api/cases/?q={SEARCH}",
        f"/rallying/cases.json?_search={SEARCH}&_size=50&_shape=objects",
        "search.json",
    ),
    "csv": (
        "CSV export of the filtered list",
        f"/api/cases/?format=csv&{FILTER}",
        f"/rallying/cases.csv?{FILTER}&_stream=on&_size=max",
        "export.csv",
    ),
    "html_list": (
        "HTML case list with facets",
        f"/cases/?{FILTER}",
        f"/rallying/cases?{FILTER}&{DATASETTE_FACETS}",
        "list.html",
    ),
    "revalidate": (
        "304 revalidation of the filtered list",
        f"/api/cases/?{FILTER}",
        None,  # Datasette sends no ETag or Last-Modified: nothing to revalidate
        "list.json",
    ),
}
SERVERS = ("rallying", "datasette", "static", "cold")
# "cold" is Rallying with every cache off (ANSWER_CACHE=0, a cache that keeps nothing): what the
# first read after a write costs, since a write renames every cached answer.
COLD_ENV = {"ANSWER_CACHE": "0", "REDIS_URL": "dummy://"}


# --- measuring -------------------------------------------------------------------------------


def capture_static(ports: dict, directory: Path) -> dict:
    """Save Rallying's responses as the static floor; return the ETags to revalidate with."""
    directory.mkdir(parents=True, exist_ok=True)
    validators = {}
    for key, (_, path, _, filename) in ENDPOINTS.items():
        status, headers, body, _ = loadgen.fetch(ports["rallying"], path)
        if status != 200:
            raise RuntimeError(f"Rallying answered {status} to {path}")
        (directory / filename).write_bytes(body)
        if key == "list_json":
            validators["rallying"] = headers.get("ETag")
            validators["cold"] = loadgen.fetch(ports["cold"], path)[1].get("ETag")
    return validators


def measure(ports: dict, validators: dict, options) -> dict:
    static_modified = loadgen.fetch(ports["static"], "/list.json")[1].get("Last-Modified")
    results = {}
    for key, (label, rallying_path, datasette_path, filename) in ENDPOINTS.items():
        plan = {
            "rallying": (rallying_path, {}),
            "static": (f"/{filename}", {}),
            "cold": (rallying_path, {}),
        }
        if datasette_path:
            plan["datasette"] = (datasette_path, {})
        if key == "revalidate":
            plan["rallying"] = (rallying_path, {"If-None-Match": validators["rallying"]})
            plan["cold"] = (rallying_path, {"If-None-Match": validators["cold"]})
            plan["static"] = (f"/{filename}", {"If-Modified-Since": static_modified})
        results[key] = {"label": label}
        for server in SERVERS:
            if server not in plan:
                results[key][server] = None
                continue
            path, headers = plan[server]
            run = loadgen.run(
                ports[server],
                path,
                headers=headers,
                concurrency=options.concurrency,
                max_requests=options.requests,
                max_seconds=options.seconds,
            )
            results[key][server] = {"path": path, **run.summary()}
            print(f"  {key:11} {server:9} {run.summary()}", flush=True)
    return results


def gunicorn_command(port: int, workers: int) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "rallying.wsgi:application",
        f"--bind={loadgen.LOOPBACK}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--access-logfile=-",  # as `make serve` runs it
    ]


def run_size(size: int, options, env: dict) -> dict:
    print(f"== {size} cases", flush=True)
    outcome = {"build": build(size, options.database_url, env)}
    directory = WORK / str(size)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    sqlite_path = directory / "rallying.db"
    outcome["build"]["export_sqlite_s"] = export(env, sqlite_path)
    ports = {server: free_port() for server in SERVERS}
    log = directory / "servers.log"
    processes = []
    try:
        gunicorn = start(gunicorn_command(ports["rallying"], options.workers), env=env, log=log)
        processes.append(gunicorn)
        wait_ready(ports["rallying"], "/api/", gunicorn)
        cold = start(
            gunicorn_command(ports["cold"], options.workers), env={**env, **COLD_ENV}, log=log
        )
        processes.append(cold)
        wait_ready(ports["cold"], "/api/", cold)
        datasette = start(
            [
                str(BIN / "datasette"),
                "serve",
                "-i",
                str(sqlite_path),
                f"--host={loadgen.LOOPBACK}",
                f"--port={ports['datasette']}",
                "--setting",
                "default_page_size",
                "50",
                "--setting",
                "suggest_facets",
                "off",
                "--setting",
                "facet_time_limit_ms",
                "10000",
                "--setting",
                "sql_time_limit_ms",
                "20000",
            ],
            env=env,
            log=log,
        )
        processes.append(datasette)
        wait_ready(ports["datasette"], "/-/versions.json", datasette)
        validators = capture_static(ports, directory / "static")
        static = start(
            [
                str(BIN / "python"),
                "-m",
                "http.server",
                str(ports["static"]),
                f"--bind={loadgen.LOOPBACK}",
                f"--directory={directory / 'static'}",
            ],
            env=env,
            log=log,
        )
        processes.append(static)
        wait_ready(ports["static"], "/list.json", static)
        outcome["sizes"] = {
            "sqlite_bytes": sqlite_path.stat().st_size,
            "static_bytes": {p.name: p.stat().st_size for p in (directory / "static").iterdir()},
        }
        outcome["results"] = measure(ports, validators, options)
        if size == max(int(n) for n in options.sizes.split(",")):
            explain = subprocess.run(
                [str(BIN / "python"), str(HERE / "explain.py")],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            (RESULTS / "explain.txt").write_text(explain.stdout)
        outcome["gunicorn_workers"] = worker_peak_rss(gunicorn)
        outcome["cold_gunicorn_workers"] = worker_peak_rss(cold)
    finally:
        for process in reversed(processes):
            stop(process)
    return outcome


def machine(database_url: str) -> dict:
    pg_version = postgres_execute(database_url, "postgres", "SHOW server_version")[0][0]
    random_page_cost = postgres_execute(database_url, "postgres", "SHOW random_page_cost")[0][0]
    versions = {}
    for package in ("django", "gunicorn", "datasette", "redis"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001
            versions[package] = "not installed"
    return {
        **host.describe(),
        "kernel": platform.release(),
        "postgresql": pg_version,
        "postgresql_random_page_cost": random_page_cost,
        "sqlite": sqlite3.sqlite_version,
        **versions,
        "load_average_at_start": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000")
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
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--requests", type=int, default=300, help="most requests per measurement")
    parser.add_argument("--seconds", type=float, default=8, help="most seconds per measurement")
    options = parser.parse_args()
    url = urlsplit(options.database_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only talks to a PostgreSQL on this machine (127.0.0.1).")
    if "bench" not in url.path:
        sys.exit("The benchmark drops and recreates its database: its name must contain 'bench'.")
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
    started = time.time()
    output = {
        "machine": machine(options.database_url),
        "config": {
            "sizes": [int(size) for size in options.sizes.split(",")],
            "gunicorn_workers": options.workers,
            "gunicorn_worker_class": "sync",
            "concurrency": options.concurrency,
            "max_requests": options.requests,
            "max_seconds": options.seconds,
            "cache": "Redis " + redis_url if redis_url else "local memory (Redis not reachable)",
            "random_page_cost": options.random_page_cost or "server default",
            "endpoints": {
                key: {"label": label, "rallying": r, "datasette": d, "static": f"/{f}"}
                for key, (label, r, d, f) in ENDPOINTS.items()
            },
        },
        "runs": {},
    }
    for size in output["config"]["sizes"]:
        output["runs"][str(size)] = run_size(size, options, env)
    output["machine"]["load_average_at_end"] = os.getloadavg()
    output["duration_s"] = round(time.time() - started)
    (RESULTS / "results.json").write_text(json.dumps(output, indent=1) + "\n")
    (RESULTS / "summary.md").write_text(report.markdown(output))
    print((RESULTS / "summary.md").read_text())


if __name__ == "__main__":
    main()
