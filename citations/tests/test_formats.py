"""The four formats of one citation, each read back by its own rules: plain text as a reader
sees it, BibTeX as BibTeX parses it, RIS line by line, CSL-JSON against the CSL data schema."""

import json
from datetime import date

import jsonschema

from cases.models import SourceKind
from citations.citation import (
    CASE,
    RELEASE,
    SOURCE_KINDS,
    Citation,
    Issued,
    Name,
    RestsOn,
)
from citations.formats import FORMATS, bibtex, csl_json, plain_text, ris
from citations.names import parse_names
from citations.tests.parsing import CSL_DATA, bibtex_names, parse_bibtex, parse_ris, unescape

RELEASED = RestsOn(
    version="1.2",
    published_on=date(2026, 5, 1),
    url="https://rallying.example/releases/1.2/",
    as_of=date(2026, 6, 3),
)
UNRELEASED = RestsOn(version="", published_on=None, url="", as_of=date(2026, 6, 3))
REPORT = Citation(
    key="report-2019",
    kind=SOURCE_KINDS["report"],
    title="Are we rallying together? Collaboration and public sector reform",
    url="https://golab.example/future-state/",
    authors=(Name("Blundell", "Jo"), Name("FitzGerald", "Clare"), Name(literal="GO Lab")),
    issued=Issued(2019, 3),
    publisher="Government Outcomes Lab",
    rests_on=RELEASED,
    note="Described in Rallying's list of sources.",
)
CASE_RECORD = Citation(
    key="rallying-golden-key",
    kind=CASE,
    title="Golden Key",
    url="https://rallying.example/cases/golden-key/",
    authors=(Name(literal="Rallying"),),
    issued=Issued(2026, 4, 9),
    updated=date(2026, 4, 9),
    accessed=date(2026, 6, 3),
    container="Rallying: the open knowledge base of collaborative public-service reform",
    publisher="Rallying",
    rests_on=UNRELEASED,
    note="Case record based on: A briefing.",
)


def test_plain_text_puts_authors_date_title_publisher_address_and_release_in_order():
    assert plain_text(REPORT) == (
        "Blundell, J., FitzGerald, C. and GO Lab (2019). “Are we rallying together? "
        "Collaboration and public sector reform” [report]. Government Outcomes Lab. "
        "https://golab.example/future-state/. Dataset release 1.2 (1 May 2026), "
        "https://rallying.example/releases/1.2/. Described in Rallying's list of sources."
    )


def test_plain_text_of_a_record_says_when_it_changed_and_when_it_was_read():
    assert plain_text(CASE_RECORD) == (
        "Rallying (2026). “Golden Key” [case record]. Rallying: the open knowledge base of "
        "collaborative public-service reform. Last updated 9 April 2026. "
        "https://rallying.example/cases/golden-key/ (accessed 3 June 2026). "
        "Dataset unreleased; as of 3 June 2026. Case record based on: A briefing."
    )


def test_plain_text_without_a_date_says_so_and_without_authors_starts_with_the_title():
    undated = Citation(key="x", kind=SOURCE_KINDS["web-page"], title="Our approach", url="",
                       publisher="Kibble", rests_on=UNRELEASED)  # fmt: skip
    assert plain_text(undated).startswith("“Our approach” [web page] (n.d.). Kibble. ")


def test_bibtex_gives_each_field_its_place():
    entry = parse_bibtex(bibtex(REPORT))
    assert (entry.type, entry.key) == ("techreport", "report-2019")
    assert entry.fields == {
        "title": "Are we rallying together? Collaboration and public sector reform",
        "author": "Blundell, Jo and FitzGerald, Clare and {GO Lab}",
        "institution": "Government Outcomes Lab",
        "year": "2019",
        "month": "mar",
        "url": "https://golab.example/future-state/",
        "note": "Dataset release 1.2 (1 May 2026), https://rallying.example/releases/1.2/. "
        "Described in Rallying's list of sources.",
    }
    assert bibtex_names(entry.fields["author"]) == ["Blundell, Jo", "FitzGerald, Clare", "{GO Lab}"]


def test_bibtex_of_a_record_has_its_corporate_author_braced_and_the_day_it_was_read():
    entry = parse_bibtex(bibtex(CASE_RECORD))
    assert entry.fields["author"] == "{Rallying}"
    assert entry.fields["howpublished"].startswith("Rallying: the open knowledge base")
    assert (entry.fields["year"], entry.fields["month"]) == ("2026", "apr")
    assert entry.fields["urldate"] == "2026-06-03"


def test_an_article_names_its_journal_and_doi():
    article = Citation(key="article-2022", kind=SOURCE_KINDS["article"], title="New development",
                       url="https://doi.org/10.1080/1", container="Public Money & Management",
                       doi="10.1080/1", issued=Issued(2022), rests_on=RELEASED)  # fmt: skip
    entry = parse_bibtex(bibtex(article))
    assert entry.type == "article"
    assert unescape(entry.fields["journal"]) == "Public Money & Management"
    assert entry.fields["doi"] == "10.1080/1"
    assert dict(parse_ris(ris(article)))["T2"] == "Public Money & Management"
    assert "https://doi.org/10.1080/1" in plain_text(article)


def test_ris_has_one_tag_line_each_with_crlf_from_ty_to_er():
    lines = parse_ris(ris(REPORT))
    assert lines == [
        ("TY", "RPRT"),
        ("TI", "Are we rallying together? Collaboration and public sector reform"),
        ("AU", "Blundell, Jo"),
        ("AU", "FitzGerald, Clare"),
        ("AU", "GO Lab"),
        ("PB", "Government Outcomes Lab"),
        ("PY", "2019"),
        ("DA", "2019/03//"),
        ("UR", "https://golab.example/future-state/"),
        ("LA", "en"),
        (
            "N1",
            "Dataset release 1.2 (1 May 2026), https://rallying.example/releases/1.2/. "
            "Described in Rallying's list of sources.",
        ),  # fmt: skip
        ("ER", ""),
    ]


def test_ris_of_a_record_gives_the_day_it_changed_and_the_day_it_was_read():
    tags = dict(parse_ris(ris(CASE_RECORD)))
    assert (tags["TY"], tags["DA"], tags["Y2"]) == ("ELEC", "2026/04/09/", "2026/06/03/")


def test_csl_json_is_an_array_of_one_valid_item():
    data = json.loads(csl_json(REPORT))
    jsonschema.validate(data, CSL_DATA)
    assert data == [
        {
            "id": "report-2019",
            "type": "report",
            "title": "Are we rallying together? Collaboration and public sector reform",
            "author": [
                {"family": "Blundell", "given": "Jo"},
                {"family": "FitzGerald", "given": "Clare"},
                {"literal": "GO Lab"},
            ],
            "publisher": "Government Outcomes Lab",
            "issued": {"date-parts": [[2019, 3]]},
            "URL": "https://golab.example/future-state/",
            "language": "en",
            "note": "Dataset release 1.2 (1 May 2026), https://rallying.example/releases/1.2/. "
            "Described in Rallying's list of sources.",
        }
    ]


def test_csl_json_of_a_record_has_the_day_it_was_read_and_its_container():
    (item,) = json.loads(csl_json(CASE_RECORD))
    jsonschema.validate([item], CSL_DATA)
    assert item["accessed"] == {"date-parts": [[2026, 6, 3]]}
    assert item["issued"] == {"date-parts": [[2026, 4, 9]]}
    assert item["container-title"].startswith("Rallying: the open knowledge base")
    assert item["author"] == [{"literal": "Rallying"}]


def test_a_release_names_its_version_in_its_own_field_in_every_format():
    release = Citation(key="rallying-release-1.2", kind=RELEASE, title="Rallying",
                       url=RELEASED.url, issued=Issued(2026, 5, 1), version="1.2",
                       authors=(Name(literal="Rallying"),), rests_on=RELEASED)  # fmt: skip
    assert "[dataset, version 1.2]. Published 1 May 2026." in plain_text(release)
    assert parse_bibtex(bibtex(release)).fields["version"] == "1.2"
    assert dict(parse_ris(ris(release)))["ET"] == "1.2"
    assert json.loads(csl_json(release))[0]["version"] == "1.2"


def test_each_format_has_its_extension_and_content_type():
    assert {ext: f.content_type.split(";")[0] for ext, f in FORMATS.items()} == {
        "txt": "text/plain",
        "bib": "application/x-bibtex",
        "ris": "application/x-research-info-systems",
        "json": "application/vnd.citationstyles.csl+json",
    }


def test_authors_are_split_at_commas_or_at_semicolons_with_family_names_first():
    assert parse_names("Jo Blundell, Franziska Rosenbach") == (
        Name("Blundell", "Jo"),
        Name("Rosenbach", "Franziska"),
    )
    assert parse_names("Blundell, Jo; van der Berg, Anna Maria") == (
        Name("Blundell", "Jo"),
        Name("van der Berg", "Anna Maria"),
    )
    # Not two words, or an "and" in it: kept whole, never split into made-up parts.
    assert parse_names("Government Outcomes Lab, Marks and Spencer, Cher") == (
        Name(literal="Government Outcomes Lab"),
        Name(literal="Marks and Spencer"),
        Name(literal="Cher"),
    )
    assert parse_names("  ") == ()


def test_every_kind_of_source_has_its_type_in_every_format():
    assert set(SOURCE_KINDS) == set(SourceKind.values)
