"""Admin sign-in: five wrong passwords for one username, or from one address, lock it for 15 minutes."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def editor(db):
    return User.objects.create_user("amira", password="right-password", is_staff=True)


def sign_in(username: str, password: str, ip: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


def fail(times: int, username: str = "amira", ip: str = "203.0.113.7") -> None:
    for _ in range(times):
        response = sign_in(username, "guess", ip)
        assert response.status_code == 200  # the form again, with its error


def time_passes(seconds: int) -> None:
    """Move every recorded failure `seconds` into the past."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def test_the_fifth_failure_locks_the_username_with_a_429_and_a_message(editor, caplog):
    fail(4)
    with caplog.at_level(logging.WARNING):
        response = sign_in("amira", "guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "Try again in 15 minutes" in page
    assert int(response["Retry-After"]) == 15 * 60
    # Logged by axes when it locks, and for every refused attempt.
    assert any(
        "Locking out" in r.getMessage() and "amira" in r.getMessage() for r in caplog.records
    )
    assert any(r.name == "rallying.security" and "amira" in r.getMessage() for r in caplog.records)
    assert "guess" not in caplog.text  # never the password


def test_four_failures_do_not_lock(editor):
    fail(4)
    assert sign_in("amira", "right-password").status_code == 302


def test_the_right_password_does_not_get_through_a_lock(editor):
    fail(4)
    assert sign_in("amira", "guess").status_code == 429
    response = sign_in("amira", "right-password", ip="198.51.100.9")  # another address too
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_other_usernames_and_addresses_are_not_affected(editor):
    User.objects.create_user("ben", password="ben-password", is_staff=True)
    fail(4, username="amira", ip="203.0.113.7")
    sign_in("amira", "guess", ip="203.0.113.7")
    # Another editor from another address signs in as usual.
    assert sign_in("ben", "ben-password", ip="198.51.100.9").status_code == 302


def test_five_failures_from_one_address_lock_the_address(editor):
    for n in range(4):
        fail(1, username=f"guess-{n}", ip="203.0.113.7")
    assert sign_in("guess-4", "guess", ip="203.0.113.7").status_code == 429
    assert sign_in("amira", "right-password", ip="203.0.113.7").status_code == 429
    assert sign_in("amira", "right-password", ip="198.51.100.9").status_code == 302


def test_the_lock_ends_after_the_period_and_refusals_do_not_extend_it(editor):
    fail(4)
    sign_in("amira", "guess")
    time_passes(15 * 60 - 60)
    refused = sign_in("amira", "right-password")
    assert refused.status_code == 429
    assert "Try again in 1 minute." in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 60
    time_passes(61)
    assert sign_in("amira", "right-password").status_code == 302


def test_the_limits_come_from_the_settings(editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(seconds=60)
    fail(1)
    response = sign_in("amira", "guess")
    assert response.status_code == 429
    assert "Try again in 1 minute." in response.content.decode()


def test_the_limits_are_read_from_the_environment():
    show = "from django.conf import settings; print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=PROJECT_ROOT,
        env={**os.environ, "ADMIN_LOGIN_ATTEMPTS": "3", "ADMIN_LOGIN_LOCK_SECONDS": "120"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "3 0:02:00"


def test_showing_the_sign_in_page_is_never_refused(editor):
    fail(4)
    sign_in("amira", "guess")
    assert Client(REMOTE_ADDR="203.0.113.7").get(LOGIN).status_code == 200


def test_any_username_text_is_counted_whatever_its_case(editor):
    fail(3, username="Amira Khan — ünï")
    fail(1, username="AMIRA KHAN — ÜNÏ")
    assert sign_in(" amira khan — ünï ", "guess", ip="198.51.100.9").status_code == 429


def test_an_operator_lifts_a_lock_with_axes_reset_username(editor):
    fail(4)
    sign_in("amira", "guess")
    call_command("axes_reset_username", "amira", stdout=StringIO())
    assert sign_in("amira", "right-password", ip="198.51.100.9").status_code == 302
