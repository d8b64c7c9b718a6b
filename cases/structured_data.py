"""schema.org JSON-LD for case pages, so search engines and harvesters read a case as data.

What the editors inferred is never given as plain data (issue 11). schema.org has no property for
"an editorial inference", so the mark travels with the value itself:

- a keyword (sector, type, accountability mode, policy area) is the bare name when a source
  states it, and "Name (editorial inference)" when the editors inferred it. We keep inferred
  keywords, marked, rather than leave them out: keywords are plain strings that harvesters copy
  one by one, so a mark inside the string is the only one that cannot be separated from the
  value, and leaving them out would hide the case's type (every type is inferred today);
- a node (the organisation, the place, its area, its coordinates) whose value is inferred carries
  a `description` that starts "Editorial inference:" and gives the editors' reason;
- the start year has no room for a mark (an ISO 8601 interval), so an inferred or disputed one is
  left out; the case page gives it with its reason, or every value with its source.

A fact counts as stated when at least one of its citations states the case's own value. Reads only what
`Case.objects.for_detail()` loaded: no queries.
"""

import json
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from cases.disputes import disputed_facts
from cases.models import Basis, CitedField
from cases.place_names import place_with_areas

# The characters that could end a <script> element or open a comment, escaped as JSON allows.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})

INFERENCE_MARK = "editorial inference"


def script_json(data: dict) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(SCRIPT_SAFE))


def marked_keyword(name: str, basis: str) -> str:
    """The keyword as given: bare when stated, "Name (editorial inference)" when inferred."""
    return f"{name} ({INFERENCE_MARK})" if basis == Basis.INFERRED else name


def inference_note(reason: str) -> dict:
    """The `description` that marks a node's value as the editors' inference, with their reason."""
    return {"description": f"Editorial inference: {reason}".strip()}


def inferred_fields(case) -> dict[str, str]:
    """The case's cited fields (CitedField names) whose value no citation states, each with the
    editors' reason. A citation that gives another value (a disputed fact) does not state the
    case's. A field with no citation is not listed: nothing records it as an inference."""
    stated: set[str] = set()
    reasons: dict[str, str] = {}
    for citation in case.field_citations.all():
        if citation.basis == Basis.STATED and not citation.value:
            stated.add(citation.field_name)
        else:
            reasons.setdefault(citation.field_name, citation.basis_reason)
    return {name: reason for name, reason in reasons.items() if name not in stated}


def case_jsonld(case, *, url: str, sources, updated: date) -> dict:
    """A case record as a schema.org CreativeWork about an organisation's collaboration in a place.

    `updated` is the case's last change, the date the page and its citations give."""
    inferred = inferred_fields(case)

    def note_if_inferred(field_name: str) -> dict:
        return inference_note(inferred[field_name]) if field_name in inferred else {}

    place = {"@type": "Place", "name": case.place_label, **note_if_inferred(CitedField.LISTING)}
    if case.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(case.latitude),
            "longitude": float(case.longitude),
            **note_if_inferred(CitedField.COORDINATES),
        }
    place["containedInPlace"] = {
        "@type": "AdministrativeArea",
        # Scotland is a nation and its own region: named once.
        "name": place_with_areas("", case.region.name, case.region.nation.name),
        **note_if_inferred(CitedField.REGION),
    }
    # Without a lead organisation, the case's own name (cited with the listing) stands for it.
    lead_field = CitedField.LEAD_ORGANISATION if case.lead_organisation else CitedField.LISTING
    about = {
        "@type": "Organization",
        "name": case.lead_organisation or case.name,
        **note_if_inferred(lead_field),
        "location": place,
    }
    # The sector is cited with the listing (name, sector and place).
    listing_basis = Basis.INFERRED if CitedField.LISTING in inferred else Basis.STATED
    keywords = [marked_keyword(case.sector.name, listing_basis)]
    keywords += [
        marked_keyword(c.typology.name, c.basis)
        for c in case.classifications.all()
        if c.typology_id is not None
    ]
    keywords += [
        marked_keyword(link.mode.name, link.basis) for link in case.accountability_links.all()
    ]
    keywords += [
        marked_keyword(link.policy_area.name, link.basis) for link in case.policy_area_links.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": case.name,
        "description": case.summary,
        "about": about,
        "dateModified": updated.isoformat(),
        "isPartOf": {"@type": "Dataset", "name": "Rallying"},
        "keywords": [keyword for keyword in keywords if keyword],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": use.source.title,
                **({"url": use.source.url} if use.source.url else {}),
                **({"author": use.source.authors} if use.source.authors else {}),
            }
            for use in sources
        ],
    }
    disputed = disputed_facts((c.field_name, c.value) for c in case.field_citations.all())
    if case.started and CitedField.STARTED not in inferred and CitedField.STARTED not in disputed:
        data["temporalCoverage"] = f"{case.started}/.."
    return data
