"""/api/codebook/: every dimension and code the data uses, with definitions, and the CSV format.

The key to reading the API and the downloads alike, so it lives with the downloads."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.csv_format import COLUMNS, LIST_SEPARATOR
from cases.filters import FACETS, NOT_CLASSIFIED, SORTS, related_model
from cases.models import (
    Basis,
    CitedField,
    Permanence,
    SourceKind,
    SourceOrigin,
    Status,
    Study,
    StudyKind,
)
from cases.models.publication import published
from findings.models import FindingKind

FINDING_KIND_MEANINGS = {
    FindingKind.RATIONALE: "A reason the study found for collaborating.",
    FindingKind.INGREDIENT: "Something the study found key to a collaboration's success.",
    FindingKind.MEASUREMENT: "What the study found about measuring success.",
    FindingKind.THEME: "A theme of the 2018 briefing, with the case it cites.",
    FindingKind.OPEN_QUESTION: "A question the study leaves open.",
}


def _choices(choices, meanings=None) -> list[dict]:
    return [
        {"slug": value, "label": str(label), **({"meaning": meanings[value]} if meanings else {})}
        for value, label in choices
    ]


class CodebookView(APIView):
    """Every dimension and code used in the data, with definitions: the key to reading it."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        dimensions = []
        for facet in FACETS:
            entry = {"parameter": facet.param, "label": facet.label}
            if facet.param == "permanence":
                entry["values"] = _choices(Permanence.choices)
            elif facet.param == "status":
                entry["values"] = _choices(Status.choices)
            elif facet.param == "basis":
                entry["values"] = _choices(Basis.choices)
            elif facet.param == "finding":
                entry["values"] = "See /api/findings/ for every finding and its kind."
            elif facet.param == "study":
                entry["values"] = [
                    {"slug": study.slug, "label": study.title, "year": study.year}
                    for study in Study.objects.all()
                ]
            else:
                model = related_model(facet.path)
                # A study's own values (types, accountability modes) name the study.
                defined_by_a_study = any(f.name == "study" for f in model._meta.fields)
                rows = model.objects.select_related(*(("study",) if defined_by_a_study else ()))
                if defined_by_a_study:  # a draft study's values are not public
                    rows = rows.filter(published("study__"))
                entry["values"] = [
                    {
                        "slug": row.slug,
                        "label": row.name,
                        "definition": row.definition,
                        # The study's own words, where it defines the value itself.
                        "source_wording": getattr(row, "source_wording", ""),
                        **({"study": row.study.slug} if defined_by_a_study else {}),
                    }
                    for row in rows
                ]
                if facet.param == "typology":
                    entry["values"].append(
                        {
                            "slug": NOT_CLASSIFIED,
                            "label": "Not classified",
                            "definition": "No study gives the case a type.",
                            "source_wording": "",
                        }
                    )
            dimensions.append(entry)
        studies = [
            {"slug": study.slug, "label": study.title, "kind": study.kind, "year": study.year}
            for study in Study.objects.all()
        ]
        return Response(
            {
                # Types, accountability modes and findings belong to a study (their `study`).
                "studies": studies,
                "study_kinds": _choices(StudyKind.choices),
                "dimensions": dimensions,
                "finding_kinds": _choices(FindingKind.choices, FINDING_KIND_MEANINGS),
                "citation": {
                    "basis": _choices(
                        Basis.choices,
                        {
                            Basis.STATED: "The source says it.",
                            Basis.INFERRED: "The editors concluded it from the source; "
                            "`reason` says why.",
                        },
                    ),
                    "case_facts": _choices(CitedField.choices),
                    "source_kinds": _choices(SourceKind.choices),
                    "source_origins": _choices(SourceOrigin.choices),
                },
                "sort": [{"slug": key, "label": label} for key, (label, _) in SORTS.items()],
                "csv": {
                    "encoding": "UTF-8",
                    "delimiter": ",",
                    "list_separator": LIST_SEPARATOR,
                    "columns": COLUMNS,
                    "formula_guard": "A text cell starting with = + - @ or a tab gets a leading ' "
                    "so spreadsheets show it as text.",
                },
            }
        )
