"""The OpenAPI schema says what the server does: who may call each operation, which values each
parameter takes, and which errors can come back (tests/test_api_fuzz.py checks it by fuzzing)."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from cases.filters import FACETS, SORTS
from rallying.api_urls import router

WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture
def schema(dataset):
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def parameters(operation) -> dict:
    return {parameter["name"]: parameter for parameter in operation.get("parameters", [])}


def test_reads_need_no_credentials_and_writes_need_staff_by_token_or_session(schema):
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    for path, method, operation in operations(schema):
        if method in WRITES:
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}], path
        else:
            assert operation["security"] == [], path


def test_lists_document_the_page_limits_the_server_keeps(schema):
    for _, method, operation in operations(schema):
        if method != "get" or "page" not in parameters(operation):
            continue
        found = parameters(operation)
        assert found["page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10**12 - 1}
        assert found["page_size"]["schema"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": settings.API_MAX_PAGE_SIZE,
        }


def test_each_endpoint_documents_the_formats_it_offers(schema):
    def formats(path):
        return parameters(schema["paths"][path]["get"])["format"]["schema"]["enum"]

    assert formats("/api/cases/") == ["", "json", "csv", "ndjson"]
    assert formats("/api/cases/{slug}/") == ["", "json", "csv", "ndjson"]
    assert formats("/api/cases/facets/") == ["", "json"]
    assert formats("/api/cases/compare/") == ["", "json", "csv"]
    assert formats("/api/sectors/") == ["", "json", "ndjson"]
    assert formats("/api/codebook/") == ["", "json"]


def test_every_list_documents_its_ndjson_answer_as_one_item_per_line(schema):
    lists = [f"/api/{prefix}/" for prefix, *_ in router.registry]
    assert len(lists) == 14
    for path in lists:
        answers = schema["paths"][path]["get"]["responses"]
        page = answers["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        item = schema["components"]["schemas"][page]["properties"]["results"]["items"]
        assert answers["200"]["content"]["application/x-ndjson"]["schema"] == item, path
        assert "application/x-ndjson" not in answers["400"]["content"], path  # errors are JSON


def test_the_comparison_documents_its_cases_and_rows(schema):
    operation = schema["paths"]["/api/cases/compare/"]["get"]
    case = parameters(operation)["case"]
    assert case["required"] and case["schema"]["type"] == "array"
    assert parameters(operation)["differences"]["schema"]["enum"] == ["", "only"]
    content = operation["responses"]["200"]["content"]
    assert content["text/csv"]["schema"] == {"type": "string"}
    comparison = schema["components"]["schemas"]["CaseComparison"]["properties"]
    assert set(comparison) == {"cases", "differences_only", "same_rows", "rows"}
    value = schema["components"]["schemas"]["ComparedValue"]["properties"]
    assert set(value) == {"case", "text", "items", "citations"}
    assert set(operation["responses"]) == {"200", "400", "401", "406", "429"}


def test_case_filters_list_the_values_they_accept(schema):
    for path in ("/api/cases/", "/api/cases/facets/"):
        found = parameters(schema["paths"][path]["get"])
        assert {facet.param for facet in FACETS} | {"q", "sort"} <= set(found)
        assert "collaborative-markets" in found["typology"]["schema"]["items"]["enum"]
        assert "none" in found["typology"]["schema"]["items"]["enum"]
        assert found["permanence"]["schema"]["items"]["enum"] == [
            "",
            "permanent",
            "time-limited",
            "unknown",
        ]
        assert found["q"]["schema"]["maxLength"] == 200
        assert found["sort"]["schema"]["enum"] == ["", *SORTS]
    finding = parameters(schema["paths"]["/api/quotations/"]["get"])["finding"]
    assert "beyond-co-production" in finding["schema"]["items"]["enum"]


def test_every_documented_filter_value_is_accepted(schema):
    """Any value copied from the schema works: a script never meets a 400 for it."""
    api = APIClient()
    for name, parameter in parameters(schema["paths"]["/api/cases/"]["get"]).items():
        values = parameter["schema"].get("enum") or parameter["schema"].get("items", {}).get("enum")
        for value in values or []:
            response = api.get("/api/cases/", {name: value, "page_size": 1})
            assert response.status_code == 200, (name, value, response.content[:200])


def test_identifiers_in_paths_have_their_shape(schema):
    slug = parameters(schema["paths"]["/api/cases/{slug}/"]["get"])["slug"]["schema"]
    assert slug["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert slug["maxLength"] == 80
    key = parameters(schema["paths"]["/api/sources/{key}/"]["get"])["key"]["schema"]
    assert key["pattern"] == "^[-a-zA-Z0-9_]+$"
    link = parameters(schema["paths"]["/api/evidence-links/{id}/"]["get"])["id"]["schema"]
    assert link == {"type": "integer", "minimum": 1}


def test_each_operation_documents_the_errors_it_can_give(schema):
    paths = schema["paths"]

    def codes(path, method):
        return set(paths[path][method]["responses"])

    assert codes("/api/cases/", "get") == {"200", "400", "401", "404", "406", "429"}
    assert codes("/api/cases/facets/", "get") == {"200", "400", "401", "406", "429"}
    assert codes("/api/codebook/", "get") == {"200", "400", "401", "406", "429"}
    assert codes("/api/sectors/{slug}/", "get") == {"200", "400", "401", "404", "406", "429"}
    assert codes("/api/cases/", "post") == {"201", "400", "401", "403", "406", "415"}
    assert codes("/api/cases/{slug}/", "patch") == {"200", "400", "401", "403", "404", "406", "415"}
    error = paths["/api/cases/"]["get"]["responses"]["404"]["content"]["application/json"]
    assert error["schema"]["$ref"] == "#/components/schemas/Error"
    assert schema["components"]["schemas"]["ValidationError"]["required"] == ["detail"]


def test_writes_take_json_and_answer_with_the_record_as_read(schema):
    for path, method, operation in operations(schema):
        if method not in WRITES:
            continue
        assert list(operation["requestBody"]["content"]) == ["application/json"], path
        answer = operation["responses"]["201" if method == "post" else "200"]["content"]
        assert not answer["application/json"]["schema"]["$ref"].endswith("Write"), path


def test_studies_and_the_study_of_each_framework_value_are_documented(schema):
    assert {"get"} == set(schema["paths"]["/api/studies/"]) - {"parameters"}
    assert {"get"} == set(schema["paths"]["/api/studies/{slug}/"]) - {"parameters"}
    study = schema["components"]["schemas"]["Study"]["properties"]
    for name in ("slug", "title", "kind", "year", "month", "doi", "summary", "citation"):
        assert name in study, name
    for name in ("typologies", "accountability_modes", "findings", "sources", "case_count"):
        assert name in study, name
    for component in ("Finding", "Typology", "AccountabilityMode"):
        assert schema["components"]["schemas"][component]["properties"]["study"]["type"] == "string"
