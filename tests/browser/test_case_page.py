"""The case page in a real browser: accessible at both widths with and without JavaScript, never
wider than a phone, its notes reachable from each fact and back, room for a map in its aside."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.page_checks import axe_problems, open_page, scrolls_sideways
from tests.browser.site_pages import DESKTOP, MOBILE

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [DESKTOP, MOBILE])
@pytest.mark.parametrize("slug", ["wigan-council", "kibble", "west-london-zone"])
def test_the_case_page_has_no_axe_violations_and_no_sideways_scroll(
    new_page, slug, width, javascript
):
    page, response = open_page(new_page, f"/cases/{slug}/", width=width, javascript=javascript)
    assert response.status == 200
    assert not scrolls_sideways(page)
    problems = axe_problems(page, width=width, javascript=javascript)
    assert not problems, f"axe-core on /cases/{slug}/:\n" + "\n".join(problems)


def test_a_facts_note_number_leads_to_its_source_and_back(new_page):
    page = new_page(width=MOBILE, javascript=False)
    page.goto("/cases/wigan-council/")
    facts = page.locator("dl.govuk-summary-list")
    region = facts.locator(".govuk-summary-list__row", has_text="Region")
    expect(region.get_by_role("link", name="editorial inference")).to_be_visible()
    region.get_by_role("link", name=re.compile(r"Reasoning and source, note \d+")).click()

    note = page.locator("li:target")
    expect(note).to_contain_text("Editorial inference:")
    expect(note).to_contain_text("Are we Rallying Together? Reflecting on our early findings")
    expect(note).to_contain_text("table of the ten places")
    note.get_by_role("link", name=re.compile("Back to where note")).first.click()
    expect(page).to_have_url(re.compile(r"#note-\d+-ref-1$"))


def test_the_inference_mark_leads_to_the_legend(new_page):
    page = new_page(width=DESKTOP, javascript=False)
    page.goto("/cases/wigan-council/")
    page.get_by_role("link", name="editorial inference").first.click()
    expect(page.locator("#inferred-legend")).to_contain_text(
        "rather than one the source states in so many words"
    )


def test_the_aside_sits_beside_the_heading_with_room_for_a_map(new_page):
    page = new_page(width=DESKTOP)
    page.goto("/cases/wigan-council/")
    heading = page.get_by_role("heading", level=1).bounding_box()
    aside = page.get_by_role("complementary").bounding_box()
    assert aside["x"] > heading["x"] + heading["width"] / 2  # a column to the right
    assert aside["y"] < heading["y"] + heading["height"]  # starting level with the title
    assert aside["width"] >= 200


def test_the_bibtex_shows_without_javascript(new_page):
    page = new_page(width=MOBILE, javascript=False)
    page.goto("/cases/kibble/")
    bibtex = page.locator("pre", has_text="@misc{rallying-kibble,")
    expect(bibtex).to_be_hidden()
    page.get_by_text("Show the BibTeX").click()
    expect(bibtex).to_be_visible()
