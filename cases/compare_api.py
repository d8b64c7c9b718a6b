"""The comparison of two to four cases as data: /api/cases/compare/?case=a&case=b, JSON or CSV.

The same comparison as the page /cases/compare/ (cases/compare.py builds it for both, with the
same rules and messages): the cases, and one row per compared field with each case's value and
what supports it. The JSON is built here once; the CSV is derived from it.
"""

import csv
import io

from django.db import DatabaseError
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer

from cases.compare import (
    DIFFERENCES_ONLY,
    MAX_CASES,
    MIN_CASES,
    CompareError,
    compared,
    comparison_rows,
    parse_compare_slugs,
    parse_differences,
    shown_rows,
)
from cases.csv_format import LIST_SEPARATOR, safe_cell
from cases.models import Case
from cases.records import RecordBuilder
from cases.serializers import CitationSerializer
from rallying.api_negotiation import json_error
from rallying.api_schema import SLUG_PATTERN, RallyingAutoSchema

PARAMETERS = frozenset({"case", "differences", "format"})
HOW_TO_CHOOSE = (
    f"Give {MIN_CASES} to {MAX_CASES} cases by slug, as ?case=<slug>&case=<slug>; "
    "/api/cases/ lists the slugs."
)


def comparison(request) -> dict:
    """The comparison the request asks for, or a 400 naming the parameter at fault (the page's
    messages). Queries: those of compared_cases()."""
    unknown = sorted(set(request.query_params) - PARAMETERS)
    if unknown:
        known = ", ".join(sorted(PARAMETERS))
        raise ValidationError(
            {name: [f"Unknown parameter. This accepts: {known}."] for name in unknown}
        )
    try:
        differences_only = parse_differences(request.query_params.getlist("differences"))
    except CompareError as error:
        raise ValidationError({"differences": [str(error)]}) from None
    try:
        cases = compared(parse_compare_slugs(request.query_params.getlist("case")))
    except CompareError as error:
        raise ValidationError({"case": [error.explained(HOW_TO_CHOOSE)]}) from None
    rows = comparison_rows(cases)
    builder = RecordBuilder(request)

    def citations(facts) -> list[dict]:
        return [
            builder.citation(fact.source.key, fact.locator, fact.basis, fact.basis_reason)
            for fact in facts
        ]

    def html_url(path: str) -> str | None:
        return request.build_absolute_uri(path) if path else None

    return {
        "cases": [
            builder.ref(
                "api:case-detail", case.slug, case.name, html_url=html_url(case.get_absolute_url())
            )
            for case in cases
        ],
        "differences_only": differences_only,
        "same_rows": sum(row.same for row in rows),
        "rows": [
            {
                "field": row.key,
                "label": row.label,
                "same": row.same,
                "values": [
                    {
                        "case": case.slug,
                        "text": cell.text if cell.items else None,
                        "items": [
                            {
                                "text": item.text,
                                "html_url": html_url(item.url),
                                "citations": citations(item.citations),
                            }
                            for item in cell.items
                        ],
                        "citations": citations(cell.citations),
                    }
                    for case, cell in zip(cases, row.cells, strict=True)
                ],
            }
            for row in shown_rows(rows, differences_only=differences_only)
        ],
    }


def citation_text(citation: dict) -> str:
    """“report-2019, p. 4 (stated)”, or “(inferred: <reason>)” for an editorial inference."""
    where = ", ".join(part for part in (citation["source"], citation["locator"]) if part)
    basis = citation["basis"]
    if citation["reason"]:
        basis = f"{basis}: {citation['reason']}"
    return f"{where} ({basis})"


def csv_rows(data: dict) -> list[list[str]]:
    """One row per compared field, a value column and a citations column per case; the cases'
    names first, as the page's column headings."""
    header = ["field", "label", "same"]
    names = ["name", "Case", ""]
    for case in data["cases"]:
        header += [case["slug"], f"{case['slug']} citations"]
        names += [case["label"], ""]
    rows = [header, names]
    for row in data["rows"]:
        cells = [row["field"], row["label"], "yes" if row["same"] else "no"]
        for value in row["values"]:
            cited = [c for item in value["items"] for c in item["citations"]] + value["citations"]
            cells += [
                LIST_SEPARATOR.join(item["text"] for item in value["items"]),
                LIST_SEPARATOR.join(citation_text(c) for c in cited),
            ]
        rows.append(cells)
    return rows


class ComparisonCSVRenderer(BaseRenderer):
    """The comparison as CSV: UTF-8, text cells guarded against spreadsheet formulas (as the case
    CSV's are). Errors are JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        error = json_error(data, renderer_context)
        if error is not None:
            return error
        response = (renderer_context or {}).get("response")
        if response is not None:
            slugs = "-".join(case["slug"] for case in data["cases"])
            response["Content-Disposition"] = f'attachment; filename="rallying-compare-{slugs}.csv"'
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows([safe_cell("text", cell) for cell in row] for row in csv_rows(data))
        return buffer.getvalue().encode("utf-8")


# -- the schema ---------------------------------------------------------------------------------


def compare_parameters() -> list[OpenApiParameter]:
    """`case` and `differences`, with two cases of the dataset as the example (read when the
    schema is built; none before the database exists)."""
    try:
        example = list(Case.objects.values_list("slug", flat=True)[:MIN_CASES])
    except DatabaseError:
        example = []
    return [
        OpenApiParameter(
            "case",
            {
                "type": "array",
                "items": {"type": "string", "pattern": SLUG_PATTERN},
                "minItems": MIN_CASES,
                "maxItems": MAX_CASES,
            },
            required=True,
            explode=True,
            description=f"A case's slug; give {MIN_CASES} to {MAX_CASES} (repeat the parameter), "
            "in the order of the columns. A slug given twice counts once.",
            examples=[OpenApiExample("Two cases", value=example)] if example else None,
        ),
        OpenApiParameter(
            "differences",
            {"type": "string", "enum": ["", DIFFERENCES_ONLY]},
            description=f"`{DIFFERENCES_ONLY}`: only the rows where the cases differ.",
        ),
    ]


class ComparisonSchema(RallyingAutoSchema):
    filter_parameters = staticmethod(compare_parameters)

    def _takes_filters(self) -> bool:
        return True


_CITATIONS = CitationSerializer(many=True)
COMPARISON_RESPONSE = inline_serializer(
    "CaseComparison",
    {
        "cases": inline_serializer(
            "ComparedCase",
            {
                "url": serializers.URLField(),
                "slug": serializers.SlugField(),
                "label": serializers.CharField(),
                "html_url": serializers.URLField(),
            },
            many=True,
        ),
        "differences_only": serializers.BooleanField(),
        "same_rows": serializers.IntegerField(
            help_text="How many of all the rows read the same for every case."
        ),
        "rows": inline_serializer(
            "ComparisonRow",
            {
                "field": serializers.CharField(help_text="The field compared, e.g. `sector`."),
                "label": serializers.CharField(help_text="The row's heading on the page."),
                "same": serializers.BooleanField(),
                "values": inline_serializer(
                    "ComparedValue",
                    {
                        "case": serializers.SlugField(),
                        "text": serializers.CharField(
                            allow_null=True, help_text="As the page shows it; null: not known."
                        ),
                        "items": inline_serializer(
                            "ComparedItem",
                            {
                                "text": serializers.CharField(),
                                "html_url": serializers.URLField(allow_null=True),
                                "citations": _CITATIONS,
                            },
                            many=True,
                        ),
                        "citations": CitationSerializer(
                            many=True, help_text="What supports the value as a whole."
                        ),
                    },
                    many=True,
                    help_text="One per case, in the order of `cases`.",
                ),
            },
            many=True,
        ),
    },
)
