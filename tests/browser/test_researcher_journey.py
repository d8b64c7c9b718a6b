"""A researcher opens a case from the list, downloads its BibTeX, and compares two cases."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_researcher_opens_a_case_and_downloads_its_bibtex(page):
    page.goto("/cases/")
    page.get_by_role("link", name="Wirral Council", exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/wirral-council/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral Council")
    # Where does the lead organisation come from? Its note number says: the editors' reading
    # of the briefing, which the mark beside it flags.
    lead = page.locator(".govuk-summary-list__row", has_text="Lead organisation")
    expect(lead.get_by_role("link", name="editorial inference")).to_be_visible()
    lead.get_by_role("link", name=re.compile(r", note \d+$")).click()
    note = page.locator("li:target")
    expect(note).to_contain_text("Editorial inference:")
    expect(note).to_contain_text("Reflecting on our early findings")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download BibTeX").click()
    download = download_info.value

    assert download.failure() is None
    assert download.suggested_filename == "rallying-wirral-council.bib"
    bibtex = Path(download.path()).read_text(encoding="utf-8")
    assert bibtex.startswith("@misc{rallying-"), bibtex[:80]
    assert re.search(r"^\s*title = \{Wirral Council\},$", bibtex, re.MULTILINE), bibtex


def test_researcher_compares_two_cases_picked_on_the_list(page):
    page.goto("/cases/")
    page.get_by_label("Select Wigan Council to compare").check()
    page.get_by_label("Select Kibble to compare").check()
    page.get_by_role("button", name="Compare selected cases").click()

    expect(page).to_have_url(re.compile(r"/cases/compare/\?case=[\w-]+&case=[\w-]+$"))
    assert sorted(re.findall(r"case=([\w-]+)", page.url)) == ["kibble", "wigan-council"]
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Wigan Council", exact=True)).to_be_visible()
    expect(table.get_by_role("columnheader", name="Kibble", exact=True)).to_be_visible()
    same = table.get_by_role("rowheader").filter(has_text="same for all")
    expect(same.first).to_be_visible()
    # Wigan Council is classified and Kibble is not, so the type of collaboration is not the same.
    expect(same.filter(has_text="Type of collaboration")).to_have_count(0)
    # Wigan's type is the editors' inference (Kibble has none): marked, its reasoning in a note.
    types = table.get_by_role("row", name="Type of collaboration")
    expect(types.get_by_role("link", name="editorial inference")).to_have_count(1)
    types.get_by_role("link", name=re.compile(r"Reasoning and source, note \d+")).click()
    expect(page.locator("li:target")).to_contain_text("Editorial inference:")
