"""With REDIS_URL set and Redis away, the site serves without its cache instead of failing."""

import logging
import socket

import pytest

from rallying.env import caches_from_url

# Nothing listens on port 1: every cache call fails to connect.
UNREACHABLE = caches_from_url("redis://127.0.0.1:1/0")


def redis_answers(host="127.0.0.1", port=6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_away(settings, dataset):
    settings.CACHES = UNREACHABLE
    settings.ANSWER_CACHE = True


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cases/?sector=charity",
        "/cases/wirral-council/",
        "/api/cases/?sector=charity",
        "/api/cases/facets/",
        "/findings/",
        "/changes/",
    ],
)
def test_pages_and_the_api_answer_while_redis_is_away(client, redis_away, url, caplog):
    with caplog.at_level(logging.ERROR, logger="rallying.cache"):
        first = client.get(url)
        second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    # Each failed cache call is logged with the reason, for whoever watches the logs.
    failures = [record for record in caplog.records if record.name == "rallying.cache"]
    assert failures
    assert "ConnectionError" in caplog.text


def test_health_reports_a_degraded_cache_but_keeps_the_host_in_service(client, redis_away):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}


def test_writes_still_work_while_redis_is_away(admin_client, redis_away):
    response = admin_client.patch(
        "/api/cases/wirral-council/",
        {"summary": "Written while the cache was away."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert admin_client.get("/cases/wirral-council/").content.count(
        b"Written while the cache was away."
    )


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_health_reports_a_reachable_cache(client, db, settings):
    settings.CACHES = caches_from_url("redis://127.0.0.1:6379/15")
    assert client.get("/healthz").json()["cache"] == "ok"
