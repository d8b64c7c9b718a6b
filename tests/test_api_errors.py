"""Nothing a client sends gives a 500: bad values, numbers and parameters are 400s that say why."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def errors_of(response) -> dict:
    body = response.json()
    assert body["detail"] == "The request has invalid values."
    return body["errors"]


@pytest.mark.parametrize(
    "query, parameter, message",
    [
        ({"typology": "bogus"}, "typology", "Unknown typology “bogus”"),
        ({"region": ["london", "atlantis"]}, "region", "Unknown region “atlantis”"),
        ({"basis": "guess"}, "basis", "Unknown basis “guess”"),
        ({"sort": "colour"}, "sort", "Select a valid choice"),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
        ({"page": "abc"}, "page", "“abc” is not a page number"),
        ({"page": "0"}, "page", "“0” is not a page number"),
        ({"page": "7"}, "page", "There is no page 7: the results fill 1 page."),
        ({"page_size": "lots"}, "page_size", "“lots” is not a whole number"),
        ({"page_size": "201"}, "page_size", "201 is more than the maximum page size, 200."),
        ({"colour": "red"}, "colour", "Unknown parameter."),
    ],
)
def test_bad_list_requests_are_400_naming_the_parameter(api, dataset, query, parameter, message):
    response = api.get("/api/cases/", query)
    assert response.status_code == 400
    assert message in " ".join(errors_of(response)[parameter])


def test_unknown_parameters_are_refused_on_every_list(api, dataset):
    for url in ("/api/findings/", "/api/sources/", "/api/regions/", "/api/cases/facets/"):
        response = api.get(url, {"typo": "1"})
        assert response.status_code == 400, url
        assert "typo" in errors_of(response)


def test_bad_filters_on_facets_are_400(api, dataset):
    response = api.get("/api/cases/facets/", {"sector": "guild"})
    assert response.status_code == 400
    assert "Unknown sector “guild”" in errors_of(response)["sector"][0]


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/cases/atlantis/", "There is no case “atlantis”."),
        ("/api/sources/nowhere/", "There is no source “nowhere”."),
        ("/api/findings/nothing/", "There is no finding “nothing”."),
        ("/api/evidence-links/999999/", "There is no evidence link “999999”."),
        ("/api/typologies/octopus/", "There is no typology “octopus”."),
    ],
)
def test_unknown_records_are_404_json(api, dataset, url, message):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": message}


def test_csv_errors_stay_readable(api, dataset):
    response = api.get("/api/cases/", {"format": "csv", "typology": "bogus"})
    assert response.status_code == 400
    assert "Unknown typology" in response.content.decode()


@pytest.mark.parametrize("value", ["%", "%s%d", "a\x00b", "../etc", "x" * 300])
def test_odd_filter_values_are_400s_not_500s(api, dataset, value):
    response = api.get("/api/cases/", {"finding": value})
    assert response.status_code == 400
    assert "Unknown finding" in errors_of(response)["finding"][0]


def test_a_format_the_endpoint_does_not_offer_is_a_400_naming_it(api, dataset):
    response = api.get("/api/sectors/", {"format": "csv"})
    assert response.status_code == 400
    assert errors_of(response)["format"] == [
        "Unknown format “csv”. This endpoint offers: api, json."
    ]


def test_addresses_that_are_no_endpoint_get_a_json_404(api, dataset):
    response = api.get("/api/nothing/here/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no API endpoint at /api/nothing/here/.")


def test_the_schema_documents_error_responses(api, dataset):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    list_responses = schema["paths"]["/api/cases/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(list_responses)
    assert {"401", "403"} <= set(schema["paths"]["/api/cases/"]["post"]["responses"])
    parameters = {p["name"]: p for p in schema["paths"]["/api/cases/"]["get"]["parameters"]}
    assert "collaborative-markets" in parameters["typology"]["schema"]["items"]["enum"]
