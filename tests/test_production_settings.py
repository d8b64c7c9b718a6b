"""Production mode (DEBUG off) refuses to start half-configured, and passes Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Qa7Lm2Vp5Rt8Zw" * 4,
    "ALLOWED_HOSTS": "rallying.example.org",
    "HTTPS": "1",
}


def manage(*args, **env):
    # A clean production environment: none of the test run's own settings (the browser tests
    # allow async-unsafe calls for the whole run, which the deploy check rightly reports).
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert (
        "SECRET_KEY is not set. Production (DEBUG off) needs a long random SECRET_KEY"
        in result.stderr
    )


def test_refuses_to_start_without_allowed_hosts():
    env = {key: value for key, value in PRODUCTION.items() if key != "ALLOWED_HOSTS"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set." in result.stderr


def test_development_mode_needs_neither():
    assert manage("check", DEBUG="1").returncode == 0


def test_the_deploy_check_reports_nothing_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
