"""The pack as a PDF, made by WeasyPrint from the pack's own HTML (needs Debian's Pango:
`apt-get install libpango-1.0-0 libpangoft2-1.0-0`).

WeasyPrint reads nothing from the network: its fetcher serves our static files (the pack's
stylesheet and fonts) and refuses every other address, so a pack never depends on, or leaks its
reader to, another site.

Past CONTENTS_AFTER pages a pack gets a contents list, each entry with its page number. The pack is
laid out with the list first: most packs need it, and a pack short enough to go without is
quick to lay out again without it (pack.css hides the list unless shown).
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

CONTENTS_AFTER = 4  # pages; a longer pack gets a contents list
# A user stylesheet: it needs !important to win over the pack's own (author) rule that hides it.
SHOW_CONTENTS = CSS(string=".pack--pdf .pack-contents { display: block !important; }")


class StaticFilesOnly(URLFetcher):
    """Serves the site's static files to WeasyPrint from disk; refuses any other address."""

    def __init__(self, site_url: str):
        super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
        parts = urlsplit(site_url)
        self.origin = (parts.scheme, parts.netloc)
        self.prefix = "/" + settings.STATIC_URL.lstrip("/")

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = unquote(parts.path)
        if (parts.scheme, parts.netloc) != self.origin or not path.startswith(self.prefix):
            raise ValueError(f"An evidence pack reads only the site's static files, not {url}")
        found = static_file(path.removeprefix(self.prefix))
        if found is None:
            raise ValueError(f"No static file at {url}")
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": content_type})


def static_file(name: str) -> Path | None:
    """The file of a static name: collected (under its hashed name, in production) or found in
    the apps' and project's static folders (development, tests)."""
    try:
        if settings.STATIC_ROOT and staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
        found = finders.find(name)
    except SuspiciousFileOperation:  # a path that climbs out of the static folders
        return None
    return Path(found) if found else None


def pages_besides_contents(document) -> int:
    """How many pages a document laid out with its contents list would have without it: the
    list runs from the page of its anchor (`#contents`) to the page before the cases (`#cases`)."""
    first = {}
    for number, page in enumerate(document.pages):
        for anchor in ("contents", "cases"):
            if anchor in page.anchors:
                first.setdefault(anchor, number)
    return len(document.pages) - (first["cases"] - first["contents"])


def render_pdf(html: str, *, site_url: str) -> bytes:
    """The PDF of a pack's HTML (rendered with `pdf=True`), with a contents list past
    CONTENTS_AFTER pages. `site_url` resolves the HTML's addresses (its static files)."""
    source = HTML(string=html, base_url=site_url, url_fetcher=StaticFilesOnly(site_url))
    document = source.render(stylesheets=[SHOW_CONTENTS])
    if pages_besides_contents(document) <= CONTENTS_AFTER:
        document = source.render()
    return document.write_pdf()
