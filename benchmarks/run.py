"""Measure Rallying at 10 and 10,000 cases against Datasette and nginx, with wrk, in one run.

`make bench` runs this with benchmarks/.venv; docs/performance.md ("How the benchmark works")
describes the run, its five rows (SERVERS) and its requests (REQUESTS). At each size, a worker's
peak memory while it streams every case as NDJSON, on a gunicorn of its own (stream_memory.py).
Results go to
benchmarks/results/results.json and summary.md (report.py); at the largest size, EXPLAIN ANALYZE
of the hot queries to explain.txt (explain.py). Every process started here is stopped, by its own
id, before the end.
"""

import argparse
import contextlib
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

import nginx_proxy
import report
import servers
import stream_memory
import wrk
from dataset import HERE, build, django_env, export, postgres_execute, python

WORK = HERE / "work"
RESULTS = HERE / "results"
DATABASE = "postgres://postgres@127.0.0.1:5432/rallying_bench"
REDIS = "redis://127.0.0.1:6379/13"

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
DATASETTE_SETTINGS = {
    "default_page_size": PAGE_SIZE,
    "suggest_facets": "off",
    "facet_time_limit_ms": 10000,
    "sql_time_limit_ms": 20000,
}


def deep_page(request: Request, port: int, sqlite_path: Path) -> Request:
    """The last page: Rallying's by number, Datasette's by its cursor (`_next`, the sort value and
    primary key of the row before the page, as Datasette's own `next` link gives it)."""
    from datasette.utils import tilde_encode

    count = json.loads(servers.send(port, "/api/cases/")[2])["count"]
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


def capture(requests: dict, port: int, directory: Path) -> None:
    """Save the answers through nginx (the same bytes as behind nginx: the absolute URLs in them
    name nginx's host) as the files the static row serves."""
    for request in requests.values():
        status, _, body = servers.send(port, request.rallying)
        if status != 200:
            raise RuntimeError(f"Rallying answered {status} to {request.rallying}")
        (directory / request.static).write_bytes(body)
        (directory / request.static).chmod(0o644)


def plan(request: Request, ports: dict) -> dict:
    """server → (port, path, headers) for one request; None where a server has no counterpart
    (or, to revalidate, gave no ETag)."""
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
        etag = cell and servers.send(*cell)[1].get("ETag")
        plans[server] = (*cell, {"If-None-Match": etag}) if etag else None
    return plans


def probe(port: int, path: str, headers: dict) -> dict:
    """One more fetch after the load: what the load was answered."""
    status, answer, body = servers.send(port, path, headers)
    kept = ("Cache-Control", "ETag", "Vary", "X-Cache-Status")
    return {"status": status, "body_bytes": len(body)} | {k: answer[k] for k in kept if k in answer}


class Progress:
    """A line per measured cell: how many of the run's cells, after how long, and its figures."""

    def __init__(self, total: int):
        self.total, self.done, self.started = total, 0, time.monotonic()
        self.size = 0  # the size being measured

    def show(self, key: str, server: str, cell: dict) -> None:
        self.done += 1
        minutes, seconds = divmod(round(time.monotonic() - self.started), 60)
        line = f"{cell['rps']:8.1f} req/s  p50 {cell['p50_ms']:7.1f}  p99 {cell['p99_ms']:7.1f} ms"
        if cell["non_2xx_3xx"] or cell["socket_errors"]:
            line += f"  errors {cell['non_2xx_3xx']} {cell['socket_errors']}"
        if "cache" in cell:
            line += f"  nginx cache {cell['cache']}"
        position = f"[{self.done:3}/{self.total}] {minutes:2}:{seconds:02}"
        print(f"  {position} {self.size:>6} {key:10} {server:9} {line}", flush=True)


def measure(requests: dict, ports: dict, edge: Path, load: wrk.Load, progress: Progress) -> dict:
    results = {}
    for key, request in requests.items():
        results[key] = {"label": request.label}
        for server, cell in plan(request, ports).items():
            results[key][server] = None
            if cell is None:
                continue
            port, path, headers = cell
            logged = nginx_proxy.log_size(edge)
            measured = {"path": path, "headers": headers, **wrk.measure(port, path, load, headers)}
            if server == "nginx":  # warm-up included: its first request may be a MISS
                measured["cache"] = nginx_proxy.cache_statuses(edge, logged)
            measured["probe"] = probe(port, path, headers)
            results[key][server] = measured
            progress.show(key, server, measured)
    return results


def datasette_command(sqlite_path: Path, port: int) -> list[str]:
    command = [str(servers.BIN / "datasette"), "serve", "-i", str(sqlite_path)]
    command += [f"--host={servers.LOOPBACK}", f"--port={port}"]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def run_size(size: int, options, env: dict, load: wrk.Load, progress: Progress) -> dict:
    print(f"== {size:,} cases: building", flush=True)
    outcome = {"build": build(env, size - 10)}
    directory = WORK / str(size)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    sqlite_path = directory / "rallying.db"
    outcome["build"]["export_sqlite_s"] = export(env, sqlite_path)
    ports = {server: servers.free_port() for server in ("cached", "cold", "nginx", "datasette")}
    log = directory / "servers.log"
    edge = Path(tempfile.mkdtemp(prefix="rallying-bench-nginx-"))
    with contextlib.ExitStack() as processes:

        def serve(command: list[str], server_env: dict) -> subprocess.Popen:
            process = servers.start(command, env=server_env, log=log)
            processes.callback(servers.stop, process)  # stopped last started, first
            return process

        processes.callback(shutil.rmtree, edge, ignore_errors=True)
        processes.callback(keep_nginx_files, edge, directory)
        print(f"== {size:,} cases: starting the servers", flush=True)
        workers = options.workers
        cached = serve(servers.gunicorn_command(ports["cached"], workers), {**env, **CACHED_ENV})
        cold = serve(servers.gunicorn_command(ports["cold"], workers), {**env, **COLD_ENV})
        datasette = serve(datasette_command(sqlite_path, ports["datasette"]), env)
        servers.wait_ready(ports["cached"], "/api/", cached)
        servers.wait_ready(ports["cold"], "/api/", cold)
        servers.wait_ready(ports["datasette"], "/-/versions.json", datasette)
        requests = dict(REQUESTS)
        requests["deep_page"] = deep_page(REQUESTS["deep_page"], ports["cached"], sqlite_path)
        answers = nginx_proxy.prepare(edge, ports["nginx"], ports["cached"])
        servers.wait_ready(ports["nginx"], "/healthz", serve(nginx_proxy.command(edge), env))
        capture(requests, ports["nginx"], answers)
        outcome["sizes"] = {
            "sqlite_bytes": sqlite_path.stat().st_size,
            "static_bytes": {p.name: p.stat().st_size for p in sorted(answers.iterdir())},
        }
        outcome["requests"] = {key: asdict(request) for key, request in requests.items()}
        print(f"== {size:,} cases: measuring", flush=True)
        progress.size = size
        outcome["results"] = measure(requests, ports, edge, load, progress)
        outcome["stream"] = stream_memory.measure_server(env, log)
        print(f"  NDJSON stream: {stream_memory.line(outcome['stream'])}", flush=True)
        if size == max(options.sizes):
            explained = python(env, str(HERE / "explain.py"), capture=True)
            (RESULTS / "explain.txt").write_text(explained)
            # The evidence pack's PDF of 10 and 50 cases against its targets (pack_timing.py).
            outcome["pack_pdf"] = json.loads(
                python(env, str(HERE / "pack_timing.py"), "--json", capture=True)
            )
        outcome["gunicorn_workers"] = servers.worker_peak_rss(cached)
        outcome["cold_gunicorn_workers"] = servers.worker_peak_rss(cold)
    return outcome


def keep_nginx_files(edge: Path, directory: Path) -> None:
    """nginx's error log and generated site file, kept with the size's other files."""
    for name in ("error.log", "rallying.conf"):
        if (edge / name).exists():
            shutil.copy(edge / name, directory / f"nginx-{name}")


def machine(database_url: str) -> dict:
    def first_line(*command: str) -> str:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (done.stdout + done.stderr).strip().splitlines()[0]

    settings = "SELECT current_setting('server_version'), current_setting('random_page_cost')"
    server_version, random_page_cost = postgres_execute(database_url, "postgres", settings)[0]
    return {
        **servers.describe_host("django", "gunicorn", "datasette", "redis"),
        "postgresql": server_version,
        "postgresql_random_page_cost": random_page_cost,
        "sqlite": sqlite3.sqlite_version,
        "nginx": first_line("nginx", "-v").removeprefix("nginx version: "),
        "wrk": first_line("wrk", "-v").split("Copyright")[0].strip(),
    }


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: sorted(int(size) for size in text.split(",")),
        default="10,10000",
        help="numbers of cases, comma-separated",
    )
    database = os.environ.get("BENCH_DATABASE_URL", DATABASE)
    parser.add_argument(
        "--database-url", default=database, help="dropped and rebuilt (env BENCH_DATABASE_URL)"
    )
    redis = os.environ.get("BENCH_REDIS_URL", REDIS)
    parser.add_argument("--redis-url", default=redis, help="Django's cache (env BENCH_REDIS_URL)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, as make serve")
    parser.add_argument(
        "--random-page-cost",
        default="1.1",
        help="PostgreSQL random_page_cost for Rallying's connections ('' keeps the server's)",
    )
    parser.add_argument(
        "--connections", type=int, default=wrk.Load.connections, help="wrk's connections"
    )
    parser.add_argument("--threads", type=int, default=wrk.Load.threads, help="wrk's threads")
    parser.add_argument(
        "--seconds", type=float, default=wrk.Load.seconds, help="measured, per cell"
    )
    parser.add_argument(
        "--warmup", type=float, default=wrk.Load.warmup_seconds, help="warm-up, per cell"
    )
    options = parser.parse_args()
    url = urlsplit(options.database_url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only talks to a PostgreSQL on this machine (127.0.0.1).")
    if "bench" not in url.path:
        sys.exit("The benchmark drops and recreates its database: its name must contain 'bench'.")
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        sys.exit(f"The benchmark needs {' and '.join(missing)}: apt-get install wrk nginx")
    return options


def main() -> None:
    options = parse_options()
    load = wrk.Load(options.connections, options.threads, options.seconds, options.warmup)
    redis_url = options.redis_url if servers.redis_available(options.redis_url) else ""
    django_url = options.database_url
    if options.random_page_cost:
        # Rallying's connections plan for an SSD-backed, cached database (PostgreSQL's default of
        # 4 assumes spinning disks and prefers a sequential scan to the search indexes).
        separator = "&" if urlsplit(django_url).query else "?"
        django_url += f"{separator}options=-c%20random_page_cost%3D{options.random_page_cost}"
    env = django_env(django_url, redis_url)
    WORK.mkdir(exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    per_size = sum(len(SERVERS) - (request.datasette is None) for request in REQUESTS.values())
    cells = per_size * len(options.sizes)
    print(
        f"{cells} cells of {load.warmup_seconds:g} + {load.seconds:g} s (wrk, "
        f"{load.connections} connections, {load.threads} threads): about "
        f"{cells * (load.warmup_seconds + load.seconds) / 60:.0f} min of load, plus the builds",
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
    progress = Progress(cells)
    for size in options.sizes:
        output["runs"][str(size)] = run_size(size, options, env, load, progress)
    output["machine"]["load_average_at_end"] = servers.load_average()
    output["duration_s"] = round(time.time() - started)
    (RESULTS / "results.json").write_text(json.dumps(output, indent=1) + "\n")
    (RESULTS / "summary.md").write_text(report.markdown(output))
    print((RESULTS / "summary.md").read_text())


if __name__ == "__main__":
    main()
