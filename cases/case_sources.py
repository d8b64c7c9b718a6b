"""Gather what a case's facts cite, from a case loaded with `Case.objects.for_detail()` (no queries)."""

from collections import defaultdict
from dataclasses import dataclass, field

from cases.models import Basis, Case, Source, SourceOrigin


@dataclass
class SourceUse:
    """One source a case relies on, and where in it each fact is found."""

    source: Source
    locators: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    # Whether the source states at least one of the facts; False when the case cites it only for
    # editorial inferences (as the 2019 report is cited for most cases' inferred type).
    states_a_fact: bool = False


def cited_rows(case: Case) -> list[tuple[str, object]]:
    """Every cited fact of the case as (what it supports, row), in page order."""
    rows = [
        (f"Type of collaboration ({c.study})" if c.typology_id else f"Included in {c.study}", c)
        for c in case.classifications.all()
    ]
    rows += [(c.get_field_name_display(), c) for c in case.field_citations.all()]
    rows += [(f"Policy area: {link.policy_area}", link) for link in case.policy_area_links.all()]
    rows += [(f"Accountability: {link.mode}", link) for link in case.accountability_links.all()]
    rows += [(f"Finding: {link.finding}", link) for link in case.finding_links.all()]
    rows += [(f"Quotation: {q.speaker_role}", q) for q in case.quotations.all()]
    return rows


def sources_of(case: Case) -> list[SourceUse]:
    """The distinct sources behind a case, the study's publications first."""
    uses: dict[int, SourceUse] = {}

    def note(source, locator, fact, basis):
        use = uses.setdefault(source.pk, SourceUse(source=source))
        if locator and locator not in use.locators:
            use.locators.append(locator)
        if fact not in use.facts:
            use.facts.append(fact)
        use.states_a_fact = use.states_a_fact or basis == Basis.STATED

    for fact, row in cited_rows(case):
        note(row.source, row.locator, fact, row.basis)
    return sorted(
        uses.values(),
        key=lambda use: (
            use.source.origin != SourceOrigin.STUDY,
            -(use.source.year or 0),
            use.source.key,
        ),
    )


def field_citations_by_name(case: Case) -> dict[str, list]:
    grouped = defaultdict(list)
    for citation in case.field_citations.all():
        grouped[citation.field_name].append(citation)
    return dict(grouped)
