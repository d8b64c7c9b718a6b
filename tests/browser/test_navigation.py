"""The main navigation marks the section the reader is in, and only that one."""

import pytest

from tests.browser.site_pages import MAIN_PAGES, visit

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

# The nav link each main page belongs under; search is in no section of the nav.
SECTION = {
    "overview": "Overview",
    "cases-list": "Cases",
    "cases-list-filtered": "Cases",
    "case-wirral-council": "Cases",
    "case-kibble": "Cases",
    "cases-compare": "Cases",
    "cases-list-bad-filter": "Cases",
    "findings-list": "Findings",
    "finding-beyond-co-production": "Findings",
    "quotations-list": "Quotations",
    "quotation-wirral-eight-sectors": "Quotations",
    "typologies-list": "Typology and dimensions",
    "typology-collaborative-councils": "Typology and dimensions",
    "sectors-list": "Typology and dimensions",
    "sector-charity": "Typology and dimensions",
    "regions-list": "Typology and dimensions",
    "region-north-west": "Typology and dimensions",
    "accountability-list": "Typology and dimensions",
    "accountability-results": "Typology and dimensions",
    "policy-areas-list": "Typology and dimensions",
    "policy-area-complex-needs": "Typology and dimensions",
    "cases-list-empty": "Cases",
    "cases-map-filtered": "Cases",
    "search-empty": None,
    "api-root": None,  # the API is not a section of the site's navigation; its page links home
    "api-cases": None,
    "sources": "Sources",
    "studies-list": "Studies",
    "study-are-we-rallying-together": "Studies",
    "study-rallying-together-2022": "Studies",
    "about": "About",
    "download": "Data and API",
    "search-outcomes": None,
    "changes": None,  # linked from the footer and each case page
    "contribute": None,  # linked from the footer, the about page and each case page
    "contribute-case": None,
    "contribute-correction": None,
}


def test_main_navigation_marks_only_the_current_section(page):
    assert set(SECTION) == {site_page.name for site_page in MAIN_PAGES}
    problems = []
    for site_page in MAIN_PAGES:
        visit(page, site_page)
        nav = page.get_by_role("navigation", name="Main")
        current = nav.locator("a[aria-current=page]").all_inner_texts()
        expected = [SECTION[site_page.name]] if SECTION[site_page.name] else []
        if current != expected:
            problems.append(f"{site_page.path}: aria-current on {current}, expected {expected}")
    assert not problems, "\n".join(problems)
