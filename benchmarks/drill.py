"""Resilience drill: Rallying under load, then PostgreSQL restarted under load (not run in CI).

`make drill` runs this with the project's virtualenv; docs/reliability.md ("What the drill does")
describes it: a private PostgreSQL (drill_postgres.py), gunicorn as `make serve` runs it, the load
(drill_load.py), the checks in the database (drill_writes.py) and the report (drill_report.py).
Exits 1 if a check failed. Every process started here is stopped by its own id, and the
PostgreSQL instance deleted, whatever happens.
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
from pathlib import Path

import drill_load
import drill_report
import drill_writes
import servers
from dataset import HERE, build, django_env, postgres_execute, python
from drill_postgres import PrivatePostgres

RESULTS = HERE / "results"
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
PATHS = {key: path for key, (_, path) in MIX.items()}
STAFF_TOKEN = """
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("drill-editor", is_staff=True)
print(Token.objects.create(user=user).key)
"""


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')}  {message}", flush=True)


def code_under_test(snapshot: bool, work: Path) -> tuple[Path, dict]:
    """The project folder to run: this working tree, or (--snapshot) the committed HEAD exported
    into the drill's temporary folder, so that other people's uncommitted edits are not drilled."""
    git = ["git", "-C", str(servers.ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    about = {"commit": commit.stdout.strip(), "working_tree_changes": bool(dirty.stdout.strip())}
    if not snapshot:
        return servers.ROOT, {**about, "ran": "working tree"}
    root = work / "code"
    root.mkdir()
    archive = subprocess.Popen([*git, "archive", "HEAD"], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(root)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise RuntimeError("git archive HEAD failed")
    return root, {**about, "ran": "committed HEAD (git archive), not the working tree"}


def build_database(pg: PrivatePostgres, options, redis_url: str, work: Path, root: Path) -> dict:
    """Start the private PostgreSQL and build the drill's database there, with collectstatic and
    a staff user's token: what the server and the checks need."""
    pg.init()
    pg.start()
    version = postgres_execute(pg.url, "postgres", "SHOW server_version")[0][0]
    say(f"private PostgreSQL {version} on 127.0.0.1:{pg.port}")
    database_url = f"{pg.url}/{DATABASE}"
    env = django_env(database_url, redis_url)
    env.update(
        STATIC_MANIFEST="1",
        DJANGO_SETTINGS_MODULE="benchmarks.drill_settings",
        DRILL_STATIC_ROOT=str(work / "static"),
    )
    timings = build(env, options.cases, cwd=root)
    say(f"database built: {timings}")
    python(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0", cwd=root)
    shell = ["manage.py", "shell", "-v0", "-c", STAFF_TOKEN]
    token = python(env, *shell, cwd=root, capture=True).strip()
    return {"url": database_url, "env": env, "token": token, "build": timings, "version": version}


def write_targets(database_url: str, count: int) -> list[str]:
    """Synthetic cases outside the mix's filter and pages, so the writes do not change the
    bodies being revalidated (every write still moves the dataset revision)."""
    rows = postgres_execute(
        database_url,
        DATABASE,
        "SELECT c.slug FROM cases_case c JOIN cases_region r ON r.id = c.region_id "
        "WHERE c.slug LIKE 'synthetic-%' AND r.slug <> 'london' ORDER BY c.slug",
    )
    if len(rows) < count:
        raise RuntimeError(f"only {len(rows)} cases to write to; {count} needed")
    return [slug for (slug,) in rows[:count]]


def restart_postgres(pg: PrivatePostgres, options, t0: float, events: dict) -> None:
    """Stop PostgreSQL at --stop-at s after t0 and start it --down s later; when each began and
    ended, into `events`."""
    for at, action, began, ended, state in (
        (options.stop_at, pg.stop, "stop_begin_s", "stopped_s", "stopped"),
        (options.stop_at + options.down, pg.start, "start_begin_s", "ready_s", "accepting again"),
    ):
        time.sleep(max(0.0, t0 + at - time.monotonic()))
        events[began] = round(time.monotonic() - t0, 2)
        action()
        events[ended] = round(time.monotonic() - t0, 2)
        say(f"  PostgreSQL {state} at {events[ended]} s")


def run_phases(port: int, db: dict, options, pg: PrivatePostgres) -> dict:
    """Each phase's figures and checks (drill_report.py, drill_writes.py)."""
    names = options.phases.split(",")
    interval = options.write_interval
    per_phase = int(options.seconds / interval) + 2 if interval > 0 else 0
    targets = write_targets(db["url"], per_phase * len(names))
    labels = {key: label for key, (label, _) in MIX.items()}
    phases = {}
    for index, name in enumerate(names):
        mine = targets[index * per_phase : (index + 1) * per_phase]
        originals = drill_writes.current_summaries(db["url"], mine)
        load_before = servers.load_average()
        say(f"phase {name}: {options.seconds:.0f} s, {options.concurrency} connections")
        events, t0 = {}, time.monotonic()
        restart = threading.Thread(target=restart_postgres, args=(pg, options, t0, events))
        if name == "restart":
            restart.start()
        writes = drill_load.writes(iter(mine), db["token"], name)
        requests, writes = drill_load.run(port, PATHS, writes, options, t0)
        if name == "restart":
            restart.join(120)
        title = "Phase 1: steady load"
        if events:
            title = (
                f"Phase 2: PostgreSQL restarted under load (down at {options.stop_at} s for "
                f"{options.down} s)"
            )
        findings = len(drill_load.QUOTATION["findings"])
        phases[name] = phase = {
            "title": title,
            "per_url": drill_report.per_url(requests, labels, options.seconds),
            "writes_check": drill_writes.check(db["url"], writes, originals, findings, events),
            "timeline": drill_report.timeline(requests, writes, events),
        }
        if events:
            phase["events"] = events
            phase["restart"] = drill_report.restart_check(requests, writes, events)
        phase["load_average"] = {"before": load_before, "after": servers.load_average()}
        total = phase["per_url"]["all"]
        say(
            f"  {total['requests']} requests, statuses {total['statuses']}, "
            f"connection errors {total['connection_errors']}"
        )
        time.sleep(3)  # let the queue drain between phases
    return phases


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=32, help="reader connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, as make serve")
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
    redis = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/14")
    parser.add_argument("--redis-url", default=redis, help="Django's cache (env DRILL_REDIS_URL)")
    return parser.parse_args()


def main() -> None:
    options = parse_options()
    redis_url = options.redis_url if servers.redis_available(options.redis_url) else ""
    pg = PrivatePostgres(servers.free_port())
    work = Path(tempfile.mkdtemp(prefix="rallying-drill-"))
    log = work / "gunicorn.log"
    gunicorn = None
    output = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": servers.describe_host("django", "gunicorn"),
    }
    try:
        root, output["code"] = code_under_test(options.snapshot, work)
        db = build_database(pg, options, redis_url, work, root)
        output["machine"]["postgresql"] = db["version"]
        port = servers.free_port()
        command = servers.gunicorn_command(port, options.workers)
        gunicorn = servers.start(command, env=db["env"], log=log, cwd=root)
        servers.wait_ready(port, "/healthz", gunicorn)
        for path in PATHS.values():  # one of each request before the load
            servers.send(port, path)
        cases = postgres_execute(db["url"], DATABASE, "SELECT count(*) FROM cases_case")[0][0]
        output["config"] = {
            "cases": cases,
            "workers": options.workers,
            "concurrency": options.concurrency,
            "seconds": options.seconds,
            "write_interval_s": options.write_interval,
            "stop_at_s": options.stop_at,
            "down_s": options.down,
            "cache": f"Redis {redis_url}" if redis_url else "local memory (Redis not reachable)",
            "paths": PATHS,
            "build": db["build"],
        }
        output["phases"] = run_phases(port, db, options, pg)
        server_log = log.read_text(errors="replace")
        output["gunicorn"] = {
            "master_still_running": gunicorn.poll() is None,
            "tracebacks_in_log": server_log.count("Traceback"),
            "worker_timeouts_in_log": server_log.count("WORKER TIMEOUT"),
        }
        output["machine"]["load_average_at_end"] = servers.load_average()
        output["verdict"] = drill_report.verdict(output["phases"], output["gunicorn"])
    except BaseException:
        if log.exists():
            print("--- end of gunicorn's log ---\n" + log.read_text(errors="replace")[-3000:])
        raise
    finally:
        if gunicorn is not None:
            servers.stop(gunicorn)
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
