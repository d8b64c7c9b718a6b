"""Cases for the pack's tests, built with the project's factories: one study whose typology,
accountability mode and finding the cases share, and cases with every fact the pack shows cited."""

from dataclasses import dataclass

from cases.models import Basis, CaseAccountability, CaseFieldCitation, Status
from findings.models import CaseFinding
from tests.factories import (
    classify,
    make_case,
    make_finding,
    make_mode,
    make_quotation,
    make_source,
    make_study,
    make_typology,
)


@dataclass
class PackStudy:
    study: object
    source: object
    typology: object
    mode: object
    finding: object


def make_pack_study() -> PackStudy:
    source = make_source(title="Rallying report", key="rallying-report", year=2019)
    made = make_study(title="The rallying study", source=source, year=2019)
    return PackStudy(
        study=made,
        source=source,
        typology=make_typology(name="Place-based partnership", study=made, source=source),
        mode=make_mode(name="Mutual accountability", study=made, source=source),
        finding=make_finding(
            title="Shared outcomes bind partners",
            summary="Partners who agree outcomes keep working together.",
            study=made,
            source=source,
            locator="p. 12",
        ),
    )


def cited_case(study: PackStudy, **fields):
    """A case with its type (inferred, with a reason), listing, region, summary and status cited,
    an accountability mode, an evidence link to the study's finding and a quotation of it."""
    case = make_case(**fields)
    classify(case, study.typology, locator="p. 7", reason="It works across a whole place.")
    for fact, locator in (("listing", "table 1"), ("region", "table 1"), ("summary", "p. 9")):
        CaseFieldCitation.objects.create(
            case=case, field_name=fact, source=study.source, locator=locator
        )
    if case.status != Status.NOT_KNOWN:
        CaseFieldCitation.objects.create(
            case=case, field_name="status", source=study.source, locator="p. 30"
        )
    CaseAccountability.objects.create(
        case=case, mode=study.mode, source=study.source, locator="p. 15", note="Joint board."
    )
    CaseFinding.objects.create(
        finding=study.finding,
        case=case,
        source=study.source,
        locator="p. 12",
        basis=Basis.STATED,
        note="Its partners signed one outcomes plan.",
    )
    quotation = make_quotation(
        case=case,
        text=f"We agreed what {case.name} should achieve … before anything else.",
        speaker_role="Chief executive",
        source=study.source,
        locator="p. 13",
    )
    quotation.findings.add(study.finding)
    return case
