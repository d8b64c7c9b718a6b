"""A page's weight on first load: HTML, CSS, JavaScript and fonts, with an empty cache.

Measured as the bytes that cross the network in production, where nginx and WhiteNoise send them
gzipped (deploy/nginx/rallying.conf; `collectstatic` writes the .gz copies): each response's body
is gzipped here at the same level. The raw size is reported beside it.
"""

import gzip

import pytest

from tests.browser.site_pages import MAIN_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.reads_only, pytest.mark.rendering]

BUDGET = 250 * 1024  # bytes, transferred
COUNTED = {"document", "stylesheet", "script", "font"}
PAGES = [site_page for site_page in MAIN_PAGES if site_page.status == 200]


def first_load(new_page, path: str) -> dict[str, tuple[int, int]]:
    """url -> (raw bytes, gzipped bytes) of every counted response of a cold load."""
    page = new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))  # noqa: PLW0108 (Playwright cannot take a bound builtin)
    page.goto(path)
    page.evaluate("document.fonts.ready.then(() => true)")
    sizes = {}
    for response in responses:
        if response.request.resource_type in COUNTED and response.status == 200:
            body = response.body()
            sizes[response.url] = (len(body), len(gzip.compress(body, compresslevel=6)))
    return sizes


@pytest.mark.parametrize("site_page", PAGES, ids=str)
def test_first_load_stays_under_250_kb(new_page, site_page):
    sizes = first_load(new_page, site_page.path)
    kinds = {url.rsplit("/", 1)[-1] or url for url in sizes}
    # The design system, its font and the page itself were all counted, or the sum means nothing.
    assert "govuk-frontend.min.css" in kinds and "govuk-frontend.min.js" in kinds, kinds
    assert any(kind.endswith(".woff2") for kind in kinds), kinds
    raw = sum(size for size, _ in sizes.values())
    sent = sum(zipped for _, zipped in sizes.values())
    detail = ", ".join(
        f"{url.rsplit('/', 1)[-1] or url}: {zipped // 1024} KB"
        for url, (_, zipped) in sizes.items()
    )
    assert sent < BUDGET, (
        f"{site_page.path}: {sent // 1024} KB sent ({raw // 1024} KB raw): {detail}"
    )
