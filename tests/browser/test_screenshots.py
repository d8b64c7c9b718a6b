"""Full-page screenshots of the main pages at desktop and phone widths, written for review by eye.

They land in screenshots/ at the project root (git-ignored), named <page>-<width>.png, e.g.
screenshots/cases-list-1280.png. `make screenshots` runs only these tests; `make test` leaves them
out (every page's status and look are checked by the accessibility and layout tests).
"""

from pathlib import Path

import pytest

from tests.browser.site_pages import DESKTOP, MAIN_PAGES, MOBILE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]


@pytest.mark.parametrize("site_page", MAIN_PAGES, ids=str)
def test_writes_full_page_screenshots(new_page, site_page):
    SCREENSHOTS.mkdir(exist_ok=True)
    statuses = {}
    for width in (DESKTOP, MOBILE):
        page = new_page(width=width)
        response = page.goto(site_page.path)
        # Web fonts and images are local, but wait for them so the picture is the finished page.
        page.evaluate("document.fonts.ready.then(() => true)")
        path = SCREENSHOTS / f"{site_page.name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 0
        statuses[width] = response.status if response else None
    # Written first, so the picture of a broken page is there to look at.
    assert set(statuses.values()) == {site_page.status}, (
        f"GET {site_page.path} answered {statuses}, expected {site_page.status}"
    )
