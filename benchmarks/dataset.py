"""The benchmark's and the drill's data: a fresh PostgreSQL database, and its SQLite copy for Datasette."""

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from servers import BIN, ROOT

HERE = Path(__file__).resolve().parent


def django_env(database_url: str, redis_url: str) -> dict:
    """This process's environment, with Rallying's production settings on the given services."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789abcdef",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # One client address sending thousands of requests a minute.
        API_ANON_RATE="100000000/minute",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def python(env: dict, *args: str, cwd: Path = ROOT, capture: bool = False) -> str:
    """Run this virtualenv's Python (manage.py, or a script here) in the project folder; its output
    when captured."""
    done = subprocess.run(
        [str(BIN / "python"), *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout or ""


def postgres_execute(url: str, database: str, *statements: str) -> list:
    """Run statements outside a transaction (DROP/CREATE DATABASE, VACUUM) in `database` on the
    server of `url`; the last one's rows."""
    with psycopg.connect(url, dbname=database, autocommit=True) as connection:
        for statement in statements:
            cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else []


def build(env: dict, synthetic: int, cwd: Path = ROOT) -> dict:
    """A fresh database at env's DATABASE_URL with the ten real cases and `synthetic` more;
    seconds per step."""
    url = env["DATABASE_URL"]
    name = urlsplit(url).path.lstrip("/")
    started = time.perf_counter()
    drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    postgres_execute(url, "postgres", drop, f'CREATE DATABASE "{name}"')
    python(env, "manage.py", "migrate", "--noinput", "-v0", cwd=cwd)
    python(env, "manage.py", "load_dataset", cwd=cwd)
    timings = {"create_and_load_s": round(time.perf_counter() - started, 1)}
    if synthetic > 0:
        started = time.perf_counter()
        python(env, "manage.py", "synthesize", "--cases", str(synthetic), "--seed", "1", cwd=cwd)
        timings["synthesize_s"] = round(time.perf_counter() - started, 1)
    postgres_execute(url, name, "VACUUM ANALYZE")
    return timings


def export(env: dict, path: Path) -> float:
    """The same data in SQLite for Datasette (export_sqlite.py); seconds taken."""
    started = time.perf_counter()
    python(env, str(HERE / "export_sqlite.py"), str(path))
    return round(time.perf_counter() - started, 1)
