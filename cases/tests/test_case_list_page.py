"""What a reader sees on /cases/: the count, removable tags, sort links, pages; and its query cost."""

import re

import pytest
from django.urls import reverse

from tests.factories import classify, make_case, make_finding, make_mode, make_typology


def page(client, query: str = ""):
    response = client.get(f"{reverse('cases:list')}?{query}")
    return response, response.content.decode()


def test_shows_the_result_count_in_a_status_region(client, dataset):
    _, html = page(client, "typology=collaborative-markets")
    assert re.search(r'role="status"[^>]*>2 cases match your filters', html)


def test_every_facet_value_is_a_checkbox_with_its_count(client, dataset):
    _, html = page(client)
    assert 'name="typology" value="collaborative-markets"' in html
    assert 'Collaborative markets <span class="facet__count">(2' in html
    assert 'name="typology" value="none"' in html and "Not classified" in html
    assert ">Apply filters</button>" in html


def test_selected_filters_show_as_tags_that_remove_one_value(client, dataset):
    response, html = page(
        client, "typology=collaborative-markets&typology=none&sector=charity&page=1"
    )
    tags = {tag["label"]: tag["remove_query"] for tag in response.context["tags"]}
    assert tags["Collaborative markets"] == "typology=none&sector=charity"
    assert tags["Charity"] == "typology=collaborative-markets&typology=none"
    assert 'href="?typology=none&amp;sector=charity"' in html
    assert "Clear filters" in html


def test_ticked_values_stay_ticked(client, dataset):
    _, html = page(client, "sector=charity")
    assert re.search(r'value="charity"\s+checked', html)
    assert not re.search(r'value="public-sector"\s+checked', html)


def test_sorts_by_region_typology_and_start_year(client, dataset, no_answer_cache):
    def order(sort):
        response, _ = page(client, f"sort={sort}")
        return [case.slug for case in response.context["cases"]]

    assert order("name")[:2] == ["doing-the-right-thing", "golden-key"]
    assert order("region")[0] == "west-london-zone"  # London comes first alphabetically
    assert order("typology")[:3] == ["oldham-council", "wigan-council", "wirral-council"]
    assert order("typology")[-1] == "kibble"  # not classified comes last
    assert order("started")[:2] == ["wigan-council", "golden-key"]  # 2013, 2014


def test_search_box_keeps_the_query_and_shows_a_removable_tag(client, dataset):
    response, html = page(client, "q=Harrow")
    assert 'value="Harrow"' in html
    assert {tag["facet"] for tag in response.context["tags"]} == {"Search"}


def test_no_match_offers_to_clear_filters(client, dataset):
    _, html = page(client, "nation=scotland&sector=public-sector")
    assert "No cases match these filters." in html


def test_cases_can_be_picked_for_comparison_without_javascript(client, dataset):
    _, html = page(client)
    assert '<form id="compare-form"' in html
    assert 'name="case" value="kibble" form="compare-form"' in html


def test_pages_through_many_cases(client, db):
    for _ in range(55):
        make_case()
    first, _ = page(client)
    second, html = page(client, "page=2")
    assert len(first.context["cases"]) == 50
    assert len(second.context["cases"]) == 5
    assert 'aria-current="page">2<' in html


def many_cases(n: int):
    """n classified cases, each with an accountability mode and a finding, like the real ones."""
    typology, mode, finding = make_typology(), make_mode(), make_finding()
    for _ in range(n):
        case = classify(make_case(), typology)
        case.accountability_links.create(mode=mode, source=typology.source)
        finding.evidence_links.create(case=case, source=typology.source)
    return typology, mode


@pytest.mark.parametrize("n_cases", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_cases(
    client, db, n_cases, django_assert_max_num_queries
):
    typology, mode = many_cases(n_cases)
    # Page: count + rows + modes prefetch (3). Facets: 10 grouped counts + 8 lookup tables of
    # values (18). Validation: one query per filter given (2). The facets' cache reads the dataset
    # revision (1), on a cold cache as here. Session/auth: none for anonymous.
    with django_assert_max_num_queries(24):
        response = client.get(
            reverse("cases:list"), {"typology": typology.slug, "accountability": mode.slug}
        )
    assert response.status_code == 200
    assert response.context["result_count"] == n_cases


def test_links_to_the_same_cases_as_csv_and_json(client, dataset):
    _, html = page(client, "sector=charity&page=1&sort=region")
    assert 'href="/api/cases/?sector=charity&amp;sort=region&amp;format=csv"' in html
    assert 'href="/api/cases/?sector=charity&amp;sort=region"' in html
