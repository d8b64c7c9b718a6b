"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is the system one (apt package `chromium`), never one downloaded by `playwright install`.
Without it every test marked `browser` is skipped with a reason that says how to install it;
CI installs it and fails on any such skip.
"""

import os
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from tests.browser.site_pages import DESKTOP

# Playwright's sync API keeps an asyncio event loop running in the test thread, so Django would
# refuse the test's own database calls (SynchronousOnlyOperation). Nothing here runs concurrently
# with them, so the check is safely off; it stays off for the rest of the session, because the
# session-wide browser keeps its loop until the session ends.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google services, which the
# closed network refuses; the sandbox needs privileges a container does not give.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return (
            f"needs Debian's Chromium at {CHROMIUM}: "
            "apt-get update && apt-get install -y chromium (never `playwright install`)"
        )
    return ""


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests, saying how to install what is missing (CI fails on any such skip)."""
    reason = missing_browser()
    if not reason:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; each test gets fresh contexts (cookies, storage) from it."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def reads_only(request) -> bool:
    return request.node.get_closest_marker("reads_only") is not None


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper of the same name, except for the tests marked `reads_only`.

    The server thread sees only committed rows, so a test that may write gets `transactional_db`:
    it empties every table after the test, and the next test loads the dataset again (a second or
    more on PostgreSQL, for each of some two hundred browser tests). A module whose tests only
    read (they load pages and fill in GET forms) is marked `reads_only` and shares one loaded
    dataset (`dataset_for_module`), emptied when the module ends.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("dataset_for_module" if reads_only(request) else "transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="module")
def dataset_for_module(django_db_setup, django_db_blocker):
    """The ten-case dataset, committed once for a `reads_only` module, and the tables emptied
    after its last test (as `transactional_db` leaves them)."""
    with django_db_blocker.unblock():
        call_command("load_dataset", stdout=StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def site(request, live_server):
    """The live site serving the real ten-case dataset: loaded for this test (which may write),
    or once for its module when the module is marked `reads_only`."""
    if not reads_only(request):
        call_command("load_dataset", stdout=StringIO())
    return live_server


@pytest.fixture
def new_page(chromium, site):
    """Make pages on the live site: `new_page(width=390, javascript=False)`.

    After the test, fails if any page asked another host for something (the site must serve every
    asset itself), got an error for a stylesheet, script or image, or threw a JavaScript error.
    """
    contexts = []
    problems = []
    site_host = urlsplit(site.url).netloc

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != site_host:
            problems.append(f"request to another host: {request.url}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(
                f"{response.status} for {response.request.resource_type} {response.url}"
            )

    def make(*, width: int = DESKTOP, javascript: bool = True):
        context = chromium.new_context(
            base_url=site.url,
            viewport={"width": width, "height": 900},
            java_script_enabled=javascript,
            accept_downloads=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("request", on_request)
        page.on("response", on_response)
        page.on(
            "pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}")
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A desktop-width page with JavaScript on."""
    return new_page()
