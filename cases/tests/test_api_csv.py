"""CSV of any case list: UTF-8, one row per case, documented list separator, safe in spreadsheets."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from cases.csv_format import COLUMNS
from tests.factories import make_case


@pytest.fixture
def api():
    return APIClient()


def rows_of(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_one_row_per_case_with_every_column(api, dataset):
    response = api.get("/api/cases/", {"format": "csv"})
    assert 'filename="rallying-cases.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert len(rows) == 10
    assert list(rows[0]) == COLUMNS


def test_list_fields_are_joined_with_the_documented_separator(api, dataset):
    row = next(
        r
        for r in rows_of(api.get("/api/cases/", {"format": "csv"}))
        if r["slug"] == "west-london-zone"
    )
    assert sorted(row["accountability"].split(" | ")) == ["outcomes", "results"]
    assert row["typology"] == "system-connectors" and row["typology_basis"] == "inferred"
    assert "briefing-2018" in row["sources"].split(" | ")
    assert row["latitude"] == "51.512"


def test_not_classified_shows_as_none(api, dataset):
    row = next(
        r for r in rows_of(api.get("/api/cases/", {"format": "csv"})) if r["slug"] == "kibble"
    )
    assert (row["typology"], row["typology_basis"]) == ("none", "")


def test_the_whole_filtered_list_is_exported_without_truncation(api, db):
    for _ in range(60):
        make_case(description="x" * 5000)
    rows = rows_of(api.get("/api/cases/", {"format": "csv", "page_size": 5}))
    assert len(rows) == 60  # not one page
    assert all(len(row["description"]) == 5000 for row in rows)


def test_formulas_are_defused_but_numbers_are_not(api, db):
    make_case(
        name='=HYPERLINK("http://evil.example")',
        summary="+1 more",
        place_label="@risk",
        longitude=-3,
    )
    row = rows_of(api.get("/api/cases/", {"format": "csv"}))[0]
    assert row["name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["summary"] == "'+1 more"
    assert row["place_label"] == "'@risk"
    assert row["longitude"] == "-3.0"


def test_text_with_commas_quotes_and_newlines_survives(api, db):
    make_case(name='Smith, "Jones" & Co', summary="Line one\nline two — ünïcödé")
    row = rows_of(api.get("/api/cases/", {"format": "csv"}))[0]
    assert row["name"] == 'Smith, "Jones" & Co'
    assert row["summary"] == "Line one\nline two — ünïcödé"


def test_the_whole_list_csv_still_refuses_a_bad_page_size(client, dataset):
    response = client.get("/api/cases/?format=csv&page_size=lots")
    assert response.status_code == 400
    assert "page_size" in response.content.decode()
