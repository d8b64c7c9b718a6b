"""Resilience drill: Rallying under load, then PostgreSQL restarted under load (not run in CI).

`make drill` runs this with the project's virtualenv. It:

1. starts a private, throwaway PostgreSQL (benchmarks/drill_postgres.py: its own temporary data
   directory, unix socket directory and free port on 127.0.0.1; never the shared server) and
   builds the database there: migrate, load_dataset, `synthesize --cases 1000 --seed 1`,
   VACUUM ANALYZE; a staff user with a DRF token; collectstatic into a temporary folder;
2. serves it with gunicorn as `make serve` does (DEBUG=0, STATIC_MANIFEST=1, 3 sync workers,
   access log), with the Redis cache on its own database number when Redis answers;
3. phase 1, steady load: `--seconds` (60) of `--concurrency` (32) reader connections over the
   main pages and API calls (benchmarks/drill_load.py), plus one staff write every 0.5 s;
4. phase 2, the same load, with PostgreSQL stopped (`pg_ctl stop -m fast`) at `--stop-at` (20 s)
   and started again `--down` (10 s) later, gunicorn left running throughout;
5. after each phase reads the database directly: every acknowledged write must be there with the
   value written, and no failed write half-applied (benchmarks/drill_writes.py).

Results: benchmarks/results/drill-<date>.json (every figure, and the per-second timeline) and
drill-<date>.md (the summary). Exits 1 if a check failed. Every process started here is stopped
by its own id, and the PostgreSQL instance deleted, whatever happens.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

import drill_load
import drill_report
import drill_writes
import machine as host
from dataset import django_env, postgres_execute
from drill_postgres import PrivatePostgres
from servers import free_port, redis_available, stop, wait_ready

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
DATABASE = "rallying_drill"

FILTER = "sector=charity&region=london"
DETAIL = "wirral-council"
OTHER = "kibble"
# key → (label, path); the revalidation sends the ETag its client last saw.
MIX = {
    "home": ("Overview page", "/"),
    "list": ("Case list page", "/cases/"),
    "list_filtered": ("Filtered case list page", f"/cases/?{FILTER}"),
    "case": ("Case page", f"/cases/{DETAIL}/"),
    "compare": ("Compare two cases", f"/cases/compare/?case={DETAIL}&case={OTHER}"),
    "findings": ("Findings page", "/findings/"),
    "search": ("Site search", "/search/?q=alliance"),
    "api_list": ("API filtered list (JSON)", f"/api/cases/?{FILTER}"),
    "api_facets": ("API facets", "/api/cases/facets/"),
    "api_case": ("API case (JSON)", f"/api/cases/{DETAIL}/"),
    "api_csv": ("API filtered CSV", f"/api/cases/?format=csv&{FILTER}"),
    "healthz": ("/healthz", "/healthz"),
    "revalidate": ("304 revalidation (API filtered list)", f"/api/cases/?{FILTER}"),
}
QUOTATION = {
    "speaker_role": "Drill editor",
    "findings": ["trusting-culture", "changed-infrastructure"],
    "source": "synthetic",
    "locator": "drill",
    "basis": "inferred",
    "basis_reason": "Synthetic test data written by the resilience drill in a throwaway database.",
}
STAFF_TOKEN = """
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("drill-editor", is_staff=True)
print(Token.objects.create(user=user).key)
"""


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')}  {message}", flush=True)


def manage(env: dict, root: Path, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout or ""


def build(env: dict, cases: int, root: Path) -> dict:
    started = time.monotonic()
    manage(env, root, "migrate", "--noinput", "-v0")
    manage(env, root, "load_dataset")
    manage(env, root, "synthesize", "--cases", str(cases), "--seed", "1")
    manage(env, root, "collectstatic", "--noinput", "--verbosity", "0")
    postgres_execute(env["DATABASE_URL"], DATABASE, "VACUUM ANALYZE")
    timings = {"build_s": round(time.monotonic() - started, 1)}
    token = manage(env, root, "shell", "-v0", "-c", STAFF_TOKEN, capture=True).strip()
    return {"timings": timings, "token": token}


def code_under_test(snapshot: bool, work: Path) -> tuple[Path, dict]:
    """The project folder to run: this working tree, or (--snapshot) the committed HEAD exported
    into the drill's temporary folder, so that other people's uncommitted edits are not drilled."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    about = {"commit": commit.stdout.strip(), "working_tree_changes": bool(dirty.stdout.strip())}
    if not snapshot:
        return ROOT, {**about, "ran": "working tree"}
    root = work / "code"
    root.mkdir()
    archive = subprocess.Popen([*git, "archive", "HEAD"], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(root)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise RuntimeError("git archive HEAD failed")
    return root, {**about, "ran": "committed HEAD (git archive), not the working tree"}


def write_targets(database_url: str, count: int) -> list[str]:
    """Synthetic cases outside the mix's filter and pages, so the writes do not change the
    bodies being revalidated (every write still moves the dataset revision)."""
    rows = postgres_execute(
        database_url,
        DATABASE,
        "SELECT c.slug FROM cases_case c JOIN cases_region r ON r.id = c.region_id "
        "WHERE c.slug LIKE 'synthetic-%' AND r.slug <> 'london' ORDER BY c.slug",
    )
    slugs = [row[0] for row in rows]
    if len(slugs) < count:
        raise RuntimeError(f"only {len(slugs)} cases to write to; {count} needed")
    return slugs[:count]


def run_phase(name: str, port: int, token: str, targets: list[str], options, *, pg=None):
    mix = [(key, path, {}) for key, (_, path) in MIX.items()]
    writer = drill_load.Writer(port, token, iter(targets), QUOTATION, name)
    events = {}
    t0 = time.monotonic()

    def restart() -> None:
        time.sleep(max(0.0, t0 + options.stop_at - time.monotonic()))
        events["stop_begin_s"] = round(time.monotonic() - t0, 2)
        pg.stop("fast")
        events["stopped_s"] = round(time.monotonic() - t0, 2)
        say(f"  PostgreSQL stopped at {events['stopped_s']} s")
        time.sleep(max(0.0, t0 + options.stop_at + options.down - time.monotonic()))
        events["start_begin_s"] = round(time.monotonic() - t0, 2)
        pg.start()
        events["ready_s"] = round(time.monotonic() - t0, 2)
        say(f"  PostgreSQL accepting connections again at {events['ready_s']} s")

    controller = None
    if pg is not None:
        controller = threading.Thread(target=restart, daemon=True)
        controller.start()
    requests, writes = drill_load.run(
        port,
        mix,
        drill_load.Revalidator(MIX["revalidate"][1]),
        writer,
        seconds=options.seconds,
        concurrency=options.concurrency,
        write_interval=options.write_interval,
        t0=t0,
    )
    if controller is not None:
        controller.join(120)
    return {
        "requests": drill_load.as_dicts(requests),
        "writes": drill_load.as_dicts(writes),
    }, events


def machine() -> dict:
    return {
        **host.describe(),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def analyse(raw: dict, events: dict, options, database_url: str, originals) -> dict:
    labels = {key: label for key, (label, _) in MIX.items()}
    phase = {
        "title": "Phase 1: steady load"
        if not events
        else f"Phase 2: PostgreSQL restarted under load (down at {options.stop_at} s for "
        f"{options.down} s)",
        "per_url": drill_report.per_url(raw["requests"], labels, options.seconds),
        "writes_check": drill_writes.check(
            database_url, raw["writes"], originals, len(QUOTATION["findings"]), events
        ),
        "timeline": drill_report.timeline(raw["requests"], raw["writes"], events),
    }
    if events:
        phase["events"] = events
        phase["restart"] = drill_report.restart_check(raw["requests"], raw["writes"], events)
    return phase


def verdict(phases: dict, server: dict) -> dict:
    steady, restart = phases.get("steady"), phases.get("restart")
    checks = {}
    if steady:
        total = steady["per_url"]["all"]
        server_errors = sum(n for s, n in total["statuses"].items() if int(s) >= 500)
        checks["steady load: no 5xx"] = server_errors == 0
        checks["steady load: no connection errors"] = total["connection_errors"] == 0
        w = steady["writes_check"]
        checks["steady load: every write acknowledged and present"] = (
            w["acknowledged"] == w["sent"] == w["acknowledged_present"]
        )
    if restart:
        r, w = restart["restart"], restart["writes_check"]
        checks["restart: errors only while PostgreSQL is down (± 2 s)"] = (
            r["errors_outside_outage"] == 0
        )
        checks["restart: errors are 503s, never 500 or a stack trace"] = (
            r["server_errors_other_than_503"] == 0 and r["stack_traces_in_error_bodies"] == 0
        )
        checks["restart: no connection errors to gunicorn"] = r["connection_errors"] == 0
        checks["restart: full recovery without restarting gunicorn"] = (
            r["requests_started_after_back_plus_grace"] > 0
            and r["of_which_succeeded"] == r["requests_started_after_back_plus_grace"]
        )
        checks["restart: every acknowledged write present with its value"] = (
            w["acknowledged_present"] == w["acknowledged"]
        )
        checks["restart: no failed write half-applied"] = w["failed_half_applied"] == 0
    checks["gunicorn never restarted, no worker timeout, no traceback in its log"] = (
        server["master_still_running"]
        and server["worker_timeouts_in_log"] == 0
        and server["tracebacks_in_log"] == 0
    )
    return checks


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=32, help="reader connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make serve: 3)")
    parser.add_argument(
        "--write-interval", type=float, default=0.5, help="seconds between writes (0: none)"
    )
    parser.add_argument("--cases", type=int, default=1000, help="synthetic cases to add")
    parser.add_argument("--stop-at", type=float, default=20, help="phase 2: stop PostgreSQL at")
    parser.add_argument("--down", type=float, default=10, help="phase 2: seconds it stays down")
    parser.add_argument("--phases", default="steady,restart", help="steady, restart or both")
    parser.add_argument("--label", default="", help="added to the results' file names")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="drill the committed HEAD (git archive) instead of the working tree",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    return parser.parse_args()


def prepare_database(pg: PrivatePostgres, options, redis_url: str, work: Path, root: Path) -> dict:
    """Start the private PostgreSQL and build the drill's database; the server environment."""
    pg.init()
    pg.start()
    server_version = postgres_execute(pg.url + "/postgres", "postgres", "SHOW server_version")
    say(f"private PostgreSQL {server_version[0][0]} on 127.0.0.1:{pg.port}")
    postgres_execute(pg.url + "/postgres", "postgres", f'CREATE DATABASE "{DATABASE}"')
    database_url = f"{pg.url}/{DATABASE}"
    env = django_env(database_url, redis_url)
    env.update(
        STATIC_MANIFEST="1",
        DJANGO_SETTINGS_MODULE="benchmarks.drill_settings",
        DRILL_STATIC_ROOT=str(work / "static"),
    )
    built = build(env, options.cases, root)
    say(f"database built in {built['timings']['build_s']} s")
    return {
        "database_url": database_url,
        "env": env,
        "token": built["token"],
        "build": built["timings"],
        "postgresql": server_version[0][0],
    }


def start_gunicorn(env: dict, workers: int, log: Path, root: Path):
    """gunicorn as `make serve` starts it (its port: a free one); warmed with one of each request."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "rallying.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--access-logfile=-",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_ready(port, "/healthz", process)
    for _, path in MIX.values():
        drill_load.send(port, "GET", path, {})
    return process, port


def run_phases(port: int, db: dict, options, pg: PrivatePostgres) -> dict:
    names = options.phases.split(",")
    per_phase = (
        int(options.seconds / options.write_interval) + 2 if options.write_interval > 0 else 0
    )
    targets = write_targets(db["database_url"], per_phase * len(names))
    phases = {}
    for index, name in enumerate(names):
        mine = targets[index * per_phase : (index + 1) * per_phase]
        originals = drill_writes.current_summaries(db["database_url"], mine)
        load_before = [round(x, 2) for x in os.getloadavg()]
        say(f"phase {name}: {options.seconds:.0f} s, {options.concurrency} connections")
        restarted = pg if name == "restart" else None
        raw, events = run_phase(name, port, db["token"], mine, options, pg=restarted)
        phases[name] = analyse(raw, events, options, db["database_url"], originals)
        phases[name]["load_average"] = {
            "before": load_before,
            "after": [round(x, 2) for x in os.getloadavg()],
        }
        total = phases[name]["per_url"]["all"]
        say(
            f"  {total['requests']} requests, statuses {total['statuses']}, "
            f"connection errors {total['connection_errors']}"
        )
        time.sleep(3)  # let the queue drain between phases
    return phases


def main() -> None:
    options = parse_options()
    redis_url = options.redis_url if redis_available(options.redis_url) else ""
    pg = PrivatePostgres(free_port())
    work = Path(tempfile.mkdtemp(prefix="rallying-drill-"))
    log = work / "gunicorn.log"
    gunicorn = None
    output = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    try:
        root, output["code"] = code_under_test(options.snapshot, work)
        db = prepare_database(pg, options, redis_url, work, root)
        output["machine"]["postgresql"] = db["postgresql"]
        gunicorn, port = start_gunicorn(db["env"], options.workers, log, root)
        cases = postgres_execute(db["database_url"], DATABASE, "SELECT count(*) FROM cases_case")
        output["config"] = {
            "cases": int(cases[0][0]),
            "workers": options.workers,
            "concurrency": options.concurrency,
            "seconds": options.seconds,
            "write_interval_s": options.write_interval,
            "stop_at_s": options.stop_at,
            "down_s": options.down,
            "cache": f"Redis {redis_url}" if redis_url else "local memory (Redis not reachable)",
            "paths": {key: path for key, (_, path) in MIX.items()},
            "build": db["build"],
        }
        output["phases"] = run_phases(port, db, options, pg)
        server_log = log.read_text(errors="replace")
        output["gunicorn"] = {
            "master_still_running": gunicorn.poll() is None,
            "tracebacks_in_log": server_log.count("Traceback"),
            "worker_timeouts_in_log": server_log.count("WORKER TIMEOUT"),
        }
        output["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        output["verdict"] = verdict(output["phases"], output["gunicorn"])
    except BaseException:
        if log.exists():
            print("--- end of gunicorn's log ---\n" + log.read_text(errors="replace")[-3000:])
        raise
    finally:
        if gunicorn is not None:
            stop(gunicorn)
        pg.destroy()
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    label = f"-{options.label}" if options.label else ""
    stem = RESULTS / f"drill-{output['date'][:10]}{label}"
    stem.with_suffix(".json").write_text(json.dumps(output, indent=1) + "\n")
    stem.with_suffix(".md").write_text(drill_report.markdown(output))
    print(stem.with_suffix(".md").read_text())
    sys.exit(0 if all(output["verdict"].values()) else 1)


if __name__ == "__main__":
    main()
