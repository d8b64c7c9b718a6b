"""Quiet sourcing on the case page: a number beside each fact leads to one note, at the foot of
the page, that names the source and the place in it; inferences keep their mark and the legend
explains it once."""

import re

import pytest
from django.urls import reverse

from cases.models import Basis, CaseFieldCitation, Source
from cases.tests.page_notes import fact, main, notes, notes_of, numbers, plain
from tests.factories import make_case, make_source


def case_page(client, slug: str) -> str:
    response = client.get(reverse("cases:detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def citation(slug: str, fact_name: str, source_key: str = "") -> CaseFieldCitation:
    rows = CaseFieldCitation.objects.select_related("source").filter(
        case__slug=slug, field_name=fact_name
    )
    return rows.get(source__key=source_key) if source_key else rows.get()


def test_the_number_beside_a_fact_leads_to_a_note_naming_its_source_and_place(client, dataset):
    page = case_page(client, "wigan-council")
    cited = citation("wigan-council", "initiative_name")
    [note] = notes_of(page, fact(page, "Initiative"))
    assert note.startswith(cited.source.title)
    assert plain(cited.locator) in note
    assert "November 2018" in note  # the source's date, in words


def test_a_source_cited_at_one_place_by_several_facts_is_one_note(client, dataset):
    page = case_page(client, "wigan-council")
    lead, initiative = (
        citation("wigan-council", "lead_organisation"),
        citation("wigan-council", "initiative_name"),
    )
    assert (lead.source, lead.locator) == (initiative.source, initiative.locator)
    assert numbers(fact(page, "Lead organisation")) == numbers(fact(page, "Initiative"))
    # Every note is a different source or place: none repeats another.
    listed = list(notes(page).values())
    assert len(listed) == len(set(listed))
    assert list(notes(page)) == list(range(1, len(listed) + 1))  # numbered in page order


def test_an_inference_keeps_its_mark_beside_the_fact_and_its_reasoning_in_the_note(client, dataset):
    page = case_page(client, "wigan-council")
    region = fact(page, "Region")
    assert "editorial inference" in region and 'href="#inferred-legend"' in region
    [note] = notes_of(page, region)
    assert note.startswith("Editorial inference:")
    assert "Are we Rallying Together? Reflecting on our early findings" in note
    # A stated fact carries no mark.
    assert "editorial inference" not in fact(page, "Initiative")


def test_the_legend_is_given_once_and_only_on_a_page_with_an_inference(client, db):
    source = make_source(title="A council report")
    stated = make_case()
    stated.field_citations.create(field_name="listing", source=source, locator="page 4")
    page = case_page(client, stated.slug)
    assert notes_of(page, fact(page, "Sector")) == ["A council report, 2019, page 4."]
    assert "inferred-legend" not in page and "editorial inference</a>" not in page

    stated.field_citations.create(
        field_name="region",
        source=source,
        locator="page 5",
        basis=Basis.INFERRED,
        basis_reason="The report names the town.",
    )
    page = case_page(client, stated.slug)
    assert page.count('id="inferred-legend"') == 1
    assert page.count('href="#inferred-legend"') == 1


@pytest.mark.parametrize(
    "slug", ["ignite", "golden-key", "young-harrow-foundation", "doing-the-right-thing"]
)
def test_a_summary_from_an_outside_source_says_so_in_its_note(client, dataset, slug):
    page = case_page(client, slug)
    summary = re.search(r'<p class="govuk-body-l">(.*?)</p>', page, re.S).group(1)
    summary_notes = notes_of(page, summary)
    assert summary_notes and all("(an outside source)" in note for note in summary_notes)


def test_every_note_of_a_source_outside_the_study_is_marked(client, dataset):
    marks = {"external": "(an outside source)", "related": "(a related publication, not the study)"}
    origin = dict(Source.objects.values_list("title", "origin"))
    seen = 0
    for slug in ("wigan-council", "ignite", "golden-key", "kibble"):
        for note in notes(case_page(client, slug)).values():
            title = next(t for t in origin if t in note)
            if origin[title] in marks:
                seen += 1
                assert marks[origin[title]] in note, note
            else:
                assert "(an outside source)" not in note
    assert seen > 5


def test_the_latest_status_gives_its_date_and_its_sources_notes(client, dataset):
    page = case_page(client, "wigan-council")
    status = fact(page, "Latest known status")
    assert "Succeeded by another programme" in status and "as of April 2025" in status
    cited = notes_of(page, status)
    assert any(note.startswith("Collaborate CIC: People, purpose and power") for note in cited)
    assert "Not known" in fact(case_page(client, "kibble"), "Latest known status")


def test_a_disputed_fact_gives_each_value_its_own_note(client, dataset):
    page = case_page(client, "wigan-council")
    started = fact(page, "Year started")
    assert "Sources differ" in started
    values = re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", started, re.S)
    given = {value: notes_of(page, refs) for value, refs in values}
    assert list(given) == ["2013", "2014", "2011 onwards"]
    for value, key in (
        ("2013", "ext-wigan-today-deal"),
        ("2014", "ext-cpi-wigan-deal"),
        ("2011 onwards", "ext-lgc-wigan-deal"),
    ):
        [note] = given[value]
        assert Source.objects.get(key=key).title in note, value


def test_the_page_has_one_sources_list_at_its_end(client, dataset):
    page = case_page(client, "golden-key")
    assert page.count("Sources of the facts on this page") == 1
    assert 'id="sources"' not in page and "Supports:" not in page
    # The notes come after everything the page says about the case, the aside included.
    assert page.index("Similar cases") < page.index('id="page-notes-heading"')


def test_dates_read_as_day_month_year_and_month_year(client, dataset):
    page = main(case_page(client, "wigan-council"))
    # The BibTeX and RIS shown in full keep their own machine-readable dates.
    text = plain(re.sub(r"<pre .*?</pre>", "", page, flags=re.S))
    assert re.search(r"Last updated \d{1,2} [A-Z][a-z]+ \d{4} ·", text)
    assert "as of April 2025" in text
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", text)  # no ISO dates shown to a reader
