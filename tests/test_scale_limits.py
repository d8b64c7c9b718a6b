"""Answers whose size grows with the data stay cheap: flat queries, bounded lists, summaries.

Issue 5: at 10,000 cases the case CSV, the downloads, /api/findings/ and the overview must answer
in seconds. These tests fail if the costly shapes come back: a CSV that is not the whole list, a findings list that grows with the evidence, a map with one point per case.
"""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from cases.models import Case


@pytest.fixture(autouse=True)
def cold_cache():
    cache.clear()
    yield
    cache.clear()


def synthesize(n: int) -> None:
    call_command("synthesize", cases=n, seed=1, stdout=StringIO())


def test_the_case_csv_is_the_whole_filtered_list_in_the_lists_order(client, dataset):
    synthesize(200)
    response = client.get("/api/cases/?format=csv")
    assert response.status_code == 200
    assert response.content.count(b"\r\n") == Case.objects.count() + 1

    query = "region=north-west&sort=started&q=council"
    filtered = client.get(f"/api/cases/?format=csv&{query}")
    listed = client.get(f"/api/cases/?{query}&page_size=200")
    slugs = [case["slug"] for case in listed.json()["results"]]
    lines = filtered.content.decode().split("\r\n")
    assert [line.split(",", 1)[0] for line in lines[1:-1]] == slugs


def test_the_json_download_holds_the_records_the_api_lists(client, dataset):
    synthesize(60)
    downloaded = json.loads(client.get("/download/rallying.json").getvalue())
    listed, url = [], "/api/cases/?page_size=200&expand=full"
    while url:
        page = client.get(url).json()
        listed += page["results"]
        url = page["next"]
    assert downloaded["cases"] == listed
    quotations = client.get("/api/quotations/?page_size=200").json()["results"]
    assert downloaded["quotations"] == quotations


def test_the_findings_list_does_not_grow_with_the_evidence(client, dataset):
    """Each finding gives counts and links, not its evidence: 200 more cases behind every finding
    change the numbers, not the size of the answer."""
    before = client.get("/api/findings/?page_size=50")
    synthesize(200)
    cache.clear()
    after = client.get("/api/findings/?page_size=50")
    assert before.status_code == after.status_code == 200
    assert abs(len(after.content) - len(before.content)) < 20 * 10  # a few digits per finding
    counts = {f["slug"]: f["evidence_count"] for f in after.json()["results"]}
    assert sum(counts.values()) > sum(f["evidence_count"] for f in before.json()["results"]) + 200
    slug = max(counts, key=counts.get)
    linked = client.get(f"/api/evidence-links/?finding={slug}&page_size=1").json()
    assert linked["count"] == counts[slug]
