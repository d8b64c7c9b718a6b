"""The pictures in a real browser: the case list's map follows the filters with JavaScript on and
off, a chart's bar opens the list it counts, and the pages with pictures pass axe at both widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.site_pages import DESKTOP, MOBILE, SitePage, visit

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

CHARITY_CASES = {
    "/cases/doing-the-right-thing/",
    "/cases/golden-key/",
    "/cases/ignite/",
    "/cases/kibble/",
    "/cases/west-london-zone/",
    "/cases/young-harrow-foundation/",
}


def markers(page):
    return page.locator("#results a.uk-map__marker")


def marker_links(page) -> set[str]:
    return set(markers(page).evaluate_all("links => links.map(a => a.getAttribute('href'))"))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
def test_the_map_view_follows_a_filter(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/cases/")
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cases/\?view=map$"))
    expect(markers(page)).to_have_count(10)

    page.get_by_label("Charity").check()
    if not javascript:
        page.get_by_role("button", name="Apply filters").click()
    # JavaScript swaps the results in place; without it the form reloads the page. Either way
    # the address keeps the map view and the filter.
    expect(page).to_have_url(re.compile(r"/cases/\?(?=.*view=map)(?=.*sector=charity)"))
    expect(markers(page)).to_have_count(6)
    assert {re.sub(r"^https?://[^/]+", "", href) for href in marker_links(page)} == CHARITY_CASES
    expect(page.locator("#case-map-heading")).to_have_text("6 of 6 cases on the map")

    page.get_by_role("link", name="List", exact=True).click()
    # Back to the cards, with the filter (and the form's empty search box, if it was submitted).
    expect(page).to_have_url(re.compile(r"/cases/\?(q=&)?sector=charity$"))
    expect(page.locator("#results .case-results > li")).to_have_count(6)


def bar_name(label: str, count: int) -> re.Pattern:
    """A bar's accessible name: its label and count (the hidden count is positioned apart, so
    Chromium may put a space before its colon)."""
    return re.compile(rf"^{re.escape(label)} ?: {count} cases?$")


def test_a_chart_bar_opens_the_list_it_counts(page):
    page.goto("/")
    bar = page.locator("#chart-sector").get_by_role("link", name=bar_name("Charity", 6))
    bar.click()
    expect(page).to_have_url(re.compile(r"/cases/\?sector=charity$"))
    expect(page.locator("#result-count")).to_contain_text("6 cases")

    page.goto("/typologies/")
    page.locator("#chart-typology").get_by_role(
        "link", name=bar_name("Collaborative markets", 2)
    ).click()
    expect(page).to_have_url(re.compile(r"/cases/\?typology=collaborative-markets$"))
    expect(page.locator("#result-count")).to_contain_text("2 cases")


def test_a_chart_bar_is_reached_and_followed_by_keyboard(page):
    page.goto("/accountability/")
    bar = page.locator("#chart-accountability").get_by_role("link", name=bar_name("Outcomes", 2))
    bar.focus()
    expect(bar).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/\?accountability=outcomes$"))


PICTURE_PAGES = [
    SitePage("cases-map", "/cases/?view=map"),
    SitePage("cases-map-filtered", "/cases/?view=map&sector=charity"),
    SitePage("overview", "/"),
    SitePage("typologies-list", "/typologies/"),
    SitePage("regions-list", "/regions/"),
]


def without_the_pages_scripts(page) -> None:
    """Serve the page's documents without their scripts: the page as a browser without JavaScript
    draws it, while axe (run through `evaluate`, which needs JavaScript on) can still check it."""

    def strip(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        body = re.sub(r"<script\b[^>]*>.*?</script>", "", response.text(), flags=re.DOTALL)
        route.fulfill(response=response, body=body)

    page.route("**/*", strip)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])
@pytest.mark.parametrize("site_page", PICTURE_PAGES, ids=str)
def test_pages_with_pictures_pass_axe_and_never_scroll_sideways(new_page, site_page, javascript):
    problems = []
    for width in (DESKTOP, MOBILE):
        page = new_page(width=width)
        if not javascript:
            without_the_pages_scripts(page)
        visit(page, site_page)
        if not javascript:
            assert page.evaluate("document.scripts.length") == 0
        problems += describe_violations(axe_violations(page), label=f"[{width} px] ")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"[{width} px] the page scrolls sideways by {overflow} px")
    assert not problems, f"{site_page.path}:\n" + "\n".join(problems)
