"""Reads carry ETag and Last-Modified; a conditional request gets 304; throttling says when to retry."""

from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from cases.models import Case


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize(
    "url", ["/api/cases/", "/api/cases/kibble/", "/api/findings/", "/api/codebook/"]
)
def test_reads_revalidate_with_etag_and_last_modified(api, dataset, url):
    first = api.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_a_change_moves_last_modified_and_the_etag(api, dataset):
    first = api.get("/api/cases/kibble/")
    case = Case.objects.get(slug="kibble")
    case.summary = "A corrected summary."
    case.save()
    second = api.get("/api/cases/kibble/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert parsedate_to_datetime(second["Last-Modified"]) >= parsedate_to_datetime(
        first["Last-Modified"]
    )


def test_anonymous_clients_are_throttled_with_retry_after(api, dataset):
    cache.clear()
    original = AnonRateThrottle.THROTTLE_RATES
    # DRF reads the rates once at import; set them on the throttle class for this test.
    AnonRateThrottle.THROTTLE_RATES = {"anon": "3/minute"}
    try:
        statuses = [api.get("/api/sectors/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = api.get("/api/sectors/")
        assert int(limited["Retry-After"]) > 0
        assert "throttled" in limited.json()["detail"].lower()
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
