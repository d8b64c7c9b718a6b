"""Cite this view: the case list with its filters, as words, an address and a count; a bad filter
is a 400 with the list's own messages."""

import html
import re

import pytest
from django.urls import reverse

from citations.tests.parsing import parse_bibtex, parse_ris, unescape

FILTERS = "region=north-west&region=scotland&q=council"


def cite_view(client, query: str, extension: str = "txt"):
    return client.get(reverse("citations:case-list", args=[extension]) + f"?{query}")


@pytest.mark.parametrize(
    "query",
    [
        "region=atlantis",
        "region=atlantis&sort=nowhere&typology=none&typology=x",
        "finding=%00&permanence=forever",
        f"q={'x' * 201}",
    ],
)
def test_bad_filters_answer_400_with_the_lists_own_messages(client, dataset, query):
    listed = client.get(f"{reverse('cases:list')}?{query}")
    assert listed.status_code == 400
    expected = [f"{error['param']}: {error['message']}" for error in listed.context["errors"]]
    assert expected
    for extension in ("txt", "bib", "ris", "json"):
        response = cite_view(client, query, extension)
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().splitlines() == expected


def test_names_the_filters_in_words_as_the_lists_tags_do(client, dataset):
    listed = client.get(f"{reverse('cases:list')}?{FILTERS}")
    tags = {f"{tag['facet']}: {tag['label']}" for tag in listed.context["tags"]}
    assert tags == {"Region: North West", "Region: Scotland", "Search: “council”"}
    text = cite_view(client, FILTERS).content.decode()
    assert "“Cases in Rallying: Region: North West or Scotland; Search: ‘council’”" in text
    count = listed.context["result_count"]
    assert f"[list of {count} cases]" in text and f"{count} cases matched." in text


def test_cites_the_lists_exact_address_without_page_map_or_stray_parameters(client, dataset):
    # The list's form sends its search box even when empty: "q=" filters nothing, and is left out.
    query = f"{FILTERS}&sort=region&page=2&view=map&utm_source=mail&q="
    entry = parse_bibtex(cite_view(client, query, "bib").content.decode())
    assert entry.fields["url"] == f"http://testserver/cases/?{FILTERS}&sort=region"
    ris = dict(parse_ris(cite_view(client, query, "ris").content.decode()))
    assert ris["UR"] == entry.fields["url"]
    assert client.get(ris["UR"].removeprefix("http://testserver")).status_code == 200


def test_without_filters_cites_every_case(client, dataset):
    entry = parse_bibtex(cite_view(client, "", "bib").content.decode())
    assert entry.fields["title"] == "Cases in Rallying"
    assert entry.fields["url"] == "http://testserver/cases/"
    assert "Every case in Rallying: 10 cases." in unescape(entry.fields["note"])


def test_the_list_offers_its_citation_with_its_filters(client, dataset):
    page = client.get(f"{reverse('cases:list')}?{FILTERS}&page=1").content.decode()
    assert "Cite this view" in page
    for extension in ("txt", "bib", "ris", "json"):
        href = f"/cases/cite.{extension}?{FILTERS.replace('&', '&amp;')}"
        assert f'href="{href}"' in page
    shown = re.search(r'id="citation-text">(.*?)</p>', page, re.S).group(1)
    assert html.unescape(shown) == cite_view(client, FILTERS).content.decode().strip()


def test_the_list_offers_no_citation_while_a_filter_is_wrong(client, dataset):
    page = client.get(f"{reverse('cases:list')}?region=atlantis").content.decode()
    assert "Cite this view" not in page


def test_the_whole_list_offers_its_citation_too(client, dataset):
    page = client.get(reverse("cases:list")).content.decode()
    shown = re.search(r'id="citation-text">(.*?)</p>', page, re.S).group(1)
    assert html.unescape(shown).startswith(
        "Rallying (n.d.). “Cases in Rallying” [list of 10 cases]."
    )
    assert 'href="/cases/cite.bib"' in page
