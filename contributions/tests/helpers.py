"""Shared by the contributions tests: hostile text, and a valid post for each form."""

from contributions.models import Kind, Suggestion
from tests.factories import make_case, make_sector

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT} {IMG}"


def case_post(in_sector=None, **overrides) -> dict:
    sector = in_sector or make_sector()
    return {
        "name": "Northtown Together",
        "place": "Northtown",
        "sector": str(sector.pk),
        "description": "The council and two charities share one team for families.",
        "sources": "https://example.org/northtown\nSmith (2021), Working together, p. 4",
        "study": "",
        "contact_email": "",
        "website": "",
        **overrides,
    }


def correction_post(for_case=None, **overrides) -> dict:
    case = for_case or make_case()
    return {
        "case": case.slug,
        "field": "started",
        "proposed_value": "2016",
        "sources": "https://example.org/annual-report, page 3",
        "contact_email": "",
        "website": "",
        **overrides,
    }


def make_suggestion(**overrides) -> Suggestion:
    """A stored case suggestion (or a correction, with kind=Kind.CORRECTION and its fields)."""
    fields = {
        "reference": overrides.pop("reference", None) or f"T{Suggestion.objects.count():07d}",
        "kind": Kind.CASE,
        "name": "Northtown Together",
        "place": "Northtown",
        "description": "The council and two charities share one team for families.",
        "sources": "https://example.org/northtown",
    }
    if overrides.get("kind", Kind.CASE) == Kind.CASE and "sector" not in overrides:
        fields["sector"] = make_sector()
    return Suggestion.objects.create(**{**fields, **overrides})


def make_correction(case=None, **overrides) -> Suggestion:
    case = case or make_case()
    fields = {
        "kind": Kind.CORRECTION,
        "name": "",
        "place": "",
        "description": "",
        "case": case,
        "case_slug": case.slug,
        "case_name": case.name,
        "field": "started",
        "current_value": "Not known",
        "proposed_value": "2016",
        "sources": "https://example.org/annual-report, page 3",
    }
    return make_suggestion(**{**fields, **overrides})
