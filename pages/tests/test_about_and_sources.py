"""The sources page (/sources/) and the about page (/about/)."""

import re

import pytest
from django.urls import reverse

from cases.models import (
    AccountabilityMode,
    Case,
    CaseAccountability,
    CaseFieldCitation,
    CasePolicyArea,
    Classification,
    Source,
    SourceOrigin,
    Study,
    Typology,
)
from findings.models import CaseFinding, Finding, Quotation
from tests.factories import make_case, make_source

# Every kind of fact that cites a source: (model, its foreign key to Source, its link to a case).
CITING = [
    (Classification, "source", "case_id"),
    (CaseFieldCitation, "source", "case_id"),
    (CaseAccountability, "source", "case_id"),
    (CasePolicyArea, "source", "case_id"),
    (CaseFinding, "source", "case_id"),
    (Quotation, "source", "case_id"),
    (Typology, "source", None),
    (AccountabilityMode, "source", None),
    (Finding, "source", None),
    (Study, "source", None),
]


def get_page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def source_entries(html: str) -> dict[str, str]:
    """Each source's entry on /sources/, by key, in page order."""
    parts = re.split(r'<li class="source" id="source-([a-z0-9-]+)">', html)[1:]
    return {
        key: body.split("</li>", 1)[0] for key, body in zip(parts[::2], parts[1::2], strict=True)
    }


def test_lists_the_studys_publications_first_then_outside_sources(client, dataset):
    keys = list(source_entries(get_page(client, "cases:source-list")))
    assert keys[:2] == ["briefing-2018", "report-2019"]
    # Then the team's related publications, which are not the study, then outside pages.
    assert set(keys[2:4]) == {"article-2022", "esade-2019"}
    assert set(keys[4:]) == set(
        Source.objects.filter(origin=SourceOrigin.EXTERNAL).values_list("key", flat=True)
    )
    assert len(keys) == Source.objects.count() == 28


def test_every_source_has_the_anchor_that_citations_link_to(client, dataset):
    html = get_page(client, "cases:source-list")
    for key in Source.objects.values_list("key", flat=True):
        assert html.count(f'id="source-{key}"') == 1


def test_outside_sources_are_marked_as_context_only(client, dataset):
    entries = source_entries(get_page(client, "cases:source-list"))
    for source in Source.objects.all():
        marked = "Outside source — context only" in entries[source.key]
        assert marked == (source.origin == SourceOrigin.EXTERNAL), source.key


def test_shows_each_sources_bibliographic_details(client, dataset):
    entries = source_entries(get_page(client, "cases:source-list"))
    report = entries["report-2019"]
    for text in (
        "Are we rallying together? Collaboration and public sector reform",
        "Report",
        "Jo Blundell, Franziska Rosenbach, Tanyah Hameed, Clare FitzGerald",
        "Government Outcomes Lab, Blavatnik School of Government, University of Oxford",
        "March 2019",
        'href="https://golab.bsg.ox.ac.uk/about/public-service-partnerships/about-future-state/">',
        "The part of the report we could read, its landing page, does not say which type each place "
        "belongs to.",
    ):
        assert text in report
    assert (
        'href="https://doi.org/10.1080/09540962.2021.1981628">10.1080/09540962.2021.1981628</a>'
        in (entries["article-2022"])
    )
    assert "November 2018" in entries["briefing-2018"]
    assert "Not dated" in entries["ext-kibble-our-approach"]


def test_each_sources_facts_are_a_list_of_labelled_values_with_dates_as_month_and_year(
    client, dataset
):
    entries = source_entries(get_page(client, "cases:source-list"))
    facts = dict(
        re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", entries["report-2019"], re.DOTALL)
    )
    assert list(facts)[:4] == ["Kind", "Authors", "Publisher", "Date"]
    assert facts["Date"] == "March 2019"
    assert facts["Kind"] == "Report, a publication of the study"


def expected_use(source: Source) -> tuple[int, int]:
    """Facts citing the source and the cases they are about, counted row by row."""
    facts, cases = 0, set()
    for model, source_field, case_field in CITING:
        rows = model.objects.filter(**{source_field: source})
        facts += rows.count()
        if case_field:
            cases.update(rows.values_list(case_field, flat=True))
    return facts, len(cases)


def test_counts_the_facts_and_cases_that_cite_each_source(client, dataset):
    entries = source_entries(get_page(client, "cases:source-list"))
    for source in Source.objects.all():
        facts, cases = expected_use(source)
        if facts:
            assert f"{facts} fact{'s' if facts != 1 else ''}, " in entries[source.key], source.key
        if cases:
            assert f"about {cases} case{'s' if cases != 1 else ''}<" in entries[source.key]
    assert "about 10 cases" in entries["briefing-2018"]  # the briefing lists all ten places
    # Only the second study's summary rests on the journal article.
    assert "1 fact, none of them about a particular case" in entries["article-2022"]


def test_a_new_citation_changes_the_count(client, dataset):
    source = make_source(key="new-source", origin=SourceOrigin.EXTERNAL)
    case = Case.objects.get(slug="kibble")
    CaseFieldCitation.objects.create(case=case, field_name="started", source=source)
    CaseFieldCitation.objects.create(case=case, field_name="description", source=source)
    entry = source_entries(get_page(client, "cases:source-list"))["new-source"]
    assert "2 facts, about 1 case<" in entry


def add_cited_cases(total: int) -> None:
    source = Source.objects.get(key="briefing-2018")
    for _ in range(total - Case.objects.count()):
        case = make_case(sector=Case.objects.first().sector, region=Case.objects.first().region)
        CaseFieldCitation.objects.create(case=case, field_name="listing", source=source)
    assert Case.objects.count() == total


@pytest.mark.parametrize("n_cases", [10, 200])
def test_sources_page_runs_one_query_for_any_number_of_cases(
    client, dataset, n_cases, django_assert_max_num_queries
):
    add_cited_cases(n_cases)
    # 1 query: the sources with their counts as correlated subqueries.
    with django_assert_max_num_queries(2):  # the revision (edge), the sources
        html = get_page(client, "cases:source-list")
    assert f"about {n_cases} cases" in source_entries(html)["briefing-2018"]


def test_about_explains_method_provenance_citing_licence_and_corrections(client, dataset):
    html = get_page(client, "pages:about")
    for section in ("method", "provenance", "citing", "licence", "corrections"):
        assert re.search(rf'<section class="[^"]*" id="{section}"', html)
    for text in (
        "Government Outcomes Lab",
        "a senior manager from each of ten places",
        "four local authorities and six charities",
        "Stated or inferred: one rule.",
        "Outside sources are context, not the study.",
        "Unknown is a valid state.",
        "Our own words, and the sources’ own words.",
        "Cite this case",
        "BibTeX",
        "RIS",
        "CSL-JSON",
        "a filtered list of cases",
        'href="/releases/"',
        "CC BY 4.0",
        "Quotations and the texts of the sources remain their authors’ and publishers’",
        "Natural Earth",
        "public domain",
    ):
        assert text in html, text
    for key in ("briefing-2018", "report-2019", "article-2022"):
        assert f'href="/sources/#source-{key}"' in html


def test_about_gives_references_for_the_study_from_the_database(client, dataset):
    html = get_page(client, "pages:about")
    assert (
        "Jo Blundell, Franziska Rosenbach, Tanyah Hameed, Clare FitzGerald (March 2019). "
        "<cite>Are we rallying together? Collaboration and public sector reform</cite>."
    ) in html
    # The 2022 article is a related publication by the team, not the study: not cited as it.
    assert "doi:10.1080/09540962.2021.1981628" not in html


def test_corrections_go_to_the_configured_address(client, db, settings):
    settings.CORRECTIONS_EMAIL = "corrections@example.org"
    html = get_page(client, "pages:about")
    assert 'href="mailto:corrections@example.org?subject=Correction%20to%20Rallying"' in html
    for asked in ("the address of the page", "the fact that is wrong", "the page or section"):
        assert asked in html


def test_corrections_without_an_address_ask_readers_to_contact_the_editors(client, db, settings):
    settings.CORRECTIONS_EMAIL = ""
    html = get_page(client, "pages:about")
    assert "mailto:" not in html
    assert "contact the editors of the site" in html


def test_about_runs_one_query(client, dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the revision (edge), the study's publications
        get_page(client, "pages:about")


@pytest.mark.parametrize("name", ["pages:about", "cases:source-list"])
def test_pages_load_nothing_from_another_host(client, dataset, name):
    html = get_page(client, name)
    assert not re.search(
        r'<(?:link|script|img|iframe|source)[^>]+(?:src|href)="(?:https?:)?//', html
    )
    assert "css/pages.css" in html


def test_pages_work_on_an_empty_database(client, db):
    assert "No publication of the study is recorded yet." in get_page(client, "cases:source-list")
    assert "listed on the <a" in get_page(client, "pages:about")
