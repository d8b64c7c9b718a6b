"""The citation_* meta tags of case and finding pages, read from the page's head as Zotero's
Embedded Metadata translator and Google Scholar read them (Highwire Press tags), the Open Graph
tags that tell Zotero the item is a web page, and the BibTeX the page offers as an alternate."""

from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Publication
from citations.tests.parsing import parse_bibtex
from history.queries import with_last_change


class HeadTags(HTMLParser):
    """Every <meta name content> and <link rel href type> inside <head>."""

    def __init__(self):
        super().__init__()
        self.in_head = False
        self.meta: dict[str, list[str]] = {}
        self.properties: dict[str, list[str]] = {}  # <meta property content>: Open Graph
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head and "name" in attrs:
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content"))
        elif tag == "meta" and self.in_head and "property" in attrs:
            self.properties.setdefault(attrs["property"], []).append(attrs.get("content"))
        elif tag == "link" and self.in_head:
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_of(client, url: str) -> HeadTags:
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadTags()
    parser.feed(response.content.decode())
    return parser


def citation_tags(head: HeadTags) -> dict[str, list[str]]:
    return {name: values for name, values in head.meta.items() if name.startswith("citation_")}


def bibtex_alternate(head: HeadTags) -> str:
    (link,) = [link for link in head.links if link.get("type") == "application/x-bibtex"]
    assert link["rel"] == "alternate"
    return link["href"]


def test_a_case_page_gives_its_citation_in_meta_tags(client, dataset):
    head = head_of(client, "/cases/wigan-council/")
    case = with_last_change(Case.objects.all()).get(slug="wigan-council")
    updated = timezone.localdate(case.last_change or case.updated_at)
    assert citation_tags(head) == {
        "citation_title": ["Wigan Council"],
        "citation_author": ["Rallying"],
        "citation_publication_date": [f"{updated:%Y/%m/%d}"],
        "citation_publisher": ["Rallying"],
        "citation_public_url": ["http://testserver/cases/wigan-council/"],
        "citation_abstract_html_url": ["http://testserver/cases/wigan-council/"],
        "citation_language": ["en"],
    }
    # Zotero types the item by og:type ("website": a web page) before its Highwire guess
    # (a journal article).
    assert head.properties == {
        "og:type": ["website"],
        "og:title": ["Wigan Council"],
        "og:url": ["http://testserver/cases/wigan-council/"],
        "og:site_name": ["Rallying"],
    }
    href = bibtex_alternate(head)
    assert href == reverse("citations:case", args=["wigan-council", "bib"])
    assert parse_bibtex(client.get(href).content.decode()).fields["title"] == "Wigan Council"


def test_a_finding_page_gives_its_citation_in_meta_tags(client, dataset):
    head = head_of(client, "/findings/share-responsibility/")
    url = "http://testserver/findings/share-responsibility/"
    assert citation_tags(head) == {
        "citation_title": ["Share responsibility"],
        "citation_author": ["Rallying"],
        # No date while no release is published: the finding's own date is not recorded.
        "citation_publisher": ["Rallying"],
        "citation_public_url": [url],
        "citation_abstract_html_url": [url],
        "citation_language": ["en"],
    }
    assert head.properties["og:type"] == ["website"]
    assert head.properties["og:title"] == ["Share responsibility"]
    href = bibtex_alternate(head)
    entry = parse_bibtex(client.get(href).content.decode())
    assert entry.key == "rallying-finding-share-responsibility"


def test_a_hostile_title_stays_inside_its_meta_tag(client, dataset):
    Case.objects.filter(slug="kibble").update(name='Kibble" name="citation_author" x="<b>')
    head = head_of(client, "/cases/kibble/")
    assert head.meta["citation_title"] == ['Kibble" name="citation_author" x="<b>']
    assert head.meta["citation_author"] == ["Rallying"]


def test_a_draft_preview_gives_no_citation(admin_client, dataset):
    Case.all_objects.filter(slug="kibble").update(publication=Publication.DRAFT)
    head = head_of(admin_client, "/cases/kibble/?preview=1")
    assert citation_tags(head) == {}
    page = admin_client.get("/cases/kibble/?preview=1").content.decode()
    assert "A draft can be cited once it is published." in page
    assert "/cases/kibble/cite." not in page
