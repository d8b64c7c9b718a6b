"""schema.org JSON-LD for case pages, so search engines and harvesters read a case as data."""

import json

from django.utils.safestring import SafeString, mark_safe

# The characters that could end a <script> element or open a comment, escaped as JSON allows.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(data: dict) -> SafeString:
    """JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=2).translate(SCRIPT_SAFE))


def case_jsonld(case, *, url: str, sources) -> dict:
    """A case record as a schema.org CreativeWork about an organisation's collaboration in a place."""
    place = {"@type": "Place", "name": case.place_label}
    if case.latitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(case.latitude),
            "longitude": float(case.longitude),
        }
    place["containedInPlace"] = {
        "@type": "AdministrativeArea",
        "name": f"{case.region.name}, {case.region.nation.name}",
    }
    about = {
        "@type": "Organization",
        "name": case.lead_organisation or case.name,
        "location": place,
    }
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": case.name,
        "description": case.summary,
        "about": about,
        "dateModified": case.updated_at.date().isoformat(),
        "isPartOf": {"@type": "Dataset", "name": "Rallying"},
        "keywords": [
            value
            for value in (
                case.sector.name,
                case.typology.name if case.typology else "",
                *(link.mode.name for link in case.accountability_links.all()),
                *(link.policy_area.name for link in case.policy_area_links.all()),
            )
            if value
        ],
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
    if case.started:
        data["temporalCoverage"] = f"{case.started}/.."
    return data
