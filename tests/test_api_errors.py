"""Nothing a client sends gives a 500: bad values, numbers and parameters are 400s that say why."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from releases.tests.factories import make_release


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
        ({"page": "1" + "0" * 12}, "page", "is not a page number (1 to 999,999,999,999)"),
        ({"page_size": "lots"}, "page_size", "“lots” is not a whole number"),
        ({"page_size": "201"}, "page_size", "201 is more than the maximum page size, 200."),
        ({"colour": "red"}, "colour", "Unknown parameter."),
    ],
)
def test_bad_list_requests_are_400_naming_the_parameter(api, dataset, query, parameter, message):
    response = api.get("/api/cases/", query)
    assert response.status_code == 400
    assert message in " ".join(errors_of(response)[parameter])


def test_a_page_past_the_end_is_a_404_saying_how_many_pages_there_are(api, dataset):
    response = api.get("/api/cases/", {"page": "7"})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 7: the results fill 1 page."}


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
        "Unknown format “csv”. This endpoint offers: api, json, ndjson."
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


def test_a_body_that_is_not_json_is_a_400(dataset, django_user_model):
    api = APIClient()
    api.force_authenticate(django_user_model.objects.create_user("editor", is_staff=True))
    response = api.post("/api/cases/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_an_accept_header_no_format_meets_is_a_406(api, dataset):
    response = api.get("/api/sectors/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json() == {"detail": "Could not satisfy the request Accept header."}


@pytest.mark.parametrize("method", ["delete", "put", "post"])
def test_a_method_an_endpoint_lacks_is_a_405_even_without_credentials(api, dataset, method):
    """Not a 401, which would suggest that a token could delete a case."""
    url = "/api/sectors/charity/" if method != "post" else "/api/cases/wigan-council/"
    response = getattr(api, method)(url)
    assert response.status_code == 405
    assert method.upper() not in response["Allow"]


def test_a_write_to_an_address_that_is_no_endpoint_is_a_json_404(dataset):
    """Not Django's HTML page about a missing CSRF token."""
    client = Client(enforce_csrf_checks=True)
    response = client.put("/api/cases/a.b.c/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no API endpoint at /api/cases/a.b.c/.")


def every_endpoint(api) -> list[str]:
    """Each path of the schema, with an identifier that exists, plus the root and the schema."""
    urls = ["/api/", "/api/schema/"]
    for path in api.get("/api/schema/", {"format": "json"}).json()["paths"]:
        list_path, brace, rest = path.partition("{")
        if not brace:
            urls.append(path)
            continue
        name = rest.partition("}")[0]
        first = api.get(list_path, {"page_size": 1}).json()["results"][0]
        urls.append(f"{list_path}{first.get(name, first.get('slug'))}/")
    return urls


CSV_ENDPOINTS = ("/api/cases/", "/api/cases/compare/", "/api/cases/doing-the-right-thing/")


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
@pytest.mark.parametrize("query", ["", "?format=json", "?format=csv"])
def test_options_describes_every_endpoint_in_json(dataset, django_user_model, staff, query):
    """A CSV download's preflight included: the description is JSON, listing the CSV it renders."""
    api = APIClient()
    if staff:
        api.force_authenticate(django_user_model.objects.create_user("editor", is_staff=True))
    make_release("1.0", 1)  # so that /api/releases/{version}/ has one to describe
    urls = every_endpoint(api)
    assert len(urls) == 33 and set(CSV_ENDPOINTS) <= set(urls)
    for url in urls:
        response = api.options(url + query)
        if query == "?format=csv" and url not in CSV_ENDPOINTS:
            assert response.status_code == 400, url  # this endpoint has no CSV
            assert "Unknown format “csv”" in response.content.decode(), url
            continue
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(("application/json", "application/vnd.oai")), url
        assert "name" in response.json(), url


@pytest.mark.parametrize("query", ["", "?format=json", "?format=csv"])
def test_options_on_the_schema_pages_is_never_a_server_error(api, dataset, query):
    for url in ("/api/docs/", "/api/redoc/"):
        assert api.options(url + query).status_code in (200, 400), url


def test_options_shows_staff_what_a_write_takes(dataset, django_user_model):
    api = APIClient()
    api.force_authenticate(django_user_model.objects.create_user("editor", is_staff=True))
    description = api.options("/api/cases/?format=csv").json()
    assert "text/csv" in description["renders"]
    assert "sector" in description["actions"]["POST"]
    assert "html_url" not in description["actions"]["POST"]  # a field of the record as read
