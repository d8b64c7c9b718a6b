"""The comparison on a phone: the page never scrolls sideways, the row headings stay in view."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.page_checks import axe_problems, open_page, scrolls_sideways
from tests.browser.site_pages import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

PHONE = 390  # CSS pixels
FOUR_CASES = "/cases/compare/?case=wigan-council&case=kibble&case=golden-key&case=ignite"


@pytest.mark.parametrize("width", [320, PHONE])
def test_the_row_headings_stay_in_view_when_the_table_scrolls(new_page, width):
    page = new_page(width=width, javascript=False)
    assert page.goto(FOUR_CASES).status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    wrapper = page.get_by_role("region", name="Comparison table")
    expect(wrapper).to_have_attribute("tabindex", "0")
    # The four cases are wider than the phone: the wrapper, not the page, scrolls.
    assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth")
    heading = page.get_by_role("rowheader", name="Lead organisation")
    left_before = heading.bounding_box()["x"]

    wrapper.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert wrapper.evaluate("el => el.scrollLeft") > 0
    box = heading.bounding_box()
    assert box["x"] == pytest.approx(left_before, abs=1)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    # The last case's column has come into view beside the heading, not under it.
    last_case = page.get_by_role("columnheader", name="Ignite")
    assert last_case.bounding_box()["x"] >= box["x"] + box["width"] - 1
    assert page.evaluate("window.scrollX") == 0


def test_differences_only_is_a_link_that_keeps_the_cases(new_page):
    page = new_page(width=PHONE, javascript=False)
    page.goto("/cases/compare/?case=wigan-council&case=oldham-council")
    expect(page.get_by_role("rowheader", name="Region same for all")).to_be_visible()

    page.get_by_role("link", name="Show differences only").click()
    assert "differences=only" in page.url
    expect(page.get_by_role("rowheader", name="Region same for all")).to_have_count(0)
    expect(page.get_by_role("columnheader", name="Wigan Council")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Oldham Council")).to_be_visible()

    page.get_by_role("link", name="Show all rows").click()
    expect(page.get_by_role("rowheader", name="Region same for all")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize(
    "path",
    [
        FOUR_CASES,
        "/cases/compare/?case=wigan-council&case=oldham-council",
        "/cases/compare/?case=wigan-council&case=oldham-council&differences=only",
        "/cases/compare/?case=wigan-council",  # the picker, with its error
    ],
)
def test_the_comparison_has_no_axe_violations(new_page, path, width, javascript):
    page, _ = open_page(new_page, path, width=width, javascript=javascript)
    assert not scrolls_sideways(page)
    wrapper = page.get_by_role("region", name="Comparison table")
    if wrapper.count():  # axe checks the table scrolled to its last column too
        wrapper.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    problems = axe_problems(page, width=width, javascript=javascript)
    assert not problems, f"axe-core on {path}:\n" + "\n".join(problems)


def test_a_cells_note_number_leads_to_its_source_and_back(new_page):
    page = new_page(width=PHONE, javascript=False)
    page.goto("/cases/compare/?case=wigan-council&case=oldham-council")
    initiative = page.get_by_role("row", name=re.compile("^Initiative"))
    initiative.get_by_role("link", name=re.compile(r"Source, note \d+")).first.click()
    note = page.locator("li:target")
    expect(note).to_contain_text("Are we Rallying Together? Reflecting on our early findings")
    expect(note).to_contain_text("November 2018")
    note.get_by_role("link", name=re.compile("Back to where note")).first.click()
    expect(page).to_have_url(re.compile(r"#note-\d+-ref-\d+$"))
