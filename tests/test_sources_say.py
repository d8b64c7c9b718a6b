"""What the sources say, kept apart from what the editors read into them (issue 11).

One rule for every citation: *stated* means the source says it in so many words; any step of
reading is *inferred*, and an inference says what that step was. A claim that a source does not say
something is safe only about text that was read. Of the 2019 report only its landing page was read,
so such a claim must say that it is about the part we could read.
"""

import re

import pytest
from django.apps import apps
from django.db import models
from django.utils.html import escape

from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    CaseFieldCitation,
    Cited,
    CitedField,
    Source,
    SourceOrigin,
    Status,
    Typology,
)
from cases.tests.page_notes import fact, main, notes_of
from findings.models import Finding

pytestmark = pytest.mark.usefixtures("dataset")

DATASET_APPS = ("cases", "findings")

# "does not say", "do not say", "did not say" and their contractions.
ABSENCE = re.compile(r"\b(?:does|do|did)\s+not\s+say\b|\b(?:doesn|don|didn)[’']t\s+say\b", re.I)
# "… we could read …", or "the part … read" (e.g. "the part of the report that was read").
QUALIFIED = re.compile(r"\bwe could read\b|\bthe part\b.*\bread\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def cited_models() -> list[type]:
    return [model for model in apps.get_models() if issubclass(model, Cited)]


def citations():
    """(what, basis, reason) for every citation: each cited row (a case's type by a study too)."""
    for model in cited_models():
        for row in model.objects.all():
            yield f"{model.__name__} {row}", row.basis, row.basis_reason


def dataset_texts():
    """(where, text) for every free-text value of every row in the dataset."""
    for model in apps.get_models():
        if model._meta.app_label not in DATASET_APPS:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for row in model.objects.all():
            for name in fields:
                if text := getattr(row, name):
                    yield f"{model.__name__} “{row}” {name}", text


def test_the_rules_cover_every_kind_of_citation():
    names = {model.__name__ for model in cited_models()}
    assert {
        "CaseFieldCitation",
        "Classification",
        "CaseAccountability",
        "CasePolicyArea",
        "CaseFinding",
        "Finding",
        "Typology",
        "AccountabilityMode",
        "Quotation",
    } <= names
    for model in cited_models():
        assert model.objects.exists(), f"no {model.__name__} rows: the rules would check nothing"


def test_every_inferred_citation_says_what_step_of_reading_was_taken():
    missing = [
        what
        for what, basis, reason in citations()
        if basis == Basis.INFERRED and not reason.strip()
    ]
    assert not missing, missing


def test_a_stated_citation_carries_no_reason():
    # A reason is the step of reading; a fact the source says in so many words has none.
    with_reason = [
        what for what, basis, reason in citations() if basis == Basis.STATED and reason.strip()
    ]
    assert not with_reason, with_reason


def test_no_text_says_a_source_is_silent_except_about_the_part_we_could_read():
    texts = list(dataset_texts())
    assert len(texts) > 200  # the rule reads the whole dataset, not a few fields
    unqualified = [
        f"{where}: {sentence}"
        for where, text in texts
        for sentence in SENTENCE_END.split(text)
        if ABSENCE.search(sentence) and not QUALIFIED.search(sentence)
    ]
    assert not unqualified, "\n".join(unqualified)


def test_the_reports_source_note_is_about_the_part_we_could_read():
    note = Source.objects.get(key="report-2019").note
    absences = [s for s in SENTENCE_END.split(note) if ABSENCE.search(s)]
    assert absences and all(QUALIFIED.search(sentence) for sentence in absences)


def test_partnership_not_competition_keeps_the_briefings_attribution_and_wording():
    # The briefing: "Our interviewees described a diminishing appetite … for entering into
    # commercially aggressive contracts with large organisations …".
    summary = Finding.objects.get(slug="partnership-not-competition").summary
    assert re.search(r"\binterviewees?\b", summary, re.I), summary
    assert "outside firms" not in summary.lower()
    assert "large organisations" in summary


def test_permanence_read_from_a_programmes_length_is_judged_alike_for_every_case():
    # "A five-year programme" (Ignite) and "funded for up to eight years" (Golden Key) are both
    # read as time-limited: neither source says "time-limited".
    bases = {
        citation.case.slug: citation.basis
        for citation in CaseFieldCitation.objects.filter(field_name="permanence").select_related(
            "case"
        )
    }
    assert {"ignite", "golden-key"} <= bases.keys()
    assert set(bases.values()) == {Basis.INFERRED}, bases


def test_lead_organisations_read_from_the_briefing_are_judged_alike():
    # The briefing names no lead for these three: Plymouth's Director of Public Health "brought together"
    # the partners, Wirral's managers are quoted, the Richmond Group is in brackets in the table.
    citations = CaseFieldCitation.objects.filter(
        field_name="lead_organisation",
        source__key="briefing-2018",
        case__slug__in=["plymouth-public-health", "wirral-council", "doing-the-right-thing"],
    )
    bases = {citation.case.slug: citation.basis for citation in citations}
    assert bases == dict.fromkeys(
        ["plymouth-public-health", "wirral-council", "doing-the-right-thing"], Basis.INFERRED
    )


# -- What the study defines is quoted; what we explain is labelled ours (defect 2) -------------


def published_values():
    return [*Typology.objects.select_related("source"), *AccountabilityMode.objects.all()]


def test_every_published_definition_is_the_sources_words_with_a_study_citation():
    for value in published_values():
        assert value.source_wording, f"{value}: no quotation of the study's definition"
        # The quotation is what the citation supports, word for word.
        assert value.basis == Basis.STATED, value
        assert value.source.origin == SourceOrigin.STUDY, value


@pytest.mark.parametrize("url", ["/typologies/", "/accountability/", "/"])
def test_pages_quote_the_study_and_label_our_explanation(client, url):
    html = client.get(url).content.decode()
    for value in published_values():
        if url != "/" and not value.get_absolute_url().startswith(url):
            continue
        assert f"<q>{escape(value.source_wording)}</q>" in html, value
        # Our explanation is never shown as the source's wording: it follows its own label.
        assert (
            f'<strong class="govuk-tag govuk-tag--grey">Our explanation</strong> {escape(value.definition)}'
            in html
        )


def test_a_type_page_leads_with_the_study_words(client):
    html = client.get("/typologies/collaborative-councils/").content.decode()
    assert "<q>they are broad programmes of change</q>" in html
    # Our wording appears only after its label, never where the study's words are.
    assert "wide-ranging programmes of change" not in html.split("Our explanation")[0]
    assert "In the study’s words: “they are broad programmes of change”" in html


def test_the_api_gives_the_studys_words_apart_from_the_definition(client):
    body = client.get("/api/typologies/collaborative-councils/").json()
    assert body["source_wording"] == "they are broad programmes of change"
    assert body["citation"]["basis"] == "stated"


# -- Every summary is cited, and outside material is marked (defect 3) --------------------------


def test_every_cases_summary_has_a_citation():
    cited = set(
        CaseFieldCitation.objects.filter(field_name=CitedField.SUMMARY).values_list(
            "case__slug", flat=True
        )
    )
    assert cited == set(Case.objects.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "slug", ["ignite", "golden-key", "young-harrow-foundation", "doing-the-right-thing"]
)
def test_a_summary_from_an_outside_source_is_marked_on_the_case_page(client, slug):
    html = main(client.get(f"/cases/{slug}/").content.decode())
    summary = html.split('class="govuk-body-l')[1].split("</p>")[0]
    cited = notes_of(html, summary)
    assert cited and all("(an outside source)" in note for note in cited), cited


def test_the_api_cites_the_summary(client):
    record = client.get("/api/cases/ignite/").json()
    sources = {c["citation"]["source"] for c in record["fact_citations"] if c["fact"] == "summary"}
    assert sources == {"ext-grapevine-ignite", "ext-coventry-council-ignite"}


# -- Facts that sources dispute, and where each collaboration stands now -----------------------


def test_a_known_status_has_an_as_of_date_and_a_citation_and_an_unknown_one_has_neither():
    cited = set(
        CaseFieldCitation.objects.filter(field_name=CitedField.STATUS).values_list(
            "case__slug", flat=True
        )
    )
    for case in Case.objects.all():
        if case.status == Status.NOT_KNOWN:
            assert case.status_year is None and case.slug not in cited, case
        else:
            assert case.status_year and case.slug in cited, case


def test_the_case_page_shows_the_latest_known_status_with_its_date_and_source(client):
    html = client.get("/cases/wigan-council/").content.decode()
    status = fact(html, "Latest known status")
    assert "Succeeded by another programme" in status
    assert "as of April 2025" in status
    assert any(
        "Collaborate CIC: People, purpose and power for a new era" in note
        for note in notes_of(html, status)
    )
    assert "Not known" in fact(client.get("/cases/kibble/").content.decode(), "Latest known status")


def test_a_disputed_fact_shows_every_value_with_its_source_and_picks_none_silently(client):
    html = client.get("/cases/wigan-council/").content.decode()
    started = fact(html, "Year started")
    assert "Sources differ" in started
    values = re.findall(r"<li>(.*?)</li>", started, re.S)
    for value, source in (
        ("2013", "Wigan Today"),
        ("2014", "Centre for Public Impact case study: The Wigan Deal"),
        ("2011 onwards", "LGC Idea Exchange"),
    ):
        item = next(item for item in values if f"<strong>{value}</strong>" in item)
        assert any(source in note for note in notes_of(html, item)), value
    length = fact(client.get("/cases/ignite/").content.decode(), "Planned length")
    assert "Sources differ" in length
    assert (
        "<strong>five years</strong>" in length
        and "<strong>four years, from 2015</strong>" in length
    )


def test_the_api_and_the_csv_carry_the_status_and_every_disputed_value(client):
    record = client.get("/api/cases/wigan-council/").json()
    assert record["status"] == {
        "value": "succeeded",
        "label": "Succeeded by another programme",
        "as_of": "2025-04",
        "note": record["status"]["note"],
    }
    assert record["disputed_facts"] == ["started"]
    given = {c["value"] for c in record["fact_citations"] if c["fact"] == "started"}
    assert given == {"", "2014", "2011 onwards"}
    listed = client.get("/api/cases/", {"status": "succeeded"}).json()
    assert {c["slug"] for c in listed["results"]} == {"wigan-council", "oldham-council"}
    csv_text = client.get("/api/cases/wigan-council/", {"format": "csv"}).content.decode()
    assert "started: 2013 [ext-wigan-today-deal]" in csv_text
    assert "2014 [ext-cpi-wigan-deal]" in csv_text


def test_status_is_a_filter_with_counts_on_the_case_list(client):
    facets = client.get("/api/cases/facets/").json()["facets"]
    status = next(group for group in facets if group["parameter"] == "status")
    counts = {value["slug"]: value["count"] for value in status["values"]}
    assert counts == {"active": 3, "succeeded": 2, "ended": 3, "not-known": 2}
    html = client.get("/cases/", {"status": "not-known"}).content.decode()
    assert "Kibble" in html and "Doing the Right Thing" in html and "Wigan Council" not in html


def test_related_publications_are_marked_as_not_the_study(client):
    for key in ("article-2022", "esade-2019"):
        assert Source.objects.get(key=key).origin == SourceOrigin.RELATED
    html = client.get("/sources/").content.decode()
    related = html.split('id="related-sources"')[1].split("</section>")[0]
    assert "Collaboration as public service reform?" in related
    assert "Rallying together" in related


def test_the_case_list_marks_summaries_from_outside_sources(client):
    html = client.get("/cases/").content.decode()

    def card(slug):
        return html.split(f'id="case-{slug}"')[1].split('class="card"')[0]

    mark = "summary from an outside source"
    assert mark in card("ignite") and mark in card("young-harrow-foundation")
    assert mark not in card("wigan-council") and mark not in card("kibble")


def test_every_citation_of_a_source_outside_the_study_is_marked_where_it_is_shown(client):
    not_study = dict(Source.objects.exclude(origin=SourceOrigin.STUDY).values_list("key", "origin"))
    marks = {
        SourceOrigin.EXTERNAL: "(an outside source)",
        SourceOrigin.RELATED: "(a related publication, not the study)",
    }
    pages = [f"/cases/{slug}/" for slug in Case.objects.values_list("slug", flat=True)]
    shown = 0
    for url in [*pages, "/", "/typologies/", "/accountability/", "/findings/"]:
        html = client.get(url).content.decode()
        for note in re.findall(r'<li id="note-\d+">(.*?)</li>', html, re.S):
            key = re.search(r"#source-([\w-]+)", note).group(1)
            if key in not_study:
                shown += 1
                assert marks[not_study[key]] in note, (url, key)
    assert shown > 20  # the rule was exercised on the outside sources the case pages cite


def test_case_pages_claim_no_silence_beyond_what_we_could_read(client):
    silent = re.compile(
        r"\bNo source\b(?! we could read)|\bsources do not\b|\bpublished in the sources\b", re.I
    )
    for slug in Case.objects.values_list("slug", flat=True):
        html = client.get(f"/cases/{slug}/").content.decode()
        assert not silent.search(html), slug
    kibble = client.get("/cases/kibble/").content.decode()
    assert "nothing we could read of its sources gives it a type" in kibble
    region = fact(kibble, "Region")
    assert "Scotland</a>, Scotland" not in region
