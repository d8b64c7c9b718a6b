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


def test_no_match_offers_to_clear_filters_and_no_data_of_nothing(client, dataset):
    _, html = page(client, "nation=scotland&sector=public-sector")
    assert "No cases match these filters." in html
    assert "0 cases match your filters" in html
    # Nothing to download, sort or compare.
    assert "as data" not in html
    assert "Compare selected cases" not in html
    assert "Sort by" not in html


def checkbox(html: str, param: str, slug: str) -> str:
    match = re.search(rf'<input [^>]*id="f-{param}-{slug}"[^>]*>', html)
    assert match, f"no checkbox for {param}={slug}"
    return match.group(0)


def test_an_option_that_would_give_no_case_cannot_be_ticked(client, dataset):
    # Charities: no charity in the study is in the North West, so that region would give 0.
    _, html = page(client, "sector=charity")
    assert "disabled" in checkbox(html, "region", "north-west")
    assert re.search(r'for="f-region-north-west">North West <span class="facet__count">\(0', html)
    assert "disabled" not in checkbox(html, "region", "london")
    # A ticked option stays enabled (so it can be unticked) even when the others leave it no case.
    _, html = page(client, "sector=charity&region=north-west")
    assert "disabled" not in checkbox(html, "region", "north-west")
    assert "checked" in checkbox(html, "region", "north-west")


def test_one_case_is_offered_as_data_but_not_for_comparison(client, dataset):
    _, html = page(client, "q=Harrow")
    assert "1 case matches your filters" in html
    assert "Get this case as data" in html
    assert "Compare selected cases" not in html
    assert 'form="compare-form"' not in html


def test_an_inferred_type_on_a_card_is_explained_once_in_a_legend(client, dataset):
    _, html = page(client)
    marks = html.count('class="govuk-tag inferred-mark" href="#inferred-legend"')
    assert marks >= 2
    assert html.count('id="inferred-legend"') == 1
    assert "marks a fact the editors drew from what a source says" in html


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
    assert re.search(r'aria-label="Page 2" aria-current="page">2<', html)
    assert 'rel="prev"' in html and 'rel="next"' not in html


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
