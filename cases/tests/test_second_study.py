"""A second study beside the first: its own typology, its own cases, and a case both studies
classify, each its own way. Filters, facets, the API, the case page and the downloads keep the
studies apart and say which study gives which type."""

import csv
import io
import re
import zipfile

import pytest

from cases.models import Basis, Case, Source, Study
from cases.tests.page_notes import main, notes_of, plain
from tests.factories import classify, make_case, make_source, make_study, make_typology

FIRST = "are-we-rallying-together"


@pytest.fixture
def second(dataset):
    """A second study with two types, two cases of its own, and Wigan typed its own way."""
    source = make_source(key="second-report", title="The second report", year=2024)
    study = make_study(slug="second-look", title="A second look", year=2024, source=source)
    Source.objects.filter(pk=source.pk).update(study=study)  # the study's own publication
    hub = make_typology(study=study, slug="hub", name="Hub", source=source, order=1)
    team = make_typology(study=study, slug="team", name="Shared team", source=source, order=2)
    region, sector = Case.objects.get(slug="wigan-council").region, Case.objects.first().sector
    for slug, typology in (("second-a", hub), ("second-b", team)):
        classify(
            make_case(slug=slug, name=f"Case {slug}", region=region, sector=sector),
            typology,
            source=source,
            basis=Basis.STATED,
            locator="table 2",
        )
    classify(Case.objects.get(slug="wigan-council"), hub, source=source, locator="p. 31")
    return study


def slugs(response) -> set[str]:
    return {case["slug"] for case in response.json()["results"]}


def test_the_study_filter_gives_each_studys_cases(client, second):
    assert slugs(client.get("/api/cases/?study=second-look")) == {
        "second-a",
        "second-b",
        "wigan-council",
    }
    first = slugs(client.get(f"/api/cases/?study={FIRST}&page_size=100"))
    assert len(first) == 10 and "second-a" not in first and "wigan-council" in first
    both = client.get(f"/api/cases/?study={FIRST}&study=second-look&page_size=100")
    assert len(slugs(both)) == 12
    assert slugs(client.get("/api/cases/?typology=hub")) == {"second-a", "wigan-council"}
    # A type of one study and another study's cases: the filters are AND.
    assert slugs(client.get(f"/api/cases/?typology=hub&study={FIRST}")) == {"wigan-council"}
    response = client.get("/api/cases/?study=no-such-study")
    assert response.status_code == 400
    assert "Unknown study “no-such-study”" in response.json()["errors"]["study"][0]


def facets(client, query: str) -> dict[str, dict[str, dict]]:
    answer = client.get(f"/api/cases/facets/?{query}").json()
    return {f["parameter"]: {v["slug"]: v for v in f["values"]} for f in answer["facets"]}


def test_facets_show_the_chosen_studys_framework_or_every_study_labelled(client, second):
    chosen = facets(client, "study=second-look")
    assert {slug: value["count"] for slug, value in chosen["typology"].items()} == {
        "hub": 2,
        "team": 1,
        "none": 0,
    }
    assert chosen["study"]["second-look"]["count"] == 3
    assert chosen["study"][FIRST]["count"] == 10  # the facet's own choice is not applied to it
    every = facets(client, "")
    assert every["typology"]["hub"]["group"] == "A second look"
    assert every["typology"]["collaborative-councils"]["group"].startswith("Are we rallying")
    assert every["typology"]["hub"]["count"] == 2
    # No study chosen: every study's types, each under its study's title, oldest study first.
    html = main(client.get("/cases/").content.decode())
    typology = html.split("Type of collaboration", 1)[1].split("</fieldset>", 1)[0]
    headings = re.findall(r'<p class="govuk-body-s facet__group">(.*?)</p>', typology)
    assert [plain(h) for h in headings] == [
        "Are we rallying together? Collaboration and public sector reform",
        "A second look",
    ]
    assert typology.index("Collaborative councils") < typology.index(">Hub")
    chosen = main(client.get("/cases/?study=second-look").content.decode())
    chosen_types = chosen.split("Type of collaboration", 1)[1].split("</fieldset>", 1)[0]
    assert "Collaborative councils" not in chosen_types and "Hub" in chosen_types


def test_a_case_two_studies_classify_shows_both_types_each_cited(client, second):
    record = client.get("/api/cases/wigan-council/").json()
    by_study = {c["study"]["slug"]: c for c in record["classifications"]}
    assert by_study[FIRST]["type"]["slug"] == "collaborative-councils"
    assert by_study[FIRST]["citation"]["source"] == "report-2019"
    assert by_study["second-look"]["type"]["slug"] == "hub"
    assert by_study["second-look"]["citation"] == {
        "source": "second-report",
        "source_url": "http://testserver/api/sources/second-report/",
        "locator": "p. 31",
        "basis": "inferred",
        "reason": "Fits the published definition.",
    }
    page = client.get("/cases/wigan-council/").content.decode()
    studies = main(page).split('id="studies"', 1)[1].split('id="facts"', 1)[0]
    first, other = studies.split('class="govuk-heading-m case-study-heading"')[1:3]
    assert "Are we rallying together?" in plain(first) and "Collaborative councils" in first
    assert "A second look" in plain(other) and ">Hub</a>" in other
    # The type's note comes first (its definition's may follow).
    first_note = notes_of(page, first.split("Accountability modes")[0])[0]
    other_note = notes_of(page, other.split("Accountability modes")[0])[0]
    assert "2019" in first_note and "Editorial inference" in first_note
    assert "The second report" in other_note and "p. 31" in other_note


def test_the_case_list_and_its_csv_name_each_studys_type(client, second):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/cases/?format=csv").content.decode())))
    wigan = next(row for row in rows if row["slug"] == "wigan-council")
    assert wigan["studies"] == f"{FIRST} | second-look"
    assert wigan["typology"] == "collaborative-councils | hub"
    assert wigan["typology_basis"] == "inferred | inferred"
    assert wigan["typology_source"] == "report-2019 | second-report"
    card = main(client.get("/cases/?study=second-look").content.decode())
    wigan_card = card.split('id="case-wigan-council"', 1)[1].split("</li>\n</ul>", 1)[0]
    assert "Collaborative councils editorial inference" in plain(wigan_card)
    assert "; Hub editorial inference" in plain(wigan_card)


def test_the_downloads_hold_every_classification_with_its_study(client, second):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download/rallying-csv.zip").getvalue()))
    name = next(n for n in archive.namelist() if n.endswith("classifications.csv"))
    rows = list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
    assert len(rows) == 10 + 3
    assert {(r["case"], r["typology"]) for r in rows if r["study"] == "second-look"} == {
        ("second-a", "hub"),
        ("second-b", "team"),
        ("wigan-council", "hub"),
    }
    studies = next(n for n in archive.namelist() if n.endswith("studies.csv"))
    counts = {
        r["slug"]: r["case_count"]
        for r in csv.DictReader(io.StringIO(archive.read(studies).decode("utf-8")))
    }
    assert counts["second-look"] == "3" and counts[FIRST] == "10"


def test_the_study_pages_count_each_studys_own_cases(client, second):
    html = main(client.get("/studies/second-look/").content.decode())
    assert 'href="/cases/?typology=hub">2<' in html
    cases = html.split('id="cases"', 1)[1]
    assert "(3)" in plain(cases.split("</h2>", 1)[0])
    # Each case with the type this study gives it (Wigan's is Hub here, not its 2019 type).
    wigan = plain(cases.split('href="/cases/wigan-council/"', 1)[1].split("</li>", 1)[0])
    assert wigan.endswith("Wigan, North West · Hub")
    typologies = main(client.get("/typologies/").content.decode())
    assert typologies.index('id="study-are-we-rallying-together"') < typologies.index(
        'id="study-second-look"'
    )


def test_a_study_with_no_cases_gives_an_empty_list_not_an_error(client, dataset):
    assert Study.objects.get(slug="rallying-together-2022")
    response = client.get("/cases/?study=rallying-together-2022")
    assert response.status_code == 200
    assert client.get("/api/cases/?study=rallying-together-2022").json()["count"] == 0
    assert client.get("/cases/?study=rallying-together-2022&view=map").status_code == 200


def test_a_draft_studys_types_and_publications_stay_hidden_beside_a_published_case(client, second):
    Study.all_objects.filter(slug="second-look").update(publication="draft")
    record = client.get("/api/cases/wigan-council/").json()
    assert [c["study"]["slug"] for c in record["classifications"]] == [FIRST]
    page = main(client.get("/cases/wigan-council/").content.decode())
    assert "A second look" not in page and ">Hub</a>" not in page
    compared = client.get("/cases/compare/?case=wigan-council&case=kibble").content.decode()
    assert "Hub" not in main(compared)
    assert "second-report" not in client.get("/api/sources/").content.decode()
    assert "The second report" not in client.get("/sources/").content.decode()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/cases/?format=csv").content.decode())))
    assert next(r for r in rows if r["slug"] == "wigan-council")["typology"] == (
        "collaborative-councils"
    )
