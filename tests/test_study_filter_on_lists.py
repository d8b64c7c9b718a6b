"""`?study=<slug>` on every API list whose records belong to a study, and each record naming its
study: types, accountability modes, findings, sources, and the quotations and evidence links of a
study's findings. Shared dimensions take no study.

A second study, beside the dataset's two, has its own type, mode, finding (with an evidence link
and a quotation) and publication; each list filtered by it holds exactly those rows."""

import pytest
from rest_framework.test import APIClient

from cases.models import Publication, Source
from findings.models import CaseFinding, Finding
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_source,
    make_study,
    make_typology,
)

pytestmark = pytest.mark.django_db

FIRST = "are-we-rallying-together"  # the real dataset's study with rows on every list
SHARED = ("/api/sectors/", "/api/regions/", "/api/nations/", "/api/policy-areas/")
LISTS = (
    "/api/typologies/",
    "/api/accountability-modes/",
    "/api/findings/",
    "/api/sources/",
    "/api/quotations/",
    "/api/evidence-links/",
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def second(dataset):
    """The second study and, by list, the identifiers of its rows there."""
    publication = make_source(key="second-report", title="The second study's report")
    study = make_study(slug="second-study", source=publication)
    Source.objects.filter(pk=publication.pk).update(study=study)
    typology = make_typology(slug="second-type", study=study, source=publication)
    mode = make_mode(slug="second-mode", study=study, source=publication)
    finding = make_finding(slug="second-finding", study=study, source=publication)
    case = classify(make_case(slug="second-case"), typology)
    link = CaseFinding.objects.create(case=case, finding=finding, source=publication)
    quotation = make_quotation(slug="second-quotation", case=case, source=publication)
    quotation.findings.add(finding)
    return study.slug, {
        "/api/typologies/": {typology.slug},
        "/api/accountability-modes/": {mode.slug},
        "/api/findings/": {finding.slug},
        "/api/sources/": {publication.key},
        "/api/quotations/": {quotation.slug},
        "/api/evidence-links/": {link.pk},
    }


def identifier(record) -> str | int:
    return record["id"] if "id" in record else record["slug"]


def listed(api, url, studies=()) -> list:
    response = api.get(url, {"study": list(studies), "page_size": 200})
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    assert body["count"] <= 200, "the page holds the whole list"
    return [identifier(record) for record in body["results"]]


@pytest.mark.parametrize("url", LISTS)
def test_each_list_filtered_by_a_study_holds_exactly_its_rows(api, second, url):
    slug, rows = second
    assert set(listed(api, url, [slug])) == rows[url]
    first = listed(api, url, [FIRST])
    assert first, "the first study has rows on every list"
    assert not set(first) & rows[url]
    both = listed(api, url, [FIRST, slug])
    assert sorted(both, key=str) == sorted(first + list(rows[url]), key=str)
    assert set(listed(api, url)) >= set(both), "without the filter, every row"


@pytest.mark.parametrize("url", LISTS)
def test_an_unknown_or_draft_study_is_a_400_naming_the_parameter(api, second, url):
    make_study(slug="draft-study", publication=Publication.DRAFT)
    for slug in ("bogus", "draft-study"):
        response = api.get(url, {"study": [second[0], slug]})
        assert response.status_code == 400, (url, slug)
        assert f"Unknown study “{slug}”" in response.json()["errors"]["study"][0]


@pytest.mark.parametrize("url", SHARED)
def test_shared_dimensions_take_no_study(api, dataset, url):
    response = api.get(url, {"study": FIRST})
    assert response.status_code == 400
    assert "Unknown parameter" in response.json()["errors"]["study"][0]


def test_records_name_their_study(api, second):
    slug, _ = second
    for url in ("/api/typologies/", "/api/accountability-modes/", "/api/findings/"):
        [record] = api.get(url, {"study": slug}).json()["results"]
        assert record["study"] == slug, url
    [source] = api.get("/api/sources/", {"study": slug}).json()["results"]
    assert source["study"] == slug
    [link] = api.get("/api/evidence-links/", {"study": slug}).json()["results"]
    assert link["finding"]["study"] == slug
    [quotation] = api.get("/api/quotations/", {"study": slug}).json()["results"]
    assert [finding["study"] for finding in quotation["findings"]] == [slug]


def test_a_quotation_belongs_to_the_studies_of_its_findings_and_is_listed_once(api, second):
    slug, _ = second
    quotation = make_quotation(slug="two-studies-quotation")
    quotation.findings.add(Finding.objects.get(slug="second-finding"))
    quotation.findings.add(Finding.objects.filter(study__slug=FIRST).first())
    assert "two-studies-quotation" in listed(api, "/api/quotations/", [FIRST])
    assert "two-studies-quotation" in listed(api, "/api/quotations/", [slug])
    both = listed(api, "/api/quotations/", [FIRST, slug])
    assert both.count("two-studies-quotation") == 1
    # Illustrating no finding, a quotation is in no study.
    make_quotation(slug="no-finding-quotation")
    assert "no-finding-quotation" not in listed(api, "/api/quotations/", [FIRST, slug])
    assert "no-finding-quotation" in listed(api, "/api/quotations/")


def test_study_and_finding_filters_combine_with_and(api, second):
    slug, rows = second
    first_finding = Finding.objects.filter(study__slug=FIRST).first().slug
    both = {"study": slug, "finding": [first_finding, "second-finding"], "page_size": 200}
    results = api.get("/api/evidence-links/", both).json()["results"]
    assert {record["id"] for record in results} == rows["/api/evidence-links/"]


def test_the_schema_lists_the_study_parameter_on_each_list_with_its_values(api, dataset):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]

    def parameters(path) -> dict:
        return {p["name"]: p for p in paths[path]["get"].get("parameters", [])}

    for url in LISTS:
        study = parameters(url)["study"]
        assert {FIRST, "rallying-together-2022"} <= set(study["schema"]["items"]["enum"]), url
    for url in SHARED:
        assert "study" not in parameters(url), url
