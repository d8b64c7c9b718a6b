"""Rows for behaviour tests: sensible defaults, unique slugs, any field overridable."""

from decimal import Decimal
from itertools import count

from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    Classification,
    Nation,
    Region,
    Sector,
    Source,
    SourceKind,
    Study,
    StudyKind,
    Typology,
)
from findings.models import Finding, FindingKind, Quotation

_serial = count(1)


def _next() -> int:
    return next(_serial)


def make_source(**overrides) -> Source:
    n = _next()
    fields = {"key": f"source-{n}", "title": f"Source {n}", "kind": SourceKind.REPORT, "year": 2019}
    return Source.objects.create(**{**fields, **overrides})


def make_study(**overrides) -> Study:
    n = _next()
    fields = {
        "slug": f"study-{n}",
        "title": f"Study {n}",
        "year": 2020,
        "kind": StudyKind.REPORT,
        "summary": "What the study looked at, in our words.",
    }
    if "source" not in overrides:
        fields["source"] = make_source()
    return Study.objects.create(**{**fields, **overrides})


def make_sector(**overrides) -> Sector:
    n = _next()
    return Sector.objects.create(**{"slug": f"sector-{n}", "name": f"Sector {n}", **overrides})


def make_region(**overrides) -> Region:
    n = _next()
    if "nation" not in overrides:
        overrides["nation"] = Nation.objects.create(slug=f"nation-{n}", name=f"Nation {n}")
    return Region.objects.create(**{"slug": f"region-{n}", "name": f"Region {n}", **overrides})


def make_typology(**overrides) -> Typology:
    n = _next()
    fields = {"slug": f"type-{n}", "name": f"Type {n}", "order": n}
    if "source" not in overrides:
        fields["source"] = make_source()
    if "study" not in overrides:
        fields["study"] = make_study(source=fields.get("source") or overrides["source"])
    return Typology.objects.create(**{**fields, **overrides})


def make_mode(**overrides) -> AccountabilityMode:
    n = _next()
    fields = {"slug": f"mode-{n}", "name": f"Mode {n}", "order": n}
    if "source" not in overrides:
        fields["source"] = make_source()
    if "study" not in overrides:
        fields["study"] = make_study(source=fields.get("source") or overrides["source"])
    return AccountabilityMode.objects.create(**{**fields, **overrides})


def make_case(**overrides) -> Case:
    n = _next()
    fields = {
        "slug": f"case-{n}",
        "name": f"Case {n}",
        "place_label": f"Place {n}",
        "summary": "A collaboration between a council and local charities.",
        "latitude": Decimal("51.5"),
        "longitude": Decimal("-0.1"),
    }
    if "sector" not in overrides:
        fields["sector"] = make_sector()
    if "region" not in overrides:
        fields["region"] = make_region()
    return Case.objects.create(**{**fields, **overrides})


def classify(case: Case, typology: Typology, **citation) -> Case:
    """Give a case a type in its typology's study, with an inferred citation (as the first
    study's cases have); replaces the type that study gave before."""
    basis = citation.get("basis", Basis.INFERRED)
    Classification.objects.update_or_create(
        case=case,
        study=typology.study,
        defaults={
            "typology": typology,
            "source": citation.get("source") or typology.source,
            "locator": citation.get("locator", ""),
            "basis": basis,
            "basis_reason": citation.get("reason", "Fits the published definition.")
            if basis == Basis.INFERRED
            else "",
        },
    )
    return case


def include(case: Case, study: Study, **citation) -> Case:
    """Record that a study looked at a case without typing it."""
    Classification.objects.update_or_create(
        case=case, study=study, defaults={"typology": None, "source": study.source, **citation}
    )
    return case


def make_finding(**overrides) -> Finding:
    n = _next()
    fields = {
        "slug": f"finding-{n}",
        "kind": FindingKind.THEME,
        "title": f"Finding {n}",
        "summary": "What the study concluded.",
    }
    if "source" not in overrides:
        fields["source"] = make_source()
    if "study" not in overrides:
        fields["study"] = make_study(source=fields.get("source") or overrides["source"])
    return Finding.objects.create(**{**fields, **overrides})


def make_quotation(**overrides) -> Quotation:
    n = _next()
    fields = {
        "slug": f"quotation-{n}",
        "text": "We work around joint outcomes.",
        "speaker_role": "Manager",
    }
    if "case" not in overrides:
        fields["case"] = make_case()
    if "source" not in overrides:
        fields["source"] = make_source()
    return Quotation.objects.create(**{**fields, **overrides})
