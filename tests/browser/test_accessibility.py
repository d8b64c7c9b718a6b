"""axe-core finds no WCAG 2.x A/AA violation on the main pages, and the keyboard basics work."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.site_pages import DESKTOP, MAIN_PAGES, MOBILE, visit

pytestmark = [pytest.mark.browser, pytest.mark.reads_only, pytest.mark.rendering]


def test_axe_check_catches_a_known_violation(chromium):
    """Guards the check itself: a wrong tag list or a broken axe file would make every page pass."""
    page = chromium.new_page()
    try:
        page.set_content('<html lang="en"><title>Test</title><main><input type="text"></main>')
        problems = describe_violations(axe_violations(page))
    finally:
        page.close()
    assert any(line.startswith("label (critical) at input") for line in problems), problems


@pytest.mark.parametrize("site_page", MAIN_PAGES, ids=str)
def test_page_has_no_axe_violations(new_page, site_page):
    # Both layouts: the narrow one folds the filter panel and reflows tables, which axe sees anew.
    # With the page's scripts blocked it is what a reader with JavaScript off gets (menus open, no
    # toggles); axe itself still runs, which a context with JavaScript disabled would not allow.
    problems = []
    for width in (DESKTOP, MOBILE):
        for javascript in (True, False):
            page = new_page(width=width)
            if not javascript:
                page.route("**/*.js", lambda route: route.abort())
            visit(page, site_page)
            label = f"[{width} px, JS {'on' if javascript else 'off'}] "
            problems += describe_violations(axe_violations(page), label=label)
    assert not problems, f"axe-core on {site_page.path}:\n" + "\n".join(problems)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/cases/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # hidden until focused, then shown

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/#main$"))
    expect(page.locator("main")).to_be_focused()

    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 200)"
    )
