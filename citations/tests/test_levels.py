"""Every level can be cited in every format: a case, a finding, a quotation, a source, a filtered
list of cases and a release. Each file is read back by its format's rules and says what it cites,
what states it and the release it rests on; drafts and unknown things are not found."""

import json

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Publication, Source
from citations.citation import long_date
from citations.formats import FORMATS
from citations.tests.parsing import CSL_DATA, download, parse_bibtex, parse_ris, unescape
from findings.models import Finding
from tests.factories import make_case, make_finding, make_quotation, make_source, make_study

# What each level's address is, and what its citation must say: key, title, words of its note.
LEVELS = {
    "case": (
        reverse("citations:case", args=["golden-key", "EXT"]),
        "rallying-golden-key",
        "Golden Key",
        ["Case record based on: Are we Rallying Together? Reflecting on our early findings"],
    ),
    "finding": (
        reverse("citations:finding", args=["share-responsibility", "EXT"]),
        "rallying-finding-share-responsibility",
        "Share responsibility",
        [
            "Rallying's record of the finding, in the editors' words.",
            "The finding is stated in Blundell, J. et al. (March 2019), “Are we rallying "
            "together? Collaboration and public sector reform”, a publication of the study, "
            'at landing page, "Key questions and findings", 1. Why collaborate?',
        ],
    ),
    "quotation": (
        reverse("citations:quotation", args=["wirral-eight-sectors", "EXT"]),
        "rallying-quotation-wirral-eight-sectors",
        "Instead of being eight organisations, bringing their organisational perspective to "
        "things, it's about eight sectors of expertise and knowledge coming together to see if "
        "we can solve the problem and …",
        [
            "The words of the Director of Public Health, Wirral Council, quoted verbatim in "
            "Government Outcomes Lab, Blavatnik School of Government, University of Oxford "
            "(November 2018), “Are we Rallying Together? Reflecting on our early findings”, "
            'a publication of the study, at box "How it sounds – Wirral Council", section '
            '"Beyond co-production".',
            "The title gives the quotation's opening words; the address gives all of it.",
        ],
    ),
    "source": (
        reverse("citations:source", args=["report-2019", "EXT"]),
        "report-2019",
        "Are we rallying together? Collaboration and public sector reform",
        ["Described in Rallying's list of sources: http://testserver/sources/#source-report-2019."],
    ),
    "case list": (
        reverse("citations:case-list", args=["EXT"]) + "?sector=charity&region=scotland",
        "rallying-cases",
        "Cases in Rallying: Sector: Charity; Region: Scotland",
        [
            "The list of cases with these filters: Sector: Charity; Region: Scotland. 1 case matched."
        ],
    ),
}


def unreleased() -> str:
    return f"Dataset unreleased; as of {long_date(timezone.localdate())}."


def cite(client, level: str, extension: str) -> str:
    url = LEVELS[level][0].replace("EXT", extension)
    return download(client, url, content_type=FORMATS[extension].content_type)


@pytest.mark.parametrize("level", LEVELS)
def test_plain_text_says_what_is_cited_what_states_it_and_the_release(client, dataset, level):
    _, _, title, notes = LEVELS[level]
    text = cite(client, level, "txt")
    assert f"“{title}” [" in text and text.endswith("\n") and text.count("\n") == 1
    for words in [unreleased(), *notes]:
        assert words in text


@pytest.mark.parametrize("level", LEVELS)
def test_bibtex_parses_as_one_entry_with_the_fields_right(client, dataset, level):
    _, key, title, notes = LEVELS[level]
    entry = parse_bibtex(cite(client, level, "bib"))
    assert entry.key == key
    assert unescape(entry.fields["title"]) == title
    note = unescape(entry.fields["note"])
    assert note.startswith(unreleased())
    for words in notes:
        assert words in note


@pytest.mark.parametrize("level", LEVELS)
def test_ris_is_one_record_with_crlf_lines_from_ty_to_er(client, dataset, level):
    _, _, title, notes = LEVELS[level]
    tags = dict(parse_ris(cite(client, level, "ris")))
    assert tags["TI"] == title
    assert tags["N1"].startswith(unreleased())
    for words in notes:
        assert words in tags["N1"]


@pytest.mark.parametrize("level", LEVELS)
def test_csl_json_is_valid_and_says_the_same(client, dataset, level):
    _, key, title, notes = LEVELS[level]
    data = json.loads(cite(client, level, "json"))
    jsonschema.validate(data, CSL_DATA)
    (item,) = data
    assert (item["id"], item["title"]) == (key, title)
    assert item["note"].startswith(unreleased())
    for words in notes:
        assert words in item["note"]


def test_a_source_is_cited_as_its_own_publication(client, dataset):
    entry = parse_bibtex(cite(client, "source", "bib"))
    assert entry.type == "techreport"
    assert entry.fields["author"] == (
        "Blundell, Jo and Rosenbach, Franziska and Hameed, Tanyah and FitzGerald, Clare"
    )
    assert (entry.fields["year"], entry.fields["month"]) == ("2019", "mar")
    assert entry.fields["institution"].startswith("Government Outcomes Lab")
    assert "urldate" not in entry.fields  # Rallying describes it; the reader has not read it
    (item,) = json.loads(cite(client, "source", "json"))
    assert item["author"][0] == {"family": "Blundell", "given": "Jo"}
    assert "language" not in item  # not recorded for a source, so not claimed


def test_a_finding_the_editors_inferred_says_so_with_their_reason(client, dataset):
    text = client.get(
        reverse("citations:finding", args=["embedding-collaborative-practice", "txt"])
    ).content.decode()
    assert "An editorial inference from Blundell, J. et al. (March 2019)" in text
    assert "The editors' reason: The landing page asks how to embed" in text
    assert "is stated in" not in text


def test_a_finding_from_a_related_publication_does_not_claim_the_study(client, db):
    source = Source.objects.create(key="later", title="A later article", kind="article",
                                   origin="related", year=2022)  # fmt: skip
    finding = make_finding(source=source, study=make_study(), locator="p. 4")
    text = client.get(reverse("citations:finding", args=[finding.slug, "txt"])).content.decode()
    assert "a related publication, not the study, at p. 4." in text


def test_a_short_quotation_is_its_own_title(client, db):
    quotation = make_quotation(text="We work  around\njoint outcomes.", speaker_role="Manager")
    entry = parse_bibtex(
        client.get(reverse("citations:quotation", args=[quotation.slug, "bib"])).content.decode()
    )
    assert entry.fields["title"] == "We work around joint outcomes."
    assert "opening words" not in entry.fields["note"]


@pytest.mark.parametrize("extension", FORMATS)
def test_drafts_and_unknown_things_are_not_found(client, db, extension):
    draft_case = make_case(publication=Publication.DRAFT)
    draft_study = make_study(publication=Publication.DRAFT)
    draft_finding = make_finding(study=draft_study, source=draft_study.source)
    draft_quotation = make_quotation(case=draft_case)
    draft_publication = make_source(study=draft_study)
    for url_name, key in [
        ("citations:case", draft_case.slug),
        ("citations:finding", draft_finding.slug),
        ("citations:quotation", draft_quotation.slug),
        ("citations:source", draft_publication.key),
        ("citations:case", "atlantis"),
        ("citations:finding", "atlantis"),
        ("citations:quotation", "atlantis"),
        ("citations:source", "atlantis"),
        ("citations:release", "9.9"),
    ]:
        assert client.get(reverse(url_name, args=[key, extension])).status_code == 404, url_name
    assert Finding.objects.filter(slug=draft_finding.slug).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/cases/golden-key/cite.docx",
        "/findings/share-responsibility/cite.pdf",
        "/sources/report-2019/cite.BIB",
        "/cases/cite.xml?sector=charity",
        "/quotations/wirral-eight-sectors/cite.",
    ],
)
def test_an_unknown_format_is_not_found(client, dataset, url):
    assert client.get(url).status_code == 404
