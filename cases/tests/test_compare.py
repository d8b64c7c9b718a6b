"""Comparing two to four cases side by side, and clear messages for anything else."""

import re

import pytest
from django.urls import reverse

from tests.factories import classify, make_case, make_mode, make_typology


def compare(client, *slugs):
    return client.get(reverse("cases:compare"), {"case": list(slugs)})


SAME_FOR_WIGAN_AND_OLDHAM = [
    "Type of collaboration",
    "Sector",
    "Region",
    "Nation",
    "Permanence",  # not known for either: the same, and no help in deciding
    "Funding or contract model",
    "Accountability modes",
]


def row_headings(html: str) -> dict[str, bool]:
    """Each row heading's label, and whether it carries the visible “same for all” tag."""
    headings = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, flags=re.S)
    tag = ' <strong class="govuk-tag govuk-tag--grey compare-same">same for all</strong>'
    return {heading.removesuffix(tag): heading.endswith(tag) for heading in headings}


def test_only_the_rows_the_same_for_every_case_are_marked(client, dataset):
    response = compare(client, "wigan-council", "oldham-council")
    assert response.status_code == 200
    assert [case.slug for case in response.context["cases"]] == ["wigan-council", "oldham-council"]
    headings = row_headings(response.content.decode())
    assert len(headings) == 14
    assert [label for label, same in headings.items() if same] == SAME_FOR_WIGAN_AND_OLDHAM
    assert "7 of 14 rows are the same for all cases." in response.content.decode()


def test_differences_only_drops_the_same_rows_and_keeps_the_cases(client, dataset):
    slugs = ["wigan-council", "oldham-council"]
    everything = compare(client, *slugs).content.decode()
    assert "?case=wigan-council&amp;case=oldham-council&amp;differences=only" in everything

    response = client.get(reverse("cases:compare"), {"case": slugs, "differences": "only"})
    assert response.status_code == 200
    assert [case.slug for case in response.context["cases"]] == slugs
    html = response.content.decode()
    headings = row_headings(html)
    assert list(headings) == [
        "Place (as the source gives it)",
        "Lead organisation",
        "Initiative",
        "Year started",
        "Latest known status",
        "Policy areas",
        "Findings it illustrates",
    ]
    assert not any(headings.values())
    assert "7 rows are the same for all and hidden." in html
    assert 'href="?case=wigan-council&amp;case=oldham-council">Show all rows</a>' in html


def test_a_disputed_start_year_and_the_latest_status_are_compared_as_the_case_page_gives_them(
    client, dataset
):
    rows = {row.label: row for row in compare(client, "wigan-council", "kibble").context["rows"]}
    wigan, kibble = (cell.text for cell in rows["Year started"].cells)
    assert wigan == "2013 (sources differ; see the case)"
    wigan, kibble = (cell.text for cell in rows["Latest known status"].cells)
    assert wigan == "Succeeded by another programme, as of April 2025"
    assert kibble == "Not known"


def test_four_cases_mark_the_one_row_they_share(client, dataset):
    response = compare(client, "wigan-council", "oldham-council", "kibble", "ignite")
    headings = row_headings(response.content.decode())
    assert [label for label, same in headings.items() if same] == ["Accountability modes"]


@pytest.mark.parametrize("value", ["all", "yes", "only&x", "\x00"])
def test_a_bad_differences_value_is_a_400_that_says_what_to_use(client, dataset, value):
    response = client.get(
        reverse("cases:compare"),
        {"case": ["wigan-council", "oldham-council"], "differences": value},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "is not a choice for differences" in html
    assert "differences=only" in html
    assert 'value="wigan-council" checked' in html


def test_an_empty_differences_value_shows_every_row(client, dataset):
    response = client.get(
        reverse("cases:compare"),
        {"case": ["wigan-council", "oldham-council"], "differences": ""},
    )
    assert response.status_code == 200
    assert len(response.context["rows"]) == 14


def test_four_cases_is_the_most(client, dataset):
    four = compare(client, "wigan-council", "oldham-council", "kibble", "ignite")
    assert four.status_code == 200
    five = compare(client, "wigan-council", "oldham-council", "kibble", "ignite", "golden-key")
    assert five.status_code == 400
    assert "up to 4 cases at once; you chose 5" in five.content.decode()


def test_arriving_with_no_case_offers_a_picker(client, dataset):
    response = compare(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose at least 2 cases" in html
    assert 'name="case" value="kibble"' in html


def test_one_case_explains_and_keeps_it_ticked(client, dataset):
    response = compare(client, "kibble")
    assert response.status_code == 400
    html = response.content.decode()
    assert "you chose one case" in html
    assert 'value="kibble" checked' in html


def test_an_unknown_case_is_named_in_the_message(client, dataset):
    response = compare(client, "kibble", "atlantis")
    assert response.status_code == 400
    assert "There is no case “atlantis”. Tick two to four cases below" in response.content.decode()


def test_the_same_case_twice_counts_once(client, dataset):
    assert compare(client, "kibble", "kibble").status_code == 400


@pytest.mark.parametrize("n_cases", [10, 200])
def test_query_count_does_not_grow_with_the_number_of_cases(
    client, db, n_cases, django_assert_max_num_queries
):
    typology, mode = make_typology(), make_mode()
    cases = [classify(make_case(), typology) for _ in range(n_cases)]
    for case in cases:
        case.accountability_links.create(mode=mode, source=typology.source)
    # The cases with their dimensions (1), then their types, fact citations, policy areas, modes
    # and findings, each with its source (5).
    with django_assert_max_num_queries(7):  # + the revision (edge)
        response = compare(client, *(case.slug for case in cases[:4]))
    assert response.status_code == 200
