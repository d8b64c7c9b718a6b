"""Deep pages of the case list cost what the first does: a page's keys come from an index.

cases/paging.py's KeysFirstPaginator reads a page as `WHERE pk IN (the page's keys)`, the
keys from `ORDER BY … LIMIT/OFFSET` over an index holding each sort's columns and the id
(cases/migrations/0004). The pages must be exactly those of a plain LIMIT/OFFSET.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.filters import SORTS, CaseFilter
from cases.models import Case
from cases.paging import KeysFirstPaginator
from cases.records import case_rows

SORT_INDEXES = {
    "name": "cases_case_name_idx",
    "region": "cases_case_region_sort_idx",
    "started": "cases_case_started_idx",
}


@pytest.fixture
def many_cases(dataset):
    """The ten real cases and 120 synthetic ones: several pages in every sort."""
    call_command("synthesize", cases=120, seed=3, stdout=StringIO())


def sorted_cases(sort: str, queryset=None):
    return CaseFilter(QueryDict(f"sort={sort}"), queryset=queryset or Case.objects.all()).qs


def pages(paginator: Paginator) -> list[list]:
    return [list(paginator.page(number).object_list) for number in paginator.page_range]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("per_page", [50, 7])
def test_every_page_is_the_plain_limit_offset_page(many_cases, sort, per_page):
    cases = sorted_cases(sort, Case.objects.for_list())
    expected = pages(Paginator(cases, per_page))
    got = pages(KeysFirstPaginator(cases, per_page))
    assert [[case.slug for case in page] for page in got] == [
        [case.slug for case in page] for page in expected
    ]
    assert sum(len(page) for page in got) == Case.objects.count()
    # The API's flat rows page the same way.
    rows = case_rows(sorted_cases(sort))
    assert pages(KeysFirstPaginator(rows, per_page)) == pages(Paginator(rows, per_page))


@pytest.mark.parametrize(
    "query",
    [
        "sort=typology&region=north-west&region=london&nation=england",
        "sort=region&typology=none&sector=charity",
        "sort=started&accountability=outcomes&q=council",
        "sort=name&funding_model=alliance-contract&basis=inferred",
    ],
)
def test_filtered_pages_are_the_plain_limit_offset_pages(many_cases, query):
    filterset = CaseFilter(QueryDict(query), queryset=Case.objects.all())
    assert filterset.is_valid(), filterset.errors
    rows = case_rows(filterset.qs)
    assert rows.exists()
    assert pages(KeysFirstPaginator(rows, 4)) == pages(Paginator(rows, 4))


@pytest.mark.parametrize("sort", SORTS)
def test_the_apis_last_page_ends_the_list(client, many_cases, sort):
    slugs = list(sorted_cases(sort).values_list("slug", flat=True))
    last_page = -(-len(slugs) // 5)
    response = client.get(
        reverse("api:case-list"), {"sort": sort, "page_size": 5, "page": last_page}
    )
    assert response.status_code == 200
    assert [case["slug"] for case in response.json()["results"]] == slugs[(last_page - 1) * 5 :]


@pytest.mark.parametrize("sort", SORTS)
def test_a_deep_page_costs_the_queries_of_the_first(
    client, many_cases, sort, django_assert_num_queries
):
    url = reverse("api:case-list")
    with CaptureQueriesContext(connection) as first:
        client.get(url, {"sort": sort, "page_size": 5})
    with django_assert_num_queries(len(first)):
        client.get(url, {"sort": sort, "page_size": 5, "page": 20})


@pytest.mark.parametrize("sort", SORTS)
def test_the_html_lists_last_page_ends_the_list(client, many_cases, sort):
    slugs = list(sorted_cases(sort).values_list("slug", flat=True))
    response = client.get(reverse("cases:list"), {"sort": sort, "page": 3})
    assert [case.slug for case in response.context["cases"]] == slugs[100:]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # VACUUM, which marks the index's rows as readable alone
@pytest.mark.parametrize("sort", SORTS)
def test_a_pages_keys_are_read_from_the_sorts_index(many_cases, sort):
    keys = sorted_cases(sort).values("pk")[100:150]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")
        # At 130 cases reading the table, or sorting, is as cheap as anything: forbid both (as far
        # as the sort can go without) to see which index serves the order.
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        try:
            plan = keys.explain()
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_sort")
    if sort == "typology":
        # By each case's first type (its classifications, through their index): the cases' keys
        # still come from an index alone, and no table is read whole.
        assert "Index Only Scan using cases_case_" in plan, plan
        assert "Seq Scan" not in plan, plan
        return
    assert f"Index Only Scan using {SORT_INDEXES[sort]}" in plan, plan
    if sort in ("name", "started"):
        assert "Sort" not in plan, plan  # the index's order is the page's order


def test_the_api_rows_keys_leave_out_the_joins_of_their_columns(many_cases):
    rows = case_rows(sorted_cases("name"))
    keys = str(KeysFirstPaginator._keys(rows)[100:150].query)
    assert "JOIN" not in keys
    assert "JOIN" in str(rows.query)
