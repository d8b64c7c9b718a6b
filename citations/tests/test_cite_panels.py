"""The cite panels: on a case's, a finding's, a quotation's and a release's page, the plain-text
citation shown is the one the .txt file gives, and a link to each format's file; on /sources/, each
source's own files."""

import html
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from cases.source_views import public_sources
from citations.formats import FORMATS
from releases.models import Release


class Links(HTMLParser):
    """Every <a> with its attributes and text."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = {**dict(attrs), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def links_of(page: str) -> list[dict]:
    parser = Links()
    parser.feed(page)
    return parser.links


PAGES = {
    "case": ("/cases/golden-key/", "Cite this case", "citations:case", "golden-key"),
    "finding": (
        "/findings/share-responsibility/",
        "Cite this finding",
        "citations:finding",
        "share-responsibility",
    ),
    "quotation": (
        "/quotations/wirral-eight-sectors/",
        "Cite this quotation",
        "citations:quotation",
        "wirral-eight-sectors",
    ),
}


@pytest.mark.parametrize("level", PAGES)
def test_the_panel_shows_the_citation_and_links_every_format(client, dataset, level):
    page_url, heading, url_name, slug = PAGES[level]
    page = client.get(page_url).content.decode()
    assert f'id="cite-heading">{heading}</h2>' in page
    shown = html.unescape(re.search(r'id="citation-text">(.*?)</p>', page, re.S).group(1))
    text_file = client.get(reverse(url_name, args=[slug, "txt"])).content.decode()
    assert shown == text_file.strip()
    panel = [link for link in links_of(page) if "/cite." in link.get("href", "")]
    assert [link["text"] for link in panel] == [
        "Download plain text",
        "Download BibTeX",
        "Download RIS",
        "Download CSL-JSON",
    ]
    for link, (extension, format) in zip(panel, FORMATS.items(), strict=True):
        assert link["href"] == reverse(url_name, args=[slug, extension])
        assert link["download"].endswith(f".{extension}")
        response = client.get(link["href"])
        assert response.status_code == 200
        assert response["Content-Type"] == format.content_type


def test_a_release_page_offers_the_release_at_its_version(client, dataset):
    Release.objects.create(version="1.2", published_on=date(2026, 5, 1), notes="First.")
    page = client.get(reverse("releases:detail", args=["1.2"])).content.decode()
    assert 'id="cite-heading">Cite this release</h2>' in page
    shown = html.unescape(re.search(r'id="citation-text">(.*?)</p>', page, re.S).group(1))
    assert "[dataset, version 1.2]. Published 1 May 2026." in shown
    hrefs = [link["href"] for link in links_of(page) if "/cite." in link.get("href", "")]
    assert hrefs == [reverse("citations:release", args=["1.2", ext]) for ext in FORMATS]
    assert client.get(hrefs[1]).status_code == 200


def test_every_source_on_the_sources_page_has_its_citation_files(client, dataset):
    page = client.get(reverse("cases:source-list")).content.decode()
    cite_links = [link for link in links_of(page) if "/cite." in link.get("href", "")]
    keys = list(public_sources().values_list("key", flat=True))
    assert len(cite_links) == 4 * len(keys)
    hrefs = {link["href"] for link in cite_links}
    for key in keys:
        for extension in FORMATS:
            assert reverse("citations:source", args=[key, extension]) in hrefs
    # Each link says which source it cites, for a screen reader's list of links.
    assert all("citation of “" in link["text"] for link in cite_links)
    response = client.get(cite_links[1]["href"])
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/x-bibtex"
    )
