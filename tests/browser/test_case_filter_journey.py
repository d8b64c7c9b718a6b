"""A commissioner filters the case list by type of collaboration, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

ALL_CASES = [
    "Doing the Right Thing (The Richmond Group of Charities)",
    "Golden Key",
    "Ignite",
    "Kibble",
    "Oldham Council",
    "Plymouth Public Health",
    "West London Zone",
    "Wigan Council",
    "Wirral Council",
    "Young Harrow Foundation",
]
MARKETS = ["Plymouth Public Health", "Young Harrow Foundation"]
MARKETS_URL = re.compile(r"/cases/\?(.*&)?typology=collaborative-markets(&|$)")


def case_names(page):
    """The titles of the result cards, in page order."""
    return page.locator("#results .case-results .card__title")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_commissioner_applies_and_removes_a_type_filter(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/cases/")
    expect(case_names(page)).to_have_count(10)

    page.get_by_label("Collaborative markets").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(MARKETS_URL)
    expect(case_names(page)).to_have_text(MARKETS)
    expect(page.get_by_role("status")).to_have_text("2 cases match your filters")
    expect(page.get_by_label("Collaborative markets")).to_be_checked()

    tag = page.get_by_role("link", name="Type of collaboration: Collaborative markets")
    expect(tag).to_have_accessible_name(re.compile(r"^Remove filter "))
    tag.click()

    expect(page).not_to_have_url(MARKETS_URL)
    expect(case_names(page)).to_have_text(ALL_CASES)
    expect(page.get_by_role("status")).to_have_text("10 cases")
    expect(page.get_by_label("Collaborative markets")).not_to_be_checked()


def test_ticking_a_filter_updates_results_in_place_and_back_restores_them(page):
    page.goto("/cases/")
    expect(case_names(page)).to_have_count(10)
    # A full page load would drop this marker: its survival proves the update happened in place.
    page.evaluate("window.rallyingSamePage = true")

    page.get_by_label("Collaborative markets").check()

    expect(page).to_have_url(MARKETS_URL)
    expect(case_names(page)).to_have_text(MARKETS)
    expect(page.get_by_role("status")).to_have_text("2 cases match your filters")
    expect(
        page.get_by_role("link", name="Type of collaboration: Collaborative markets")
    ).to_be_visible()
    assert page.evaluate("window.rallyingSamePage === true"), "ticking the box reloaded the page"

    page.go_back()

    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(case_names(page)).to_have_text(ALL_CASES)
    expect(page.get_by_role("status")).to_have_text("10 cases")
    expect(page.get_by_label("Collaborative markets")).not_to_be_checked()
    assert page.evaluate("window.rallyingSamePage === true"), "Back reloaded the page"
