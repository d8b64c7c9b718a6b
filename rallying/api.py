"""The API's map: every endpoint under /api/, the OpenAPI schema, its docs and the codebook."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from cases import api as cases_api
from cases.csv_format import COLUMNS, LIST_SEPARATOR
from cases.filters import FACETS, NOT_CLASSIFIED, SORTS, related_model
from cases.models import Basis, CitedField, Permanence, SourceKind, SourceOrigin
from findings import api as findings_api
from findings.models import FindingKind

router = DefaultRouter()
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("sectors", cases_api.SectorViewSet, basename="sector")
router.register("regions", cases_api.RegionViewSet, basename="region")
router.register("nations", cases_api.NationViewSet, basename="nation")
router.register("typologies", cases_api.TypologyViewSet, basename="typology")
router.register(
    "accountability-modes", cases_api.AccountabilityModeViewSet, basename="accountabilitymode"
)
router.register("policy-areas", cases_api.PolicyAreaViewSet, basename="policyarea")
router.register("funding-models", cases_api.FundingModelViewSet, basename="fundingmodel")
router.register("findings", findings_api.FindingViewSet, basename="finding")
router.register("quotations", findings_api.QuotationViewSet, basename="quotation")
router.register("evidence-links", findings_api.EvidenceLinkViewSet, basename="evidence-link")
router.register("sources", cases_api.SourceViewSet, basename="source")

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
            elif facet.param == "basis":
                entry["values"] = _choices(Basis.choices)
            elif facet.param == "finding":
                entry["values"] = "See /api/findings/ for every finding and its kind."
            else:
                rows = related_model(facet.path).objects.all()
                entry["values"] = [
                    {"slug": row.slug, "label": row.name, "definition": row.definition}
                    for row in rows
                ]
                if facet.param == "typology":
                    entry["values"].append(
                        {
                            "slug": NOT_CLASSIFIED,
                            "label": "Not classified",
                            "definition": "No type given.",
                        }
                    )
            dimensions.append(entry)
        return Response(
            {
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


# Exempt from CSRF: a POST to a wrong address is told it is wrong (JSON 404), not that its form
# lacked a token (Django's HTML 403). Nothing here changes data.
@csrf_exempt
def endpoint_not_found(request):
    return JsonResponse(
        {
            "detail": f"There is no API endpoint at {request.path}. The list of endpoints is at /api/."
        },
        status=404,
    )


urlpatterns = [
    path("codebook/", CodebookView.as_view(), name="codebook"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the CSP needs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
    # Anything else under /api/ is a JSON 404, so a script never has to parse an HTML page.
    re_path(r"^.*$", endpoint_not_found),
]
