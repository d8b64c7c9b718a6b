"""Comparing two to four cases side by side, and clear messages for anything else."""

import pytest
from django.urls import reverse

from tests.factories import classify, make_case, make_mode, make_typology


def compare(client, *slugs):
    return client.get(reverse("cases:compare"), {"case": list(slugs)})


def test_two_cases_side_by_side_with_differing_rows_marked(client, dataset):
    response = compare(client, "wigan-council", "oldham-council")
    assert response.status_code == 200
    assert [case.slug for case in response.context["cases"]] == ["wigan-council", "oldham-council"]
    rows = {row.label: row for row in response.context["rows"]}
    assert not rows["Type of collaboration"].differs
    assert not rows["Region"].differs
    assert rows["Year started"].differs  # 2013 against not known
    html = response.content.decode()
    assert html.count(">differs</span>") == sum(row.differs for row in rows.values())


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
    assert "There is no case “atlantis”" in response.content.decode()


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
    # The cases with their dimensions (1), then modes, policy areas and findings (3).
    with django_assert_max_num_queries(5):  # + the revision (edge)
        response = compare(client, *(case.slug for case in cases[:4]))
    assert response.status_code == 200
