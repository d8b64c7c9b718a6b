"""The overview and the case list's map of a large knowledge base (one map mark per region) pass axe,
and a mark works by keyboard."""

import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from cases.case_map import CASE_MARKER_LIMIT as MAP_CASE_LIMIT
from tests.browser.axe import axe_violations, describe_violations
from tests.browser.site_pages import DESKTOP, MOBILE, SitePage, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def many_cases(site):
    call_command("synthesize", cases=MAP_CASE_LIMIT + 50, seed=1, stdout=StringIO())
    cache.clear()


def test_region_map_has_no_axe_violations_and_its_marks_open_the_region(new_page, many_cases):
    problems = []
    for width in (DESKTOP, MOBILE):
        for site_page in (
            SitePage("overview-regions", "/"),
            SitePage("map-regions", "/cases/?view=map"),
        ):
            page = new_page(width=width)
            visit(page, site_page)
            expect(page.get_by_role("table", name="The regions on the map")).to_be_visible()
            problems += describe_violations(
                axe_violations(page), label=f"[{site_page.path}, {width} px] "
            )
    assert not problems, "axe-core on the maps with regions:\n" + "\n".join(problems)

    page.get_by_role("link", name="London (England):").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/\?region=london$"))
