"""The case record (cases/records.py): what the API's lists and details give, and what it costs.

Lists give list records (no description, quotations or fact citations) unless `expand=full`;
a detail is the whole record. A page or a detail runs at most 8 queries, whatever the page size
and the number of cases."""

from io import StringIO

import pytest
from django.core.management import call_command

FULL_ONLY = {"description", "quotations", "fact_citations", "disputed_facts"}


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_list_gives_list_records_and_the_detail_the_whole_record(client, dataset):
    [listed] = results(client, "/api/cases/?q=kibble")
    detail = client.get("/api/cases/kibble/").json()
    assert FULL_ONLY.isdisjoint(listed)
    assert FULL_ONLY <= set(detail)
    assert listed == {key: value for key, value in detail.items() if key not in FULL_ONLY}
    assert detail["quotations"] or detail["fact_citations"]


def test_expand_full_gives_whole_records_in_a_list(client, dataset):
    [listed] = results(client, "/api/cases/?q=kibble&expand=full")
    assert listed == client.get("/api/cases/kibble/").json()


@pytest.mark.parametrize("value", ["all", "", "FULL"])
def test_an_unknown_expand_is_a_400_that_says_what_to_use(client, dataset, value):
    response = client.get(f"/api/cases/?expand={value}")
    assert response.status_code == 400
    assert "expand=full" in response.json()["errors"]["expand"][0]


def test_the_csv_holds_the_whole_records(client, dataset):
    csv = client.get("/api/cases/?format=csv&q=kibble").content.decode()
    header, row = csv.split("\r\n")[:2]
    assert "description" in header.split(",")
    detail = client.get("/api/cases/kibble/").json()
    assert detail["description"][:40] in row


@pytest.mark.parametrize("n_cases", [10, 500])
@pytest.mark.parametrize(
    "url",
    [
        "/api/cases/?page_size=5",
        "/api/cases/?page_size=200",
        "/api/cases/?page_size=200&expand=full",
        "/api/cases/?sector=charity&region=north-west&accountability=outcomes&page_size=200",
        "/api/cases/kibble/",
    ],
)
@pytest.mark.usefixtures("dataset", "no_answer_cache")
def test_a_page_or_a_detail_runs_at_most_6_queries(
    client, django_assert_max_num_queries, n_cases, url
):
    call_command("synthesize", cases=n_cases, seed=1, stdout=StringIO())
    # Revision, slug check, count, the page's ids, their rows, and the linked lists.
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


def test_a_detail_outside_the_filters_given_is_a_404(client, dataset):
    assert client.get("/api/cases/kibble/?sector=charity").status_code == 200
    assert client.get("/api/cases/kibble/?sector=public-sector").status_code == 404
    assert client.get("/api/cases/kibble/?sector=guild").status_code == 400
