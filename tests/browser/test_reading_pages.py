"""The reading pages (findings, search, sources, about, download, changes, the API's root) in a real
browser: axe-clean and no sideways scroll at 390 px with JavaScript off as well as on, and a
finding's note number leads to its source."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.site_pages import DESKTOP, MOBILE

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

PATHS = [
    "/findings/",
    "/findings/beyond-co-production/",
    "/search/?q=outcomes",
    "/search/?q=zzzzqqq",  # no result: the inset text with other ways in
    "/sources/",
    "/about/",
    "/download/",
    "/changes/",
    "/api/",
]
SEARCH_TOO_LONG = "/search/?q=" + "a" * 201  # the error summary; answered with a 400


def without_the_sites_scripts(page):
    """The page as a reader without JavaScript gets it: the site's scripts never load.

    Chromium's own switch for JavaScript would also stop axe-core, whose checks wait on timers
    that never fire with it off, so the scripts are refused at the network instead.
    """
    page.route(re.compile(r"\.m?js(\?.*)?$"), lambda route: route.abort())
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reading_pages_are_axe_clean_and_never_scroll_sideways(new_page, javascript):
    problems = []
    for width in (DESKTOP, MOBILE):
        page = new_page(width=width)
        if not javascript:
            without_the_sites_scripts(page)
        for path in [*PATHS, SEARCH_TOO_LONG]:
            response = page.goto(path)
            expected = 400 if path == SEARCH_TOO_LONG else 200
            if response.status != expected:
                problems.append(f"{path}: status {response.status}, expected {expected}")
            problems += describe_violations(axe_violations(page), label=f"[{width} px] {path}: ")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"[{width} px] {path} is {scroll_width} px wide")
    assert not problems, "\n".join(problems)


def test_a_findings_note_number_leads_to_its_source_listed_once(page):
    page.goto("/findings/")
    finding = page.locator("#finding-beyond-co-production")
    expect(finding).not_to_contain_text("Reflecting on our early findings")

    finding.get_by_role("link", name=re.compile(r"^Source, note \d+$")).click()
    note = page.locator("li:target")
    expect(note).to_contain_text("Are we Rallying Together? Reflecting on our early findings")
    expect(note).to_contain_text("Beyond co-production")  # the section it is cited from

    note.get_by_role(
        "link", name="Are we Rallying Together? Reflecting on our early findings"
    ).click()
    expect(page).to_have_url(re.compile(r"/sources/#source-briefing-2018$"))
    expect(page.locator("#source-briefing-2018")).to_contain_text("November 2018")


def test_a_finding_with_no_case_or_quotation_says_nothing_of_them_on_the_list(page):
    page.goto("/findings/")
    finding = page.locator("#finding-share-responsibility")
    expect(finding).to_contain_text("Collaborating is expected to share responsibility")
    expect(finding).not_to_contain_text("No case linked")
    expect(finding).not_to_contain_text("quotation")


def test_a_search_too_long_is_reported_in_an_error_summary_that_leads_to_the_field(new_page):
    page = new_page(javascript=False)
    page.goto(SEARCH_TOO_LONG)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#search-q$"))
    expect(
        page.get_by_role("searchbox", name="Search cases, findings and quotations").last
    ).to_be_visible()
