"""Answers whose size grows with the data stay cheap: flat queries, bounded lists, summaries.

Issue 5: at 10,000 cases the case CSV, the downloads, /api/findings/ and the overview must answer
in seconds. These tests fail if the costly shapes come back: the nested serializer behind the CSV,
a findings list that grows with the evidence, a map with one point per case.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory

from cases.csv_export import case_row, write_case_csv
from cases.models import Case
from cases.serializers import CaseSerializer


@pytest.fixture(autouse=True)
def cold_cache():
    cache.clear()
    yield
    cache.clear()


def synthesize(n: int) -> None:
    call_command("synthesize", cases=n, seed=1, stdout=StringIO())


def serializer_csv(queryset) -> bytes:
    """The case CSV as it was built before: the nested serializer, then case_row()."""
    request = RequestFactory().get("/api/cases/?format=csv")
    data = CaseSerializer(queryset.for_detail(), many=True, context={"request": request}).data
    return write_case_csv(case_row(case) for case in data)


def test_case_csv_from_flat_queries_is_byte_identical_to_the_serializer_csv(client, dataset):
    synthesize(200)
    response = client.get("/api/cases/?format=csv")
    assert response.status_code == 200
    assert response.content.count(b"\r\n") == Case.objects.count() + 1
    assert response.content == serializer_csv(Case.objects.all())

    filtered = client.get("/api/cases/?format=csv&region=north-west&sort=started&q=council")
    expected = serializer_csv(
        Case.objects.filter(region__slug="north-west").order_by("started", "name", "slug")
    )
    # The same rows in the same order as the API's filtered list.
    listed = client.get("/api/cases/?region=north-west&sort=started&q=council&page_size=200")
    slugs = [case["slug"] for case in listed.json()["results"]]
    lines = filtered.content.decode().split("\r\n")
    assert [line.split(",", 1)[0] for line in lines[1:-1]] == slugs
    assert set(lines) <= set(expected.decode().split("\r\n"))


@pytest.mark.parametrize(
    ("name", "builder"),
    [("cases", "case_rows"), ("quotations", "quotation_rows"), ("evidence_links", "evidence_rows")],
)
def test_export_rows_are_what_the_api_serializers_give(dataset, name, builder):
    """The download's big tables, built from flat rows, equal the API's serialized records."""
    from cases import records as export_rows
    from downloads.views import EXPORT

    synthesize(60)
    request = RequestFactory().get("/download/rallying.json")
    viewset_class = dict(EXPORT)[name]
    view = viewset_class(request=request, action="list", format_kwarg=None, args=(), kwargs={})
    expected = view.get_serializer(view.get_queryset(), many=True).data
    built = list(getattr(export_rows, builder)(export_rows.Export(request)))
    assert len(built) == len(expected) > 60
    assert json_of(built) == json_of(expected)


def serialized_tables(request) -> dict:
    """Every table of the export as the API's serializers give it (how the files were built)."""
    from downloads.views import EXPORT

    tables = {}
    for name, viewset_class in EXPORT:
        view = viewset_class(request=request, action="list", format_kwarg=None, args=(), kwargs={})
        tables[name] = view.get_serializer(view.get_queryset(), many=True).data
    return tables


def test_json_download_is_byte_identical_to_dumping_the_serialized_tables(client, dataset):
    """The streamed JSON file is what json.dumps(indent=2) of the serializers' tables gives."""
    import json

    from rest_framework.utils.encoders import JSONEncoder

    synthesize(60)
    content = client.get("/download/rallying.json").getvalue()
    about = json.loads(content)["dataset"]
    request = RequestFactory().get("/download/rallying.json")
    document = {"dataset": about, **serialized_tables(request)}
    expected = json.dumps(document, cls=JSONEncoder, ensure_ascii=False, indent=2) + "\n"
    assert content == expected.encode("utf-8")


def json_of(rows) -> str:
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return json.dumps(rows, cls=JSONEncoder, ensure_ascii=False, indent=2)


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
