"""Admin sign-in: five wrong passwords for one username, or from one address, lock it for 15 minutes."""

import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from rallying import login_throttle

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def editor(db):
    return User.objects.create_user("amira", password="right-password", is_staff=True)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


def sign_in(username: str, password: str, ip: str = "203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


def fail(times: int, username: str = "amira", ip: str = "203.0.113.7") -> None:
    for _ in range(times):
        response = sign_in(username, "guess", ip)
        assert response.status_code == 200  # the form again, with its error


def test_five_failures_lock_the_username_with_a_429_and_a_message(editor, clock, caplog):
    fail(5)
    with caplog.at_level(logging.WARNING, logger="rallying.security"):
        response = sign_in("amira", "guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "Try again in 15 minutes" in page
    assert int(response["Retry-After"]) == 15 * 60
    assert any("amira" in record.getMessage() for record in caplog.records)
    assert "guess" not in caplog.text  # never the password


def test_four_failures_do_not_lock(editor, clock):
    fail(4)
    assert sign_in("amira", "right-password").status_code == 302


def test_the_right_password_does_not_get_through_a_lock(editor, clock):
    fail(5)
    response = sign_in("amira", "right-password", ip="198.51.100.9")  # another address too
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


def test_other_usernames_and_addresses_are_not_affected(editor, clock):
    User.objects.create_user("ben", password="ben-password", is_staff=True)
    fail(5, username="amira", ip="203.0.113.7")
    # Another editor from another address signs in as usual.
    assert sign_in("ben", "ben-password", ip="198.51.100.9").status_code == 302


def test_five_failures_from_one_address_lock_the_address(editor, clock):
    for n in range(5):
        fail(1, username=f"guess-{n}", ip="203.0.113.7")
    assert sign_in("amira", "right-password", ip="203.0.113.7").status_code == 429
    assert sign_in("amira", "right-password", ip="198.51.100.9").status_code == 302


def test_the_lock_ends_after_the_period(editor, clock):
    fail(5)
    clock[0] += 15 * 60 - 1
    assert sign_in("amira", "right-password").status_code == 429
    clock[0] += 2
    assert sign_in("amira", "right-password").status_code == 302


def test_the_limits_come_from_the_settings(editor, clock, settings):
    settings.ADMIN_LOGIN_ATTEMPTS = 2
    settings.ADMIN_LOGIN_LOCK_SECONDS = 60
    fail(2)
    response = sign_in("amira", "right-password")
    assert response.status_code == 429
    assert "Try again in 1 minute." in response.content.decode()


def test_showing_the_sign_in_page_is_never_refused(editor, clock):
    fail(5)
    assert Client(REMOTE_ADDR="203.0.113.7").get(LOGIN).status_code == 200


def test_any_username_text_is_counted_whatever_its_case(editor, clock):
    fail(3, username="Amira Khan — ünï")
    fail(2, username="AMIRA KHAN — ÜNÏ")
    assert sign_in("amira khan — ünï", "guess", ip="198.51.100.9").status_code == 429
