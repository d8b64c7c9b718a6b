"""Every API list as NDJSON: every row matching the filters, one JSON object per line, each exactly
an item of the JSON list, streamed in chunks with a fixed number of queries per chunk."""

import json
import math

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.synthetic import synthesize
from rallying import ndjson
from rallying.api_urls import router
from releases.tests.factories import make_release
from tests.factories import make_case
from tests.test_drafts_everywhere import NAME, QUOTED, SLUG, make_draft

LISTS = [f"/api/{prefix}/" for prefix, *_ in router.registry]
NDJSON = "application/x-ndjson"


@pytest.fixture
def api():
    return APIClient()


def lines_of(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == f"{NDJSON}; charset=utf-8"
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body == "" or body.endswith("\n")
    return [json.loads(line) for line in body.split("\n")[:-1]]


def every_page(api, path, query=None) -> tuple[int, list[dict]]:
    """The JSON list's count and its items, page after page."""
    page = api.get(path, {**(query or {}), "page_size": 200}).json()
    items = page["results"]
    while page["next"]:
        page = api.get(page["next"]).json()
        items += page["results"]
    return page["count"], items


@pytest.mark.parametrize("path", LISTS)
def test_each_list_gives_every_row_as_a_line_equal_to_its_json_item(api, dataset, path):
    make_release("1.0", 1)  # the dataset has no release of its own
    count, items = every_page(api, path)
    assert count > 0
    lines = lines_of(api.get(path, HTTP_ACCEPT=NDJSON))
    assert len(lines) == count
    assert lines == items


def test_format_ndjson_names_the_download_after_the_list(api, dataset):
    response = api.get("/api/evidence-links/", {"format": "ndjson"})
    assert response["Content-Disposition"] == (
        'attachment; filename="rallying-evidence-links.ndjson"'
    )
    assert len(lines_of(response)) == api.get("/api/evidence-links/").json()["count"]
    suffixed = api.get("/api/cases.ndjson")
    assert suffixed["Content-Disposition"] == 'attachment; filename="rallying-cases.ndjson"'
    assert len(lines_of(suffixed)) == 10


def test_the_whole_list_in_its_sort_order_whatever_the_page_asked(api, db):
    for started in range(1990, 2050):
        make_case(started=started)
    _, items = every_page(api, "/api/cases/", {"sort": "started"})
    response = api.get(
        "/api/cases/", {"sort": "started", "page": 3, "page_size": 5}, HTTP_ACCEPT=NDJSON
    )
    lines = lines_of(response)
    assert [line["slug"] for line in lines] == [item["slug"] for item in items]
    assert len(lines) == 60


def test_filters_and_whole_records_are_honoured(api, dataset):
    query = {"sector": "charity", "expand": "full"}
    count, items = every_page(api, "/api/cases/", query)
    lines = lines_of(api.get("/api/cases/", query, HTTP_ACCEPT=NDJSON))
    assert len(lines) == count == 6
    assert lines == items
    assert all("description" in line and "quotations" in line for line in lines)
    finding = {"finding": "beyond-co-production"}
    assert (
        lines_of(api.get("/api/quotations/", finding, HTTP_ACCEPT=NDJSON))
        == (api.get("/api/quotations/", finding).json()["results"])
    )


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"typology": "atlantis"}, "typology"),
        ({"colour": "red"}, "colour"),
        ({"page_size": "lots"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"expand": "most"}, "expand"),
    ],
)
def test_a_bad_parameter_is_the_json_lists_400_before_any_line(api, dataset, query, parameter):
    response = api.get("/api/cases/", {**query, "format": "ndjson"})
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()["errors"]
    assert response.json() == api.get("/api/cases/", query).json()


def test_a_format_a_list_does_not_offer_names_ndjson_among_those_it_does(api, dataset):
    assert api.get("/api/sectors/", {"format": "xml"}).json()["errors"]["format"] == [
        "Unknown format “xml”. This endpoint offers: api, json, ndjson."
    ]
    facets = api.get("/api/cases/facets/", {"format": "ndjson"})
    assert facets.status_code == 400
    assert "offers: api, json." in facets.json()["errors"]["format"][0]


def test_options_describes_the_list_in_json_and_lists_ndjson(api, dataset):
    response = api.options("/api/quotations/", {"format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert NDJSON in response.json()["renders"]


def test_a_record_as_ndjson_is_one_line(api, dataset):
    response = api.get("/api/cases/wigan-council/", HTTP_ACCEPT=NDJSON)
    assert response["Content-Type"] == f"{NDJSON}; charset=utf-8"
    assert response.content.count(b"\n") == 1
    assert json.loads(response.content) == api.get("/api/cases/wigan-council/").json()
    missing = api.get("/api/cases/atlantis/", HTTP_ACCEPT=NDJSON)
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"detail": "There is no case “atlantis”."}


def test_line_breaks_inside_values_never_split_a_record(api, db):
    make_case(name="Two\nlines and a\u2028separator", summary="One\r\ntwo\u2029three")
    response = api.get("/api/cases/", HTTP_ACCEPT=NDJSON)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert len(body.splitlines()) == 1  # splitlines() breaks at U+2028 and U+2029 too
    assert json.loads(body)["name"] == "Two\nlines and a\u2028separator"


def test_drafts_are_in_no_stream(api, dataset):
    make_draft()
    for path in ("/api/cases/", "/api/quotations/", "/api/evidence-links/", "/api/findings/"):
        body = b"".join(api.get(path, HTTP_ACCEPT=NDJSON).streaming_content).decode()
        assert SLUG not in body and NAME not in body and QUOTED not in body, path
    cases = lines_of(api.get("/api/cases/", {"q": "zyxwvut"}, HTTP_ACCEPT=NDJSON))
    assert cases == []


@pytest.mark.parametrize("n_cases", [30, 300])
@pytest.mark.parametrize(
    "path, per_chunk",
    [
        ("/api/cases/", 1),  # the chunk's linked lists
        ("/api/quotations/", 1),  # the chunk's findings, with their studies
        ("/api/evidence-links/", 0),  # everything is joined in the one query for the rows
    ],
)
@pytest.mark.usefixtures("dataset", "no_answer_cache")
def test_queries_are_a_fixed_number_per_chunk(client, monkeypatch, n_cases, path, per_chunk):
    synthesize(cases=n_cases, seed=1)
    monkeypatch.setattr(ndjson, "CHUNK_SIZE", 50)
    rows = client.get(path).json()["count"]
    chunks = math.ceil(rows / 50)
    with CaptureQueriesContext(connection) as queries:
        lines = lines_of(client.get(path, {"format": "ndjson"}))
    assert len(lines) == rows
    # The dataset's revision (the HTTP edge), the rows in one query, then each chunk's own.
    assert len(queries) == 2 + per_chunk * chunks, [q["sql"][:80] for q in queries]


def test_rows_are_read_as_the_client_takes_them(client, db, monkeypatch, no_answer_cache):
    for _ in range(30):
        make_case()
    monkeypatch.setattr(ndjson, "CHUNK_SIZE", 10)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/cases/", {"format": "ndjson"})
        before = len(queries)
        lines = lines_of(response)
    # The first chunk is read before the answer starts (an error is still a status); the other
    # two as the client reads on.
    assert before == 3  # revision, the rows, the first chunk's linked lists
    assert len(queries) == before + 2
    assert len(lines) == 30


@pytest.mark.parametrize("method, chunks_read", [("get", 3), ("head", 1)])
def test_a_head_reads_no_more_than_the_first_chunk(method, chunks_read):
    """As a WSGI server iterates the answer (it sends no body for a HEAD)."""
    read = []

    def chunks():
        for number in range(3):
            read.append(number)
            yield [{"n": number}]

    request = getattr(RequestFactory(), method)("/api/cases/", {"format": "ndjson"})
    response = ndjson.stream(request, chunks())
    assert response["Content-Disposition"] == 'attachment; filename="rallying-cases.ndjson"'
    b"".join(response)
    assert len(read) == chunks_read


def test_the_stream_is_labelled_for_caches_but_never_kept_whole(client, dataset):
    first = client.get("/api/cases/", {"format": "ndjson"})
    assert first.streaming and first["ETag"]
    assert first["Access-Control-Allow-Origin"] == "*"
    b"".join(first.streaming_content)
    again = client.get("/api/cases/", {"format": "ndjson"})
    assert again.streaming  # answered by the view again, not from the answer cache
    # Read to its end, so that it is closed, with its database cursor, inside this test.
    b"".join(again.streaming_content)
    revalidated = client.get("/api/cases/", {"format": "ndjson"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304


def test_an_abandoned_stream_closes_what_it_reads_from():
    """A client that leaves mid-stream: the server closes the answer, which closes the chunks
    (and so the database cursor they read from) there and then, not when they are collected."""
    events = []

    def chunks():
        try:
            for number in range(3):
                events.append(f"read {number}")
                yield [{"n": number}]
        finally:
            events.append("closed")

    request = RequestFactory().get("/api/cases/", {"format": "ndjson"})
    response = ndjson.stream(request, chunks())
    body = iter(response)
    assert next(body) == b'{"n":0}\n'
    assert next(body) == b'{"n":1}\n'
    # As Django's test client closes a response: without closing the test's database connection.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert events == ["read 0", "read 1", "closed"]
