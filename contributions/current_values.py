"""A case's fact as its page shows it, in plain words: kept with a correction as "the current
value", so the editor sees what the reader saw beside what the reader proposes."""

from cases.models import Case, CitedField, Permanence, Status

NOT_KNOWN = "Not known"


def _listing(case: Case) -> str:
    return f"{case.name}; {case.sector.name}; {case.place_label}"


def _region(case: Case) -> str:
    region, nation = case.region.name, case.region.nation.name
    return region if region == nation else f"{region}, {nation}"


def _coordinates(case: Case) -> str:
    if case.latitude is None:
        return NOT_KNOWN
    return f"{case.latitude:f}, {case.longitude:f}"


def _status(case: Case) -> str:
    if case.status == Status.NOT_KNOWN:
        return NOT_KNOWN
    note = f". {case.status_note}" if case.status_note else ""
    return f"{case.get_status_display()}, as of {case.status_as_of}{note}"


def _planned_length(case: Case) -> str:
    lengths = case.field_citations.filter(field_name=CitedField.PLANNED_LENGTH)
    return "; ".join(value for value in lengths.values_list("value", flat=True) if value)


VALUES = {
    CitedField.LISTING: _listing,
    CitedField.REGION: _region,
    CitedField.COORDINATES: _coordinates,
    CitedField.LEAD_ORGANISATION: lambda case: case.lead_organisation,
    CitedField.INITIATIVE_NAME: lambda case: case.initiative_name,
    CitedField.FUNDING_MODEL: lambda case: case.funding_model.name if case.funding_model else "",
    CitedField.STARTED: lambda case: str(case.started or ""),
    CitedField.PERMANENCE: lambda case: (
        "" if case.permanence == Permanence.UNKNOWN else case.get_permanence_display()
    ),
    CitedField.DESCRIPTION: lambda case: case.description,
    CitedField.SUMMARY: lambda case: case.summary,
    CitedField.STATUS: _status,
    CitedField.PLANNED_LENGTH: _planned_length,
    "typology": lambda case: "; ".join(
        f"{name} (in {study})"
        for name, study in case.classifications.filter(typology__isnull=False).values_list(
            "typology__name", "study__title"
        )
    ),
    "accountability": lambda case: "; ".join(
        case.accountability_links.values_list("mode__name", flat=True)
    ),
    "policy_areas": lambda case: "; ".join(
        case.policy_area_links.values_list("policy_area__name", flat=True)
    ),
}


def current_value(case: Case, field: str) -> str:
    """The fact as the case page shows it ("Not known" when it has none; for the type, each
    study's with the study named); "" for "something else". Queries: none for the case's own
    fields (with `for_correction`'s joins), one for a fact held in links."""
    reader = VALUES.get(field)
    if reader is None:
        return ""
    return reader(case) or NOT_KNOWN


def for_correction():
    """Published cases with what `current_value` reads joined."""
    return Case.objects.select_related("sector", "region__nation", "funding_model")
