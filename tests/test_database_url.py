"""Settings read DATABASE_URL and the other variables, and refuse values they cannot understand."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from rallying.env import database_from_url, env_bool, env_int, env_list

BASE = Path("/project")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_unset_url_means_the_sqlite_file_in_the_project():
    config = database_from_url("", base_dir=BASE)
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE / "db.sqlite3"}


def test_sqlite_url_names_a_file_relative_to_the_project_or_absolute():
    assert (
        database_from_url("sqlite:///data/site.db", base_dir=BASE)["NAME"] == BASE / "data/site.db"
    )
    assert database_from_url("sqlite:////var/lib/site.db", base_dir=BASE)["NAME"] == Path(
        "/var/lib/site.db"
    )


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgres_url_gives_every_connection_part(scheme):
    config = database_from_url(f"{scheme}://editor:p%40ss@db.internal:6543/rallying", base_dir=BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("rallying", "editor", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "6543")


def test_postgres_url_passes_query_options_to_the_driver():
    config = database_from_url("postgres://u@h/db?sslmode=require", base_dir=BASE)
    assert config["OPTIONS"]["sslmode"] == "require"
    assert "sslmode" not in database_from_url("postgres://u@h/db", base_dir=BASE)["OPTIONS"]


def test_postgres_plans_for_data_on_ssd_unless_the_url_says_otherwise():
    config = database_from_url("postgres://u@h/db", base_dir=BASE)
    assert config["OPTIONS"]["options"] == "-c random_page_cost=1.1"
    custom = database_from_url("postgres://u@h/db?options=-c%20work_mem%3D64MB", base_dir=BASE)
    assert custom["OPTIONS"]["options"] == "-c work_mem=64MB"


def test_postgres_connections_are_kept_open_and_checked_before_reuse(monkeypatch):
    config = database_from_url("postgres://u@h/db", base_dir=BASE)
    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)
    monkeypatch.setenv("DB_CONN_MAX_AGE", "5")
    assert database_from_url("postgres://u@h/db", base_dir=BASE)["CONN_MAX_AGE"] == 5


@pytest.mark.parametrize(
    "url, problem",
    [
        ("mysql://root@localhost/rallying", "unsupported scheme 'mysql'"),
        ("postgres://postgres@127.0.0.1:5432", "names no database"),
        ("postgres://postgres@127.0.0.1:port/rallying", "port that is not a number"),
        ("just-a-word", "unsupported scheme ''"),
        ("sqlite://", "names no SQLite file"),
    ],
)
def test_malformed_url_is_rejected_naming_the_variable(url, problem):
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url(url, base_dir=BASE)
    assert "DATABASE_URL" in str(error.value)
    assert problem in str(error.value)
    with pytest.raises(
        ImproperlyConfigured, match="^" + re.escape(f"DATABASE_REPLICA_URL={url!r}")
    ):
        database_from_url(url, base_dir=BASE, variable="DATABASE_REPLICA_URL")


def test_booleans_integers_and_lists_parse_and_reject_nonsense(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    monkeypatch.setenv("DB_CONN_MAX_AGE", "30")
    monkeypatch.setenv("ALLOWED_HOSTS", "rallying.example, www.rallying.example")
    assert env_bool("DEBUG", False) is True
    assert env_int("DB_CONN_MAX_AGE", 60) == 30
    assert env_list("ALLOWED_HOSTS", []) == ["rallying.example", "www.rallying.example"]
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", False)
    monkeypatch.setenv("DB_CONN_MAX_AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="DB_CONN_MAX_AGE"):
        env_int("DB_CONN_MAX_AGE", 60)


def _start_django(**env):
    """Start the project's settings in a fresh process, as `manage.py` would."""
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_database_url_stops_the_process_at_start_with_a_message():
    result = _start_django(DATABASE_URL="mysql://root@localhost/rallying")
    assert result.returncode != 0
    assert "DATABASE_URL='mysql://root@localhost/rallying' has unsupported scheme" in result.stderr


def test_malformed_replica_url_stops_the_process_at_start_with_a_message():
    result = _start_django(DATABASE_REPLICA_URL="postgres://reader@replica.internal")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL='postgres://reader@replica.internal' names no database" in (
        result.stderr
    )


def test_malformed_debug_stops_the_process_at_start_with_a_message():
    result = _start_django(DEBUG="sometimes")
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr
