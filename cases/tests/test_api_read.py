"""What a script reads from the API: record shapes, embedded citations, pagination and query cost."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_typology,
)


@pytest.fixture
def api():
    return APIClient()


def test_a_case_embeds_its_dimensions_links_and_citations(api, dataset):
    case = api.get("/api/cases/west-london-zone/").json()
    assert case["url"] == "http://testserver/api/cases/west-london-zone/"
    assert case["html_url"] == "http://testserver/cases/west-london-zone/"
    assert (case["slug"], case["label"]) == ("west-london-zone", "West London Zone")
    assert case["sector"] == {
        "url": "http://testserver/api/sectors/charity/",
        "slug": "charity",
        "label": "Charity",
    }
    assert case["region"]["nation"]["slug"] == "england"
    (classification,) = case["classifications"]
    assert classification["study"]["slug"] == "are-we-rallying-together"
    assert (
        classification["study"]["url"] == "http://testserver/api/studies/are-we-rallying-together/"
    )
    assert classification["type"]["slug"] == "system-connectors"
    typology_citation = classification["citation"]
    assert typology_citation["source"] == "report-2019"
    assert typology_citation["basis"] == "inferred" and typology_citation["reason"]
    assert typology_citation["source_url"] == "http://testserver/api/sources/report-2019/"
    assert {link["mode"]["slug"] for link in case["accountability"]} == {"outcomes", "results"}
    assert all(link["citation"]["basis"] == "inferred" for link in case["accountability"])
    assert [f["slug"] for f in case["findings"]] == ["defining-success-measuring-for-learning"]
    assert case["funding_model"]["slug"] == "payment-by-results"
    assert {fact["fact"] for fact in case["fact_citations"]} >= {"listing", "region", "coordinates"}
    assert case["latitude"] == pytest.approx(51.512)


def test_a_case_the_study_does_not_type_is_in_it_with_a_null_type(api, dataset):
    (classification,) = api.get("/api/cases/kibble/").json()["classifications"]
    assert classification["study"]["slug"] == "are-we-rallying-together"
    assert classification["type"] is None
    assert classification["citation"]["source"] == "briefing-2018"
    assert classification["citation"]["basis"] == "stated"


def test_quotations_come_with_the_case_verbatim(api, dataset):
    case = api.get("/api/cases/wirral-council/").json()
    texts = [q["text"] for q in case["quotations"]]
    assert any(text.endswith("rather than around organisational delivery.") for text in texts)


def test_dimension_records_carry_definitions_counts_and_filtered_links(api, dataset):
    typology = api.get("/api/typologies/collaborative-councils/").json()
    assert typology["case_count"] == 3
    assert typology["cases_url"] == "http://testserver/api/cases/?typology=collaborative-councils"
    assert typology["citation"]["source"] == "report-2019"
    nations = {n["slug"]: n["case_count"] for n in api.get("/api/nations/").json()["results"]}
    assert nations == {"england": 9, "scotland": 1}
    region = api.get("/api/regions/scotland/").json()
    assert (region["itl_code"], region["nation"]["slug"]) == ("TLM", "scotland")


def test_findings_count_and_link_the_cases_and_quotations_behind_them(api, dataset):
    finding = api.get("/api/findings/beyond-co-production/").json()
    assert finding["kind"] == "theme"
    assert (finding["evidence_count"], finding["quotation_count"]) == (1, 2)
    assert finding["evidence_url"] == (
        "http://testserver/api/evidence-links/?finding=beyond-co-production"
    )
    evidence = api.get(finding["evidence_url"]).json()
    assert [link["case"]["slug"] for link in evidence["results"]] == ["wirral-council"]
    quotations = api.get(finding["quotations_url"]).json()
    assert quotations["count"] == 2
    assert all(
        "beyond-co-production" in [f["slug"] for f in q["findings"]] for q in quotations["results"]
    )
    listed = api.get("/api/findings/").json()
    assert listed["count"] == 20
    assert {f["slug"]: f["evidence_count"] for f in listed["results"]}["beyond-co-production"] == 1


@pytest.mark.parametrize("endpoint", ["/api/evidence-links/", "/api/quotations/"])
def test_lists_filtered_by_an_unknown_finding_are_a_400(api, dataset, endpoint):
    response = api.get(endpoint, {"finding": "no-such-finding"})
    assert response.status_code == 400
    assert "no-such-finding" in str(response.json()["errors"]["finding"])
    assert api.get(endpoint, {"finding": "x" * 500}).status_code == 400


def test_sources_are_addressed_by_key(api, dataset):
    source = api.get("/api/sources/article-2022/").json()
    assert source["slug"] == "article-2022" and source["doi"] == "10.1080/09540962.2021.1981628"
    keys = [s["slug"] for s in api.get("/api/sources/").json()["results"]]
    # The study's own first, then related publications by its team, then outside sources.
    assert keys[:4] == ["briefing-2018", "report-2019", "article-2022", "esade-2019"]


def test_pages_with_count_next_previous_and_a_link_header(api, dataset):
    first = api.get("/api/cases/", {"page_size": 4})
    body = first.json()
    assert body["count"] == 10 and len(body["results"]) == 4 and body["previous"] is None
    assert body["next"] == "http://testserver/api/cases/?page=2&page_size=4"
    assert '<http://testserver/api/cases/?page=3&page_size=4>; rel="last"' in first["Link"]
    assert 'rel="next"' in first["Link"]
    last = api.get("/api/cases/", {"page_size": 4, "page": 3}).json()
    assert len(last["results"]) == 2 and last["next"] is None


def test_ordering_is_stable_and_follows_sort(api, dataset):
    names = [c["name"] for c in api.get("/api/cases/").json()["results"]]
    assert names == sorted(names)
    started = [c["slug"] for c in api.get("/api/cases/", {"sort": "started"}).json()["results"]]
    assert started[:2] == ["wigan-council", "golden-key"]


def test_facets_endpoint_counts_with_the_other_filters(api, dataset):
    body = api.get(
        "/api/cases/facets/", {"typology": "collaborative-markets", "sector": "charity"}
    ).json()
    assert body["count"] == 1
    facets = {f["parameter"]: {v["slug"]: v for v in f["values"]} for f in body["facets"]}
    assert facets["typology"]["agents-of-change"]["count"] == 3
    assert facets["typology"]["collaborative-markets"]["selected"] is True
    assert facets["sector"]["public-sector"]["count"] == 1


def test_codebook_defines_every_dimension_and_finding_kind(api, dataset):
    codebook = api.get("/api/codebook/").json()
    parameters = [d["parameter"] for d in codebook["dimensions"]]
    assert parameters[:5] == ["study", "typology", "sector", "region", "nation"]
    typology = next(d for d in codebook["dimensions"] if d["parameter"] == "typology")
    assert all(v["definition"] for v in typology["values"])
    assert [k["slug"] for k in codebook["finding_kinds"]] == [
        "rationale",
        "ingredient",
        "measurement",
        "theme",
        "open-question",
    ]
    assert codebook["csv"]["list_separator"] == " | "


def populate(n: int):
    typology, mode, finding = make_typology(), make_mode(), make_finding()
    for _ in range(n):
        case = classify(make_case(), typology)
        case.accountability_links.create(mode=mode, source=typology.source)
        finding.evidence_links.create(case=case, source=typology.source)
        make_quotation(case=case)


@pytest.mark.parametrize("n_cases", [10, 200])
def test_case_list_and_detail_run_a_constant_number_of_queries(
    api, db, n_cases, django_assert_max_num_queries
):
    populate(n_cases)
    # List: revision, count, the page's ids, their cases with their lookups, the linked lists.
    with django_assert_max_num_queries(5):
        assert api.get("/api/cases/", {"page_size": 200}).status_code == 200
    slug = api.get("/api/cases/", {"page_size": 1}).json()["results"][0]["slug"]
    # Detail: revision, the case with its lookups, the linked lists (one query for all five).
    with django_assert_max_num_queries(3):
        assert api.get(f"/api/cases/{slug}/").status_code == 200


@pytest.mark.parametrize("n_cases", [10, 200])
def test_other_lists_run_a_constant_number_of_queries(
    api, db, n_cases, django_assert_max_num_queries
):
    populate(n_cases)
    for url in (
        "/api/findings/",
        "/api/quotations/",
        "/api/typologies/",
        "/api/sources/",
        "/api/evidence-links/",
    ):
        with django_assert_max_num_queries(6):
            assert api.get(url, {"page_size": 200}).status_code == 200, url
