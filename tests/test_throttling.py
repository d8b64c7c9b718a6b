"""The anonymous API rate (rallying/throttling.py): a counter per address and window, so each
request costs one cache increment however high the rate."""

import pickle

import pytest
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from rallying.throttling import AnonWindowThrottle


@pytest.fixture
def rate(monkeypatch):
    def set_rate(value: str):
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": value})

    return set_rate


def throttle_values():
    """The values the throttle keeps (the tests' cache is local memory, values pickled)."""
    return [pickle.loads(value) for key, value in cache._cache.items() if "throttle_anon" in key]


def test_the_rate_is_kept_and_the_429_says_when_to_retry(client, dataset, rate):
    rate("3/minute")
    statuses = [client.get("/api/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert 0 < int(client.get("/api/sectors/")["Retry-After"]) <= 60


def test_each_address_keeps_one_counter_not_a_list_of_times(client, dataset, rate):
    rate("1000000/minute")
    for _ in range(25):
        assert client.get("/api/sectors/").status_code == 200
    assert throttle_values() == [25]


def test_a_new_window_starts_the_count_again(client, dataset, rate, monkeypatch):
    rate("2/minute")
    clock = [6000.0]
    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: clock[0])
    assert [client.get("/api/sectors/").status_code for _ in range(3)] == [200, 200, 429]
    clock[0] += 60
    assert client.get("/api/sectors/").status_code == 200


def test_signed_in_readers_are_not_counted(admin_client, dataset, rate):
    rate("1/minute")
    assert [admin_client.get("/api/sectors/").status_code for _ in range(3)] == [200, 200, 200]
