"""Swagger UI sits in a page of ours: a language, a way back to the site, and axe finds nothing
beyond Swagger UI's own known faults (listed in docs/accessibility.md). (Redoc's page is checked
without a browser in tests/test_site_everywhere.py: its sidebar asks another host for a logo.)"""

import pytest

from tests.browser.axe import axe_violations
from tests.browser.site_pages import DESKTOP, MOBILE

pytestmark = [pytest.mark.browser, pytest.mark.reads_only]

# Faults in Swagger UI's own markup, which we serve but do not write (docs/accessibility.md).
SWAGGER_UI_KNOWN = {"color-contrast", "nested-interactive", "target-size"}


def test_swagger_ui_links_home_and_has_no_faults_of_ours(new_page):
    path, known, ready = "/api/docs/", SWAGGER_UI_KNOWN, ".opblock"
    for width in (DESKTOP, MOBILE):
        page = new_page(width=width)
        page.goto(path)
        page.wait_for_selector(ready)  # the schema has loaded and rendered
        assert page.get_attribute("html", "lang") == "en-GB"
        page.get_by_role("navigation", name="Rallying").get_by_role("link", name="Rallying").click()
        assert page.url.endswith("/")
        page.goto(path)
        page.wait_for_selector(ready)
        found = {violation["id"] for violation in axe_violations(page)}
        assert found <= known, f"{path} at {width} px: new axe violations {found - known}"
