"""The benchmark's datasets: a fresh PostgreSQL database per size, and its SQLite copy for Datasette."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def django_env(database_url: str, redis_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DEBUG")
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789abcdef",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # The benchmark is one client address sending thousands of requests a minute.
        API_ANON_RATE="100000000/minute",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def postgres_execute(url: str, database: str, *statements: str) -> list:
    """Run statements outside a transaction (DROP/CREATE DATABASE, VACUUM); the last one's rows."""
    import psycopg

    parts = urlsplit(url)
    connection = psycopg.connect(
        dbname=database,
        user=parts.username or "",
        password=parts.password or "",
        host=parts.hostname or "",
        port=parts.port or 5432,
        autocommit=True,
    )
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def build(size: int, database_url: str, env: dict) -> dict:
    """A fresh database with the ten real cases and size - 10 synthetic ones; seconds per step."""
    name = urlsplit(database_url).path.lstrip("/")
    timings = {}
    started = time.perf_counter()
    postgres_execute(
        database_url,
        "postgres",
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"',
    )
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_dataset")
    timings["create_and_load_s"] = round(time.perf_counter() - started, 1)
    if size > 10:
        started = time.perf_counter()
        manage(env, "synthesize", "--cases", str(size - 10), "--seed", "1")
        timings["synthesize_s"] = round(time.perf_counter() - started, 1)
    postgres_execute(database_url, name, "VACUUM ANALYZE")
    return timings


def export(env: dict, path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "python"), str(HERE / "export_sqlite.py"), str(path)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return round(time.perf_counter() - started, 1)
