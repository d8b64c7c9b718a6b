"""`/api/quotations/` filtered by case, finding, study and speaker's role: each alone and
together, the 400s that name the parameter, drafts kept out, the schema and the query budget."""

import pytest
from rest_framework.test import APIClient

from cases.models import Publication
from findings import api_schema
from tests.factories import make_finding, make_quotation, make_study

pytestmark = pytest.mark.django_db

ALL_PUBLIC = {"leeds-dph", "leeds-ceo", "wigan-ceo", "wigan-vol"}


@pytest.fixture
def api():
    return APIClient()


def listed(api, query: str) -> set[str]:
    response = api.get(f"/api/quotations/?{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    slugs = [row["slug"] for row in body["results"]]
    assert body["count"] == len(slugs) == len(set(slugs)), "each quotation once"
    return set(slugs)


def errors(api, query: str) -> dict[str, list[str]]:
    response = api.get(f"/api/quotations/?{query}")
    assert response.status_code == 400, response.content
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_PUBLIC),
        ("case=leeds", {"leeds-dph", "leeds-ceo"}),
        ("case=leeds&case=wigan", ALL_PUBLIC),
        ("finding=trust", {"leeds-dph", "leeds-ceo"}),
        ("finding=money&finding=later", {"leeds-ceo", "wigan-ceo"}),
        ("study=study-a", {"leeds-dph", "leeds-ceo"}),
        ("study=study-b", {"wigan-ceo"}),
        ("speaker_role=Volunteer", {"wigan-vol"}),
        (
            "speaker_role=Director+of+Public+Health&speaker_role=Volunteer",
            {"leeds-dph", "wigan-vol"},
        ),
        # Empty values are ignored, as the page's form may send them.
        ("case=&finding=&study=&speaker_role=", ALL_PUBLIC),
    ],
)
def test_each_filter_alone_gives_its_quotations(api, quotes, query, expected):
    assert listed(api, query) == expected


@pytest.mark.parametrize(
    "role", ["Chief Executive", "chief executive", "CHIEF EXECUTIVE", "  chief   Executive "]
)
def test_a_role_matches_whole_whatever_its_capitals_and_spacing(api, quotes, role):
    # "Chief Executive" and "chief  executive" are one role, spelt two ways.
    assert listed(api, f"speaker_role={role}") == {"leeds-ceo", "wigan-ceo"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("case=wigan&speaker_role=Chief+Executive", {"wigan-ceo"}),
        ("case=leeds&finding=money", {"leeds-ceo"}),
        ("study=study-a&speaker_role=Director+of+Public+Health", {"leeds-dph"}),
        (
            "case=leeds&case=wigan&study=study-a&study=study-b",
            {"leeds-dph", "leeds-ceo", "wigan-ceo"},
        ),
        ("case=leeds&finding=trust&study=study-a&speaker_role=chief+executive", {"leeds-ceo"}),
        ("case=leeds&finding=later", set()),  # a valid combination that no quotation meets
    ],
)
def test_different_filters_combine(api, quotes, query, expected):
    assert listed(api, query) == expected


def test_part_of_a_role_is_not_a_role(api, quotes):
    found = errors(api, "speaker_role=Executive")

    assert list(found) == ["speaker_role"]
    assert found["speaker_role"][0].startswith("Unknown speaker role “Executive”.")
    assert "the filter on /quotations/ lists every role" in found["speaker_role"][0]


@pytest.mark.parametrize(
    ("query", "parameter", "value"),
    [
        ("case=nowhere", "case", "nowhere"),
        ("case=draft-case", "case", "draft-case"),  # a draft is as unknown as no case
        ("finding=no-such-finding", "finding", "no-such-finding"),
        ("study=no-such-study", "study", "no-such-study"),
        ("speaker_role=Hidden+Draft+Role", "speaker_role", "Hidden Draft Role"),
        ("speaker_role=100%25", "speaker_role", "100%"),
        ("speaker_role=a%00b", "speaker_role", "a\x00b"),
    ],
)
def test_an_unknown_value_is_a_400_naming_its_parameter(api, quotes, query, parameter, value):
    found = errors(api, f"case=leeds&{query}" if parameter != "case" else query)

    assert list(found) == [parameter]
    assert f"“{value}”" in found[parameter][0]


def test_a_draft_studys_finding_is_unknown(api, quotes):
    hidden = make_finding(slug="draft-finding", study=make_study(publication=Publication.DRAFT))
    quotes["leeds-dph"].findings.add(hidden)

    assert "finding" in errors(api, "finding=draft-finding")


def test_a_draft_cases_quotation_is_in_no_answer(api, quotes):
    for query in ("", "finding=trust", "study=study-a", "speaker_role=Chief+Executive"):
        assert "draft-quote" not in listed(api, query)
    assert api.get("/api/quotations/draft-quote/").status_code == 404


def test_several_errors_are_named_together(api, quotes):
    found = errors(api, "case=nowhere&speaker_role=Nobody&finding=trust")
    assert sorted(found) == ["case", "speaker_role"]


def test_the_schema_lists_the_cases_and_roles_each_filter_accepts(api, quotes):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/quotations/"]["get"]["parameters"]}

    assert {"case", "finding", "study", "speaker_role"} <= set(parameters)
    cases = parameters["case"]["schema"]["items"]["enum"]
    assert {"leeds", "wigan"} <= set(cases)
    assert "draft-case" not in cases
    roles = parameters["speaker_role"]["schema"]["items"]["enum"]
    assert set(roles) == {
        "",
        "Chief Executive",
        "chief  executive",
        "Director of Public Health",
        "Volunteer",
    }
    assert "capitals and spacing do not matter" in parameters["speaker_role"]["description"]
    assert parameters["case"]["explode"] is True


def test_past_the_limit_the_schema_gives_the_case_slugs_shape(api, quotes, monkeypatch):
    monkeypatch.setattr(api_schema, "CASE_ENUM_LIMIT", 1)

    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/quotations/"]["get"]["parameters"]}

    assert parameters["case"]["schema"]["items"] == {
        "type": "string",
        "pattern": "^[-a-zA-Z0-9_]*$",
        "maxLength": 80,
    }


@pytest.mark.parametrize("n_more", [0, 6])
def test_a_filtered_list_costs_the_same_with_more_quotations(
    api, quotes, n_more, django_assert_num_queries
):
    for _ in range(n_more):
        quotation = make_quotation(case=quotes["leeds-ceo"].case, speaker_role="Chief Executive")
        quotation.findings.add(*quotes["leeds-ceo"].findings.all())
    query = "case=leeds&finding=trust&study=study-a&speaker_role=Chief+Executive"

    # revision; case, finding, study and role checked (1 each); count, page, the page's findings
    with django_assert_num_queries(8):
        response = api.get(f"/api/quotations/?{query}")
    assert response.json()["count"] == 1 + n_more
