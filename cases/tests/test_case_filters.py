"""The case list's filters on the real dataset: OR within a parameter, AND across, counts, errors."""

import pytest
from django.urls import reverse

COUNCILS = {"oldham-council", "wigan-council", "wirral-council"}
ALL_TEN = COUNCILS | {
    "plymouth-public-health",
    "ignite",
    "doing-the-right-thing",
    "golden-key",
    "kibble",
    "west-london-zone",
    "young-harrow-foundation",
}


def listed(client, query: str) -> set[str]:
    response = client.get(f"{reverse('cases:list')}?{query}")
    assert response.status_code == 200, response.context.get("errors")
    return {case.slug for case in response.context["cases"]}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL_TEN),
        ("typology=collaborative-councils", COUNCILS),
        ("typology=collaborative-markets", {"plymouth-public-health", "young-harrow-foundation"}),
        ("typology=agents-of-change", {"ignite", "golden-key", "doing-the-right-thing"}),
        ("typology=system-connectors", {"west-london-zone"}),
        ("typology=none", {"kibble"}),
        ("sector=public-sector", COUNCILS | {"plymouth-public-health"}),
        ("sector=charity", ALL_TEN - COUNCILS - {"plymouth-public-health"}),
        ("region=north-west", COUNCILS),
        ("region=south-west", {"plymouth-public-health", "golden-key", "doing-the-right-thing"}),
        ("nation=scotland", {"kibble"}),
        ("nation=england", ALL_TEN - {"kibble"}),
        ("accountability=outcomes", {"west-london-zone", "wirral-council"}),
        ("accountability=results", {"west-london-zone"}),
        ("accountability=narratives", set()),
        ("finding=beyond-co-production", {"wirral-council"}),
        ("finding=partnership-not-competition", {"plymouth-public-health"}),
        ("policy_area=complex-needs", {"plymouth-public-health", "golden-key"}),
        ("funding_model=grant-funded", {"ignite", "golden-key", "young-harrow-foundation"}),
        ("permanence=time-limited", {"ignite", "golden-key"}),
        ("basis=inferred", ALL_TEN - {"kibble"}),
        ("basis=stated", set()),
        ("q=Harrow", {"young-harrow-foundation"}),
    ],
)
def test_each_parameter_alone_gives_exactly_the_expected_cases(client, dataset, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        # Several values of one parameter: either.
        (
            "typology=collaborative-markets&typology=none",
            {"plymouth-public-health", "young-harrow-foundation", "kibble"},
        ),
        ("accountability=results&accountability=outcomes", {"west-london-zone", "wirral-council"}),
        # Different parameters: both.
        ("typology=collaborative-markets&sector=charity", {"young-harrow-foundation"}),
        ("sector=charity&region=london", {"west-london-zone", "young-harrow-foundation"}),
        ("region=north-west&accountability=outcomes", {"wirral-council"}),
        # Both at once: (south-west OR london) AND charity AND agents of change.
        (
            "region=south-west&region=london&sector=charity&typology=agents-of-change",
            {"golden-key", "doing-the-right-thing"},
        ),
        ("nation=scotland&sector=public-sector", set()),
    ],
)
def test_or_within_a_parameter_and_across_parameters(client, dataset, query, expected):
    assert listed(client, query) == expected


def facet_counts(client, query: str) -> dict[str, dict[str, int]]:
    response = client.get(f"{reverse('cases:list')}?{query}")
    return {
        group.param: {value.slug: value.count for value in group.values}
        for group in response.context["facets"]
    }


def test_facet_counts_without_filters_count_every_case(client, dataset):
    counts = facet_counts(client, "")
    assert counts["typology"] == {
        "collaborative-councils": 3,
        "collaborative-markets": 2,
        "agents-of-change": 3,
        "system-connectors": 1,
        "none": 1,
    }
    assert counts["sector"] == {"public-sector": 4, "charity": 6}
    assert counts["nation"] == {"england": 9, "scotland": 1}
    assert counts["accountability"]["outcomes"] == 2
    assert counts["accountability"]["system-health"] == 0  # zero-count values stay listed
    assert counts["basis"] == {"stated": 0, "inferred": 9}


def test_a_facets_counts_apply_the_other_filters_but_not_its_own(client, dataset):
    counts = facet_counts(client, "typology=collaborative-markets&sector=charity")
    # Typology counts ignore the typology choice but apply sector=charity...
    assert counts["typology"] == {
        "collaborative-councils": 0,
        "collaborative-markets": 1,
        "agents-of-change": 3,
        "system-connectors": 1,
        "none": 1,
    }
    # ...and sector counts ignore the sector choice but apply the typology.
    assert counts["sector"] == {"public-sector": 1, "charity": 1}
    # Other facets apply both.
    assert counts["region"]["london"] == 1
    assert counts["region"]["south-west"] == 0


@pytest.mark.parametrize(
    "query, message",
    [
        ("typology=bogus", "Unknown typology “bogus”"),
        ("sector=charity&sector=guild", "Unknown sector “guild”"),
        ("region=north-east", "Unknown region “north-east”"),
        ("accountability=vibes", "Unknown accountability mode “vibes”"),
        ("finding=nope", "Unknown finding “nope”"),
        ("permanence=forever", "Unknown permanence “forever”"),
        ("basis=rumour", "Unknown basis “rumour”"),
        ("sort=colour", "Select a valid choice"),
        ("page=999", "There is no page “999”"),
        ("page=abc", "There is no page “abc”"),
    ],
)
def test_a_bad_value_gives_400_with_a_message_not_a_500(client, dataset, query, message):
    response = client.get(f"{reverse('cases:list')}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_overlong_search_is_refused_with_a_message(client, dataset):
    response = client.get(reverse("cases:list"), {"q": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
