"""Studies as records: their pages, their API and what belongs to each (issue 13, part 1)."""

import re

import pytest
from rest_framework.test import APIClient

from cases.models import AccountabilityMode, Case, Source, Study, Typology
from cases.tests.page_notes import main, notes_of, plain
from findings.models import Finding
from tests.factories import classify, make_case, make_study, make_typology

FIRST = "are-we-rallying-together"
SECOND = "rallying-together-2022"


@pytest.fixture
def api():
    return APIClient()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    """The part of the page from the heading with this id to the next h2."""
    return html.split(f'id="{anchor}"', 1)[1].split("<h2", 1)[0]


def counts(fragment: str) -> dict[str, int]:
    """The figures a study's row of counts shows: label → number."""
    row = fragment.split('<dl class="study-counts">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(\d+)</dd>", row)
    return {plain(label): int(figure) for label, figure in pairs}


def study_counts(**figures) -> dict[str, int]:
    labels = ("Types", "Accountability modes", "Findings", "Cases", "Sources")
    return dict(zip(labels, figures.values(), strict=True))


def test_every_type_mode_and_finding_belongs_to_the_first_study_and_its_two_publications(dataset):
    study = Study.objects.get(slug=FIRST)
    assert (study.year, study.month, study.kind) == (2019, 3, "report")
    assert sorted(study.sources.values_list("key", flat=True)) == ["briefing-2018", "report-2019"]
    assert study.typologies.count() == Typology.objects.count() == 4
    assert study.accountability_modes.count() == AccountabilityMode.objects.count() == 5
    assert study.findings.count() == Finding.objects.count()
    # An outside source belongs to no study; the 2022 article is the second study's.
    assert not Source.objects.filter(origin="external", study__isnull=False).exists()
    assert Source.objects.get(key="article-2022").study.slug == SECOND


def test_the_second_study_is_the_2022_article_with_no_framework_and_no_cases(dataset):
    study = Study.objects.get(slug=SECOND)
    assert (study.year, study.kind, study.doi) == (2022, "article", "10.1080/09540962.2021.1981628")
    assert study.source.key == "article-2022" and study.locator == "abstract"
    assert "the part we could read" in study.summary.lower()
    assert "nine partnerships in England" in study.summary
    assert not study.typologies.exists() and not study.accountability_modes.exists()
    assert not study.findings.exists()


def test_the_studies_page_lists_each_study_with_its_counts(client, dataset):
    html = main(page(client, "/studies/"))
    first = html.split(f'id="study-{FIRST}"')[1].split("</li>")[0]
    assert "Report, March 2019" in plain(first)
    assert counts(first) == study_counts(types=4, modes=5, findings=20, cases=10, sources=2)
    second = html.split(f'id="study-{SECOND}"')[1].split("</li>")[0]
    assert "Journal article, 2022" in plain(second) and "Ruth Dixon" in plain(second)
    assert counts(second) == study_counts(types=0, modes=0, findings=0, cases=0, sources=1)
    assert f'href="/studies/{FIRST}/"' in html


def test_a_study_page_links_each_type_and_mode_to_its_page_and_its_filtered_cases(client, dataset):
    html = page(client, f"/studies/{FIRST}/")
    framework = section(html, "framework")
    for typology in Typology.objects.all():
        n = typology.classifications.count()
        assert f'href="/typologies/{typology.slug}/">{typology.name}</a>' in framework
        if n:
            assert f'href="/cases/?typology={typology.slug}">{n}<' in framework
    for mode in AccountabilityMode.objects.all():
        n = mode.case_links.count()
        assert f'href="/accountability/{mode.slug}/">{mode.name}</a>' in framework
        if n:
            assert f'href="/cases/?accountability={mode.slug}">{n}<' in framework
    assert '<a class="govuk-link" href="/cases/?typology=collaborative-councils">3<' in framework


def test_a_study_page_shows_its_findings_cases_and_publications(client, dataset):
    html = page(client, f"/studies/{FIRST}/")
    findings = section(html, "findings")
    assert findings.count('href="/findings/') == Finding.objects.count()
    cases = section(html, "cases")
    assert "(10)" in cases.split("</h2>")[0]
    for case in Case.objects.all():
        assert f'href="{case.get_absolute_url()}"' in cases
    sources = section(html, "sources")
    assert 'href="/sources/#source-report-2019"' in sources
    assert 'href="/sources/#source-briefing-2018"' in sources


def test_the_summary_carries_its_citation(client, dataset):
    html = page(client, f"/studies/{SECOND}/")
    lead = html.split('class="govuk-body-l"', 1)[1].split("</p>", 1)[0]
    (note,) = notes_of(html, lead)
    assert "New development: Rallying together" in note and note.endswith("abstract.")
    # On its own study's page, the article is that study's publication, not "not the study".
    assert "not the study" not in note


def test_a_study_with_no_cases_says_so_and_why(client, dataset):
    html = page(client, f"/studies/{SECOND}/")
    cases = plain(section(html, "cases"))
    assert "(0)" in cases
    assert "This study has no cases here." in cases
    assert "nine partnerships in England" in cases and "does not name them" in cases
    assert "the part we could read" in cases
    framework = plain(section(html, "framework"))
    assert "its categories are not in the part of it we could read" in framework
    assert "No finding of this study is recorded yet." in plain(section(html, "findings"))


def test_an_unknown_study_is_a_404(client, dataset):
    assert client.get("/studies/no-such-study/").status_code == 404


def test_a_synthetic_study_counts_only_its_own_framework_and_cases(client, dataset):
    study = make_study(slug="second-look", title="A second look")
    own_type = make_typology(study=study, slug="own-type", name="Own type")
    case = classify(make_case(name="Elsewhere partnership"), own_type)
    html = page(client, "/studies/second-look/")
    assert counts(main(html)) == study_counts(types=1, modes=0, findings=0, cases=1, sources=0)
    assert f'href="{case.get_absolute_url()}"' in section(html, "cases")
    assert 'href="/cases/?typology=own-type">1<' in section(html, "framework")
    first = page(client, "/studies/").split(f'id="study-{FIRST}"')[1].split("</li>")[0]
    # The first study's counts are unchanged.
    assert counts(first) == study_counts(types=4, modes=5, findings=20, cases=10, sources=2)


def test_the_header_links_to_the_studies(client, dataset):
    html = page(client, "/studies/")
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'href="/studies/" aria-current="page">.*?Studies', nav, re.S)


def test_the_api_lists_both_studies_with_their_framework_and_citation(api, dataset):
    body = api.get("/api/studies/").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["slug"], second["slug"]) == (FIRST, SECOND)
    assert first["url"] == f"http://testserver/api/studies/{FIRST}/"
    assert first["kind"] == "report" and (first["year"], first["month"]) == (2019, 3)
    assert [t["slug"] for t in first["typologies"]] == list(
        Typology.objects.values_list("slug", flat=True)
    )
    assert len(first["accountability_modes"]) == 5 and len(first["findings"]) == 20
    assert [s["slug"] for s in first["sources"]] == ["briefing-2018", "report-2019"]
    assert first["citation"]["source"] == "report-2019" and first["case_count"] == 10
    assert second["doi"] == "10.1080/09540962.2021.1981628" and second["case_count"] == 0
    assert second["typologies"] == [] and second["findings"] == []
    assert "nine partnerships" in second["cases_note"]
    assert api.get(f"/api/studies/{SECOND}/").json() == second


def test_types_modes_and_findings_name_their_study_in_the_api(api, dataset):
    finding = api.get("/api/findings/share-responsibility/").json()
    assert finding["study"] == FIRST
    assert {t["study"] for t in api.get("/api/typologies/").json()["results"]} == {FIRST}
    modes = api.get("/api/accountability-modes/").json()["results"]
    assert {m["study"] for m in modes} == {FIRST}


def test_the_codebook_lists_the_studies_and_names_each_types_study(api, dataset):
    codebook = api.get("/api/codebook/").json()
    assert [s["slug"] for s in codebook["studies"]] == [FIRST, SECOND]
    typology = next(d for d in codebook["dimensions"] if d["parameter"] == "typology")
    assert {v.get("study") for v in typology["values"] if v["slug"] != "none"} == {FIRST}
