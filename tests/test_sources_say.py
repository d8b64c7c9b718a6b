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

from cases.models import Basis, Case, CaseFieldCitation, Cited, Source
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
    """(what, basis, reason) for every citation: each cited row, and each case's typology."""
    for model in cited_models():
        for row in model.objects.all():
            yield f"{model.__name__} {row}", row.basis, row.basis_reason
    for case in Case.objects.exclude(typology_basis=""):
        yield f"typology of {case.slug}", case.typology_basis, case.typology_reason


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
    assert Case.objects.exclude(typology_basis="").exists()


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
