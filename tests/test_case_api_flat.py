"""The case API's JSON reads, built from flat queries, equal what CaseSerializer gives, byte for byte."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cases.api import CaseViewSet

URLS = [
    "/api/cases/",
    "/api/cases/?page=2&page_size=7",
    "/api/cases/?sector=charity&sort=started",
    "/api/cases/?sort=typology",
    "/api/cases/?sort=region&page_size=200",
    "/api/cases/?q=council",
    "/api/cases/?typology=none&accountability=outcomes",
    "/api/cases/?format=json&region=london",
    "/api/cases/wirral-council/",
    "/api/cases/kibble/",
    "/api/cases/?format=json&page=3&page_size=5",
]


@pytest.fixture
def varied_cases(dataset):
    call_command("synthesize", cases=40, seed=3, stdout=StringIO())


@pytest.mark.parametrize("url", URLS)
def test_flat_json_equals_the_serializer(client, varied_cases, url, monkeypatch):
    flat = client.get(url)
    cache.clear()  # or the second read is the first one's cached answer (CachedReadsMixin)
    monkeypatch.setattr(CaseViewSet, "_flat_json_read", lambda self: False)
    serialized = client.get(url)
    assert flat.status_code == serialized.status_code == 200
    assert flat.content == serialized.content
    assert flat.get("Link") == serialized.get("Link")


def test_synthetic_detail_with_every_kind_of_link_is_identical(client, varied_cases, monkeypatch):
    from cases.models import Case

    slugs = list(
        Case.objects.filter(slug__startswith="synthetic-", quotations__isnull=False)
        .values_list("slug", flat=True)
        .distinct()[:5]
    )
    flat = [client.get(f"/api/cases/{slug}/").content for slug in slugs]
    cache.clear()
    monkeypatch.setattr(CaseViewSet, "_flat_json_read", lambda self: False)
    assert flat == [client.get(f"/api/cases/{slug}/").content for slug in slugs]


def test_the_browsable_api_and_errors_still_answer(client, varied_cases):
    assert client.get("/api/cases/?format=api").status_code == 200
    assert client.get("/api/cases/no-such-case/").status_code == 404
    assert client.get("/api/cases/?sector=nope").status_code == 400
