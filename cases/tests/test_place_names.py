"""A place followed by its region and nation names each area once (issue 11)."""

import pytest

from cases.place_names import areas_to_add, place_with_areas


@pytest.mark.parametrize(
    ("label", "areas", "expected"),
    [
        # Region and nation both added.
        ("Wigan", ("North West", "England"), "Wigan (North West, England)"),
        # The label names both already (Scotland is a nation and its own ITL1 region).
        ("Paisley (Scotland)", ("Scotland", "Scotland"), "Paisley (Scotland)"),
        # The label names the region; the nation is still added.
        (
            "Harrow (North-West London)",
            ("London", "England"),
            "Harrow (North-West London) (England)",
        ),
        # Region and nation equal: named once.
        ("Scotland", ("Scotland",), "Scotland"),
        ("Glasgow", ("Scotland", "Scotland"), "Glasgow (Scotland)"),
        # Whole words only, in any case: "Londoners" does not name London.
        ("Londoners’ Hub", ("London", "England"), "Londoners’ Hub (London, England)"),
        ("paisley, SCOTLAND", ("Scotland", "Scotland"), "paisley, SCOTLAND"),
        # No label: the areas alone.
        ("", ("Scotland", "Scotland"), "Scotland"),
        ("", ("North West", "England"), "North West, England"),
    ],
)
def test_names_each_area_once_and_only_if_the_label_does_not(label, areas, expected):
    assert place_with_areas(label, *areas) == expected


def test_ignores_empty_areas():
    assert areas_to_add("Wigan", "", "England") == ["England"]
