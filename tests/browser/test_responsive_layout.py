"""The layout holds on a small phone: nothing scrolls sideways, controls keep their size."""

import re

import pytest

from tests.browser.site_pages import MAIN_PAGES, SitePage, visit

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

SMALLEST = 320  # CSS pixels: the narrowest width the site supports (WCAG 1.4.10 reflow)


# The main pages, every case page (their text and sources differ) and the widest comparison.
CASE_SLUGS = [
    "doing-the-right-thing",
    "golden-key",
    "ignite",
    "kibble",
    "oldham-council",
    "plymouth-public-health",
    "west-london-zone",
    "wigan-council",
    "wirral-council",
    "young-harrow-foundation",
]
NARROW_PAGES = [
    *MAIN_PAGES,
    *(SitePage(f"case-{slug}", f"/cases/{slug}/") for slug in CASE_SLUGS),
    SitePage(
        "cases-compare-four",
        "/cases/compare/?case=wigan-council&case=kibble&case=golden-key&case=ignite",
    ),
]
# The innermost elements that stick out past the right edge: where to look for the cause.
OVERFLOWING = """limit => [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 1
                  && ![...el.children].some(c => c.getBoundingClientRect().right > limit + 1))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('')
               + ' "' + el.textContent.trim().slice(0, 40) + '"')"""


def test_pages_do_not_scroll_sideways_at_320_px(new_page):
    # One page visited after another (one dataset load); every overflowing page is reported.
    page = new_page(width=SMALLEST)
    problems = []
    for site_page in dict.fromkeys(NARROW_PAGES):
        visit(page, site_page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > SMALLEST:
            culprits = "; ".join(page.evaluate(OVERFLOWING, SMALLEST))
            problems.append(f"{site_page.path} is {width} px wide: {culprits}")
    assert not problems, f"pages wider than {SMALLEST} px:\n" + "\n".join(problems)


def test_compare_checkboxes_keep_their_size_when_the_label_wraps(new_page):
    page = new_page(width=390)
    page.goto("/cases/")
    checkboxes = page.get_by_role("checkbox", name=re.compile(r"^Select .* to compare$"))
    sizes = {}
    for index in range(checkboxes.count()):
        box = checkboxes.nth(index).bounding_box()
        sizes[checkboxes.nth(index).get_attribute("id")] = (
            round(box["width"]),
            round(box["height"]),
        )
    # A long case name wraps its label onto two lines; the box beside it must not shrink (and
    # stays at least 24 px square, the WCAG 2.2 minimum target size).
    squashed = {slug: size for slug, size in sizes.items() if min(size) < 24}
    assert not squashed, f"compare checkboxes smaller than 24×24 px at 390 px wide: {squashed}"
