"""The web list, the API and the CSV export answer the same query string with the same cases."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

QUERIES = [
    "",
    "typology=collaborative-markets",
    "typology=none&typology=system-connectors",
    "sector=charity&region=london",
    "nation=england&accountability=outcomes",
    "finding=beyond-co-production",
    "policy_area=complex-needs&permanence=time-limited",
    "funding_model=grant-funded&sort=started",
    "basis=inferred&region=north-west&region=south-west",
    "q=children",
    "sort=typology",
]


@pytest.mark.parametrize("query", QUERIES)
def test_page_api_and_csv_list_the_same_cases_in_the_same_order(client, dataset, query):
    page = client.get(f"{reverse('cases:list')}?{query}")
    on_page = [case.slug for case in page.context["cases"]]
    api = APIClient()
    in_api = [c["slug"] for c in api.get(f"/api/cases/?{query}").json()["results"]]
    rows = csv.DictReader(io.StringIO(api.get(f"/api/cases/?{query}&format=csv").content.decode()))
    in_csv = [row["slug"] for row in rows]
    assert on_page == in_api == in_csv
