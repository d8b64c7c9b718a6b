"""/api/cases/compare/: the page's comparison as JSON and CSV, with its rules and messages."""

import csv
import io
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases.tests.test_compare import SAME_FOR_WIGAN_AND_OLDHAM, row_headings
from tests.factories import make_case
from tests.test_drafts_everywhere import SLUG, make_draft

URL = "/api/cases/compare/"
WIGAN_AND_OLDHAM = {"case": ["wigan-council", "oldham-council"]}


@pytest.fixture
def api():
    return APIClient()


def test_the_cases_and_each_fields_values_with_their_citations(api, dataset):
    response = api.get(URL, WIGAN_AND_OLDHAM)
    assert response.status_code == 200
    data = response.json()
    assert [case["slug"] for case in data["cases"]] == ["wigan-council", "oldham-council"]
    assert data["cases"][0] == {
        "url": "http://testserver/api/cases/wigan-council/",
        "slug": "wigan-council",
        "label": "Wigan Council",
        "html_url": "http://testserver/cases/wigan-council/",
    }
    assert data["differences_only"] is False
    rows = {row["field"]: row for row in data["rows"]}
    assert len(rows) == 14
    sector = rows["sector"]["values"][0]
    assert sector["case"] == "wigan-council"
    assert sector["text"] == "Public sector"
    assert sector["items"] == [
        {
            "text": "Public sector",
            "html_url": "http://testserver/sectors/public-sector/",
            "citations": [],
        }
    ]
    [citation] = sector["citations"]
    assert citation["source"] == "briefing-2018"
    assert citation["source_url"] == "http://testserver/api/sources/briefing-2018/"
    assert citation["basis"] == "stated" and citation["reason"] == ""
    assert citation["locator"].startswith("table of the ten places")
    # A type is an editorial inference here: the item carries its citation, with the reason.
    [typed] = rows["typology"]["values"][0]["items"]
    assert typed["citations"][0]["basis"] == "inferred"
    assert typed["citations"][0]["reason"]


def test_the_rows_and_what_is_the_same_are_the_pages(api, client, dataset):
    page = client.get(reverse("cases:compare"), WIGAN_AND_OLDHAM).content.decode()
    data = api.get(URL, WIGAN_AND_OLDHAM).json()
    assert {row["label"]: row["same"] for row in data["rows"]} == row_headings(page)
    assert [row["label"] for row in data["rows"] if row["same"]] == SAME_FOR_WIGAN_AND_OLDHAM
    assert data["same_rows"] == 7
    kibble = api.get(URL, {"case": ["wigan-council", "kibble"]}).json()
    status = next(row for row in kibble["rows"] if row["field"] == "status")
    wigan, unknown = status["values"]
    assert wigan["text"] == "Succeeded by another programme, as of April 2025"
    assert unknown == {"case": "kibble", "text": None, "items": [], "citations": []}


def test_differences_only_keeps_the_rows_that_differ(api, dataset):
    data = api.get(URL, {**WIGAN_AND_OLDHAM, "differences": "only"}).json()
    assert data["differences_only"] is True
    assert len(data["rows"]) == 7 and not any(row["same"] for row in data["rows"])
    assert data["same_rows"] == 7


def csv_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_has_a_row_per_field_and_columns_per_case(api, dataset):
    response = api.get(URL, {**WIGAN_AND_OLDHAM, "format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="rallying-compare-wigan-council-oldham-council.csv"'
    )
    header, names, *rows = csv_of(response)
    assert header == [
        "field",
        "label",
        "same",
        "wigan-council",
        "wigan-council citations",
        "oldham-council",
        "oldham-council citations",
    ]
    assert names == ["name", "Case", "", "Wigan Council", "", "Oldham Council", ""]
    assert len(rows) == 14
    by_field = {row[0]: row for row in rows}
    assert by_field["sector"][2:5] == ["yes", "Public sector", by_field["sector"][4]]
    assert by_field["sector"][4].startswith("briefing-2018, table of the ten places")
    assert by_field["sector"][4].endswith("(stated)")
    assert "(inferred: " in by_field["typology"][4]
    assert by_field["started"][2] == "no"
    accept = api.get(URL, WIGAN_AND_OLDHAM, HTTP_ACCEPT="text/csv")
    assert csv_of(accept) == [header, names, *rows]


def test_csv_cells_are_safe_in_a_spreadsheet(api, db):
    first = make_case(name="=HYPERLINK(1)", place_label="+44 street", lead_organisation="@lead")
    second = make_case(lead_organisation="-minus")
    _, names, *rows = csv_of(api.get(URL, {"case": [first.slug, second.slug], "format": "csv"}))
    by_field = {row[0]: row for row in rows}
    assert names[3] == "'=HYPERLINK(1)"
    assert by_field["place_label"][3] == "'+44 street"
    assert by_field["lead_organisation"][3::2] == ["'@lead", "'-minus"]


@pytest.mark.parametrize(
    "cases, message",
    [
        ([], "Choose at least 2 cases to compare (you chose no case)."),
        (["kibble"], "you chose one case"),
        (["kibble", "kibble"], "you chose one case"),  # the same case twice counts once
        (["kibble", "ignite", "wigan-council", "oldham-council", "golden-key"], "you chose 5"),
        (["kibble", "atlantis"], "There is no case “atlantis”."),
        (["kibble", "bad slug\x00"], "There is no case “bad slug”."),
    ],
)
@pytest.mark.parametrize("format", ["json", "csv"])
def test_a_bad_choice_of_cases_is_a_json_400_naming_case(api, dataset, cases, message, format):
    response = api.get(URL, {"case": cases, "format": format})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [error] = response.json()["errors"]["case"]
    assert message in error


def test_a_draft_case_is_unknown(api, dataset):
    make_draft()
    response = api.get(URL, {"case": ["kibble", SLUG]})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "case": [
            f"There is no case “{SLUG}”. "
            "Give 2 to 4 cases by slug, as ?case=<slug>&case=<slug>; /api/cases/ lists the slugs."
        ]
    }


def test_other_parameters_are_400s_naming_them(api, dataset):
    differences = api.get(URL, {**WIGAN_AND_OLDHAM, "differences": "all"})
    assert differences.status_code == 400
    assert "is not a choice for differences" in differences.json()["errors"]["differences"][0]
    unknown = api.get(URL, {**WIGAN_AND_OLDHAM, "sector": "charity"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"]["sector"] == [
        "Unknown parameter. This accepts: case, differences, format."
    ]


def test_compare_is_not_taken_for_a_case_slug(api, dataset):
    assert api.get(URL).json()["errors"]["case"]  # the comparison, not "no case “compare”"
    assert api.get("/api/cases/kibble/").status_code == 200


def test_queries_are_those_of_the_page(client, dataset, django_assert_num_queries, no_answer_cache):
    # Revision (edge), the cases with their dimensions, then their types, fact citations, policy
    # areas, modes and findings, each with its source.
    with django_assert_num_queries(7):
        response = client.get(URL, {"case": ["kibble", "ignite", "wigan-council"]})
    assert response.status_code == 200


def test_the_page_links_to_this_comparison_as_data(client, dataset):
    query = {**WIGAN_AND_OLDHAM, "differences": "only"}
    html = client.get(reverse("cases:compare"), query).content.decode()
    links = dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<a class="govuk-link" href="(/api/[^"]+)"[^>]*>(\w+)</a>', html
        )
    )
    assert set(links) == {"JSON", "CSV"}
    assert links["CSV"].endswith("format=csv")
    data = client.get(links["JSON"]).json()
    assert [case["slug"] for case in data["cases"]] == WIGAN_AND_OLDHAM["case"]
    assert data["differences_only"] is True
    assert client.get(links["CSV"]).status_code == 200
