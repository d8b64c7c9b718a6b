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
    """Flatten one case as serialized by CaseSerializer (a detail; lists use flat_case_rows)."""
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


# --- Rows from flat queries (the list export: constant queries, no serializer) ---------------

CASE_VALUES = (
    "pk",
    "slug",
    "name",
    "sector__slug",
    "place_label",
    "region__slug",
    "region__nation__slug",
    "latitude",
    "longitude",
    "typology_id",
    "typology__slug",
    "typology_basis",
    "typology_reason",
    "typology_source__key",
    "lead_organisation",
    "initiative_name",
    "funding_model__slug",
    "started",
    "permanence",
    "summary",
    "description",
    "updated_at",
)
# The many-valued columns: (column, model, its slug, order within a case as the API lists it).
# The source of every link goes into the case's "sources" column.
LINKED_COLUMNS = (
    ("accountability", "cases.CaseAccountability", "mode__slug", ("mode__order", "pk")),
    ("policy_areas", "cases.CasePolicyArea", "policy_area__slug", ("policy_area__order", "pk")),
    (
        "findings",
        "findings.CaseFinding",
        "finding__slug",
        ("finding__kind", "finding__order", "finding__slug", "pk"),
    ),
    ("quotations", "findings.Quotation", "slug", ("order", "slug")),
    (None, "cases.CaseFieldCitation", None, ()),  # facts: only their sources
)
CHUNK_SIZE = 2000


def linked_values(case_ids) -> dict[int, dict]:
    """Per case id: each many-valued column's slugs in the API's order, and the set of sources
    its links cite. One query per linked table, whatever the number of cases."""
    from django.apps import apps

    linked: dict[int, dict] = {}
    for column, model_name, slug_path, order in LINKED_COLUMNS:
        model = apps.get_model(model_name)
        rows = model.objects.filter(case_id__in=case_ids).order_by(*order)
        fields = ("case_id", "source__key", *((slug_path,) if slug_path else ()))
        for case_id, source, *slug in rows.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
            entry = linked.setdefault(case_id, {"sources": set()})
            entry["sources"].add(source)
            if column:
                entry.setdefault(column, []).append(slug[0])
    return linked


def absolute_url_maker(request, view_name: str):
    """slug → absolute URL of `view_name`, reversing once instead of once per row."""
    from django.urls import reverse

    placeholder = "__slug__"
    path = reverse(view_name, args=[placeholder])
    url = request.build_absolute_uri(path) if request is not None else path
    prefix, suffix = url.split(placeholder)
    return lambda slug: f"{prefix}{slug}{suffix}"


def flat_case_rows(queryset, request):
    """case_row() for every case of `queryset`, in its order, from flat queries (six, whatever
    the number of cases) instead of the nested serializer. Same values, so the same bytes."""
    from rest_framework.fields import DateTimeField, FloatField

    cases = queryset.select_related(None).prefetch_related(None)
    linked = linked_values(cases.order_by().values("pk"))
    case_url = absolute_url_maker(request, "cases:detail")
    as_float, as_datetime = FloatField().to_representation, DateTimeField().to_representation
    empty: dict = {"sources": set()}
    for case in cases.values(*CASE_VALUES).iterator(chunk_size=CHUNK_SIZE):
        links = linked.get(case["pk"], empty)
        classified = case["typology_id"] is not None
        sources = set(links["sources"])
        if classified and case["typology_source__key"]:
            sources.add(case["typology_source__key"])
        yield {
            "slug": case["slug"],
            "name": case["name"],
            "url": case_url(case["slug"]),
            "sector": case["sector__slug"],
            "place_label": case["place_label"],
            "region": case["region__slug"],
            "nation": case["region__nation__slug"],
            "latitude": None if case["latitude"] is None else as_float(case["latitude"]),
            "longitude": None if case["longitude"] is None else as_float(case["longitude"]),
            "typology": case["typology__slug"] if classified else "none",
            "typology_basis": case["typology_basis"] if classified else "",
            "typology_reason": case["typology_reason"] if classified else "",
            "typology_source": (case["typology_source__key"] or "") if classified else "",
            "lead_organisation": case["lead_organisation"],
            "initiative_name": case["initiative_name"],
            "funding_model": case["funding_model__slug"] or "",
            "started": case["started"],
            "permanence": case["permanence"],
            **{
                column: LIST_SEPARATOR.join(links.get(column, ()))
                for column, *_ in LINKED_COLUMNS
                if column
            },
            "sources": LIST_SEPARATOR.join(sorted(sources)),
            "summary": case["summary"],
            "description": case["description"],
            "updated_at": as_datetime(case["updated_at"]),
        }


class CaseRows:
    """What CaseViewSet hands the CSV renderer for a list instead of serialized data: the
    filtered queryset, turned into rows by flat_case_rows when rendered. Stands in for the
    serializer (`.data`), so the view's list() stays DRF's."""

    def __init__(self, queryset, request=None):
        self.queryset = queryset
        self.request = request

    @property
    def data(self):
        return self

    def rows(self):
        return flat_case_rows(self.queryset, self.request)


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
        if response is not None:
            response["Content-Disposition"] = 'attachment; filename="rallying-cases.csv"'
        if isinstance(data, CaseRows):
            flat_rows = data.rows()
        else:  # one serialized case (the detail), or a list of them
            flat_rows = (case_row(case) for case in (data if isinstance(data, list) else [data]))
        return write_case_csv(flat_rows)


def write_case_csv(flat_rows) -> bytes:
    """The CSV file of rows shaped like case_row(): header, then one line per case."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for flat in flat_rows:
        writer.writerow([safe_cell(column, flat[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


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
