"""The API's map: every endpoint under /api/, the OpenAPI schema and its docs, the codebook."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from cases import api as cases_api
from downloads.codebook import CodebookView
from findings import api as findings_api
from pages.api_root import RallyingAPIRootView
from releases.api import ReleaseViewSet

router = DefaultRouter()
router.APIRootView = RallyingAPIRootView
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
router.register("studies", cases_api.StudyViewSet, basename="study")
router.register("releases", ReleaseViewSet, basename="release")


# Exempt from CSRF: a POST to a wrong address is told it is wrong (JSON 404), not that its form
# lacked a token (Django's HTML 403). Nothing here changes data.
@csrf_exempt
def endpoint_not_found(request):
    detail = f"There is no API endpoint at {request.path}. The list of endpoints is at /api/."
    return JsonResponse({"detail": detail}, status=404)


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
