"""Throttles tell readers apart by address, and a client cannot pick its own (X-Forwarded-For)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

API_URL = "/api/sectors/"


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "3/minute"}
    )


def reads(client, addresses: list[str]) -> list[int]:
    return [client.get(API_URL, HTTP_X_FORWARDED_FOR=address).status_code for address in addresses]


def test_a_forged_forwarded_for_does_not_escape_the_api_rate(client, db, three_a_minute):
    statuses = reads(client, ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"])
    assert statuses == [200, 200, 200, 429]


def test_behind_one_trusted_proxy_each_reader_has_its_own_budget(
    client, db, three_a_minute, settings
):
    settings.TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    first = reads(client, ["forged, 203.0.113.1"] * 4)
    second = reads(client, ["203.0.113.2"])
    assert first == [200, 200, 200, 429]
    assert second == [200]


def failed_sign_in(client, username: str, address: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": "wrong"},
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "counted_address", "locked_out"),
    [(0, "127.0.0.1", True), (1, "198.51.100.7", False)],
)
def test_sign_in_throttle_counts_per_reader_behind_a_trusted_proxy(
    client, settings, trusted, counted_address, locked_out
):
    settings.TRUSTED_PROXIES = trusted
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("editor", password="right-password", is_staff=True)
    for number in range(3):
        failed_sign_in(client, f"guess-{number}", "198.51.100.7")
    # The failures count against the address rallying/client_address.py gives, not the header's.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {counted_address}

    other_reader = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "right-password"},
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    # Without a trusted proxy both come from the same connection address (the test client's).
    assert (other_reader.status_code == 429) is locked_out
