"""A case's page: every fact with its citation, inferences marked, JSON-LD. Citing the case:
citations/tests/."""

import json
import re

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.page_notes import main, notes, numbers
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_typology,
)


def case_page(client, slug: str):
    response = client.get(reverse("cases:detail", args=[slug]))
    assert response.status_code == 200
    return response, response.content.decode()


def test_shows_every_fact_with_its_citation(client, dataset):
    _, html = case_page(client, "west-london-zone")
    for text in (
        "West London Zone",
        "Charity",
        "Inner West London",
        "London</a>, England",
        "System connectors",
        "Payment by results",
        "Children and young people",
        "Defining success and measuring for learning",
    ):
        assert text in html
    # Each fact has its note number; the notes link to the sources page.
    assert len(numbers(main(html))) >= 8
    assert 'href="/sources/#source-briefing-2018"' in html


def test_an_inferred_typology_is_marked_with_its_reason(client, dataset):
    _, html = case_page(client, "oldham-council")
    case = Case.objects.get(slug="oldham-council")
    assert "Editorial inference" in html
    reason = case.classifications.get().basis_reason
    assert reason.split(";")[0] in html


def test_an_unclassified_case_says_so(client, dataset):
    _, html = case_page(client, "kibble")
    assert "Not classified." in html


def test_lists_the_quotations_verbatim_and_the_findings_they_illustrate(client, dataset):
    _, html = case_page(client, "wirral-council")
    assert "joint outcomes, rather than around organisational delivery." in html
    assert "Director of Public Health, Wirral Council" in html
    assert 'href="/findings/beyond-co-production/"' in html


def test_notes_name_each_source_and_place_once_outside_sources_marked(client, dataset):
    _, html = case_page(client, "golden-key")
    listed = list(notes(html).values())
    assert listed and len(listed) == len(set(listed))
    assert any("(an outside source)" in note for note in listed)
    # One list of sources on the page: the notes (the old "Sources" section repeated them).
    assert "Sources of the facts on this page" in html and 'id="sources"' not in html


def test_offers_similar_cases_ranked_by_shared_dimensions(client, dataset):
    response, _ = case_page(client, "wigan-council")
    similar = [case.slug for case in response.context["similar_cases"]]
    # Oldham shares typology, sector, region, nation and a policy area with Wigan.
    assert similar[0] == "oldham-council"
    assert "wigan-council" not in similar


def test_jsonld_describes_the_case_as_schema_org_data(client, dataset):
    _, html = case_page(client, "kibble")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Kibble"
    assert data["about"]["location"]["geo"]["latitude"] == pytest.approx(55.846)
    # Scotland is both Kibble's region and its nation: named once.
    assert data["about"]["location"]["containedInPlace"]["name"] == "Scotland"


def test_jsonld_cannot_be_broken_out_of_by_case_text(client, db):
    case = make_case(summary="</script><script>alert(1)</script>")
    _, html = case_page(client, case.slug)
    assert "</script><script>alert(1)" not in html


def test_unknown_case_is_404(client, dataset):
    assert client.get(reverse("cases:detail", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize("n_others", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_cases(
    client, db, n_others, django_assert_max_num_queries
):
    typology, mode, finding = make_typology(), make_mode(), make_finding()
    for _ in range(n_others):
        other = classify(make_case(), typology)
        other.accountability_links.create(mode=mode, source=typology.source)
    case = classify(make_case(), typology)
    case.accountability_links.create(mode=mode, source=typology.source)
    finding.evidence_links.create(case=case, source=typology.source)
    make_quotation(case=case).findings.add(finding)
    # Case with dimensions (1); its classifications, fact citations, policy areas,
    # accountability, findings, quotations and the quotations' findings (7); similar cases (1);
    # the latest release, which its citation names (1).
    with django_assert_max_num_queries(11):  # + the revision (edge)
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200
