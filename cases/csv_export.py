"""Cases as CSV: one row per case, UTF-8, list fields joined with " | ", safe to open in a spreadsheet."""

import csv
import io

from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = " | "
# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "slug",
    "name",
    "url",
    "sector",
    "place_label",
    "region",
    "nation",
    "latitude",
    "longitude",
    "typology",
    "typology_basis",
    "typology_reason",
    "typology_source",
    "lead_organisation",
    "initiative_name",
    "funding_model",
    "started",
    "permanence",
    "accountability",
    "policy_areas",
    "findings",
    "quotations",
    "sources",
    "summary",
    "description",
    "updated_at",
]
NUMERIC = {"latitude", "longitude", "started"}


def safe_cell(column: str, value) -> str:
    """Text a spreadsheet will show as text: a leading formula character gets a quote before it."""
    if value is None:
        return ""
    text = str(value)
    if column not in NUMERIC and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def case_row(case: dict) -> dict:
    """Flatten one case as serialized by CaseSerializer."""
    typology = case.get("typology") or {}
    citation = typology.get("citation") or {}
    sources = {
        link["citation"]["source"]
        for key in ("accountability", "policy_areas", "findings", "quotations", "fact_citations")
        for link in case[key]
    }
    if citation.get("source"):
        sources.add(citation["source"])
    return {
        "slug": case["slug"],
        "name": case["name"],
        "url": case["html_url"],
        "sector": case["sector"]["slug"],
        "place_label": case["place_label"],
        "region": case["region"]["slug"],
        "nation": case["region"]["nation"]["slug"],
        "latitude": case["latitude"],
        "longitude": case["longitude"],
        "typology": typology["type"]["slug"] if typology else "none",
        "typology_basis": citation.get("basis", ""),
        "typology_reason": citation.get("reason", ""),
        "typology_source": citation.get("source", ""),
        "lead_organisation": case["lead_organisation"],
        "initiative_name": case["initiative_name"],
        "funding_model": (case["funding_model"] or {}).get("slug", ""),
        "started": case["started"],
        "permanence": case["permanence"],
        "accountability": LIST_SEPARATOR.join(
            link["mode"]["slug"] for link in case["accountability"]
        ),
        "policy_areas": LIST_SEPARATOR.join(
            link["policy_area"]["slug"] for link in case["policy_areas"]
        ),
        "findings": LIST_SEPARATOR.join(link["slug"] for link in case["findings"]),
        "quotations": LIST_SEPARATOR.join(q["slug"] for q in case["quotations"]),
        "sources": LIST_SEPARATOR.join(sorted(sources)),
        "summary": case["summary"],
        "description": case["description"],
        "updated_at": case["updated_at"],
    }


class CaseCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            # Errors stay readable: the JSON message as one CSV cell per line.
            lines = [["error"], *([f"{key}: {value}"] for key, value in _flatten(data))]
            return _write(lines)
        rows = data if isinstance(data, list) else [data]
        if response is not None:
            response["Content-Disposition"] = 'attachment; filename="rallying-cases.csv"'
        lines = [COLUMNS]
        for case in rows:
            flat = case_row(case)
            lines.append([safe_cell(column, flat[column]) for column in COLUMNS])
        return _write(lines)


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for value in data:
            yield from _flatten(value, prefix)
    else:
        yield prefix.rstrip("."), data


def _write(lines) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue().encode("utf-8")
