"""Hostile titles and names through BibTeX: whatever the text, the file parses as one entry, each
field keeps all of its text, and the authors are exactly the names given (an "and" inside an
organisation's name does not make two authors)."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import Source
from citations.citation import SOURCE_KINDS, Citation, Name, RestsOn
from citations.formats import bibtex
from citations.names import parse_names
from citations.tests.parsing import bibtex_names, parse_bibtex, unescape
from tests.factories import make_case, make_source

HOSTILE = [
    "Braces { } backslash \\ percent % amp & dollar $ hash # under _ caret ^ tilde ~",
    'at @ comma , quote " backtick ` and more',
    "Close } early { and \\ % @misc{x,",
    "}}} three unbalanced closers",
    "three unbalanced openers {{{",
    "}, note = {injected field",
    "a backslash before a brace \\} and \\{",
    "ends in a backslash \\",
    "line\nbreak\r\nand\ttab",
    "Ünïcödé 中文 — “curly” ’quotes’ ß",
    "@comment{ not an entry }",
]
BASE = RestsOn(version="", published_on=None, url="", as_of=date(2026, 1, 2))


def one_line(text: str) -> str:
    return " ".join(text.split())


def citation_of(text: str, authors=()) -> Citation:
    return Citation(
        key="hostile",
        kind=SOURCE_KINDS["report"],
        title=text,
        url="https://example.org/a{b}c",
        authors=tuple(authors),
        publisher=text,
        rests_on=BASE,
        note=text,
    )


def name_text(bibtex_name: str) -> str:
    """A name from the author field as the text it stands for."""
    if bibtex_name.startswith("{") and bibtex_name.endswith("}"):
        return unescape(bibtex_name[1:-1])
    family, given = bibtex_name.split(", ", 1)
    return f"{unescape(family)}, {unescape(given.strip('{}'))}"


@pytest.mark.parametrize("text", HOSTILE)
def test_every_field_keeps_its_text_and_the_entry_stays_one(text):
    entry = parse_bibtex(bibtex(citation_of(text)))
    assert entry.key == "hostile"
    for field in ("title", "institution"):
        assert unescape(entry.fields[field]) == one_line(text), field
    assert unescape(entry.fields["note"]).endswith(one_line(text))
    # A brace in an address would end the field: it is percent-encoded instead.
    assert entry.fields["url"] == "https://example.org/a%7Bb%7Dc"


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_name_stays_one_author(text):
    names = (Name(literal=text), Name("Blundell", "Jo"), Name(literal="Marks and Spencer"))
    entry = parse_bibtex(bibtex(citation_of("Title", names)))
    assert [name_text(n) for n in bibtex_names(entry.fields["author"])] == [
        one_line(text),
        "Blundell, Jo",
        "Marks and Spencer",
    ]


def test_names_from_a_hostile_authors_field_keep_their_count_and_text():
    authors = "Smith, Jane; Doe and Sons, Ltd; O'Brien, Ann, Jr; {Brace}, Ró; Ünal, Ayşe"
    names = parse_names(authors)
    assert len(names) == 5
    entry = parse_bibtex(bibtex(citation_of("Title", names)))
    assert [name_text(n) for n in bibtex_names(entry.fields["author"])] == [
        "Smith, Jane",
        "Doe and Sons, Ltd",
        "O'Brien, Ann, Jr",
        "{Brace}, Ró",
        "Ünal, Ayşe",
    ]


def test_a_case_with_a_hostile_name_downloads_as_one_entry(client, db):
    case = make_case(name="Close } early { and \\ % @misc{x,\n& 100% {Trial}")
    response = client.get(reverse("citations:case", args=[case.slug, "bib"]))
    entry = parse_bibtex(response.content.decode())
    assert unescape(entry.fields["title"]) == one_line(case.name)


def test_a_source_with_hostile_authors_downloads_with_each_author(client, db):
    source = make_source(
        title="}{ 50% of $ & # _ ^ ~",
        authors="Jo Blundell, Marks and Spencer, A {Unbalanced",
        publisher="Smith & Sons {",
    )
    response = client.get(reverse("citations:source", args=[source.key, "bib"]))
    entry = parse_bibtex(response.content.decode())
    assert unescape(entry.fields["title"]) == Source.objects.get(pk=source.pk).title
    assert [name_text(n) for n in bibtex_names(entry.fields["author"])] == [
        "Blundell, Jo",
        "Marks and Spencer",
        "{Unbalanced, A",
    ]
    assert unescape(entry.fields["institution"]) == "Smith & Sons {"
