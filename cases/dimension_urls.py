"""The dimension pages: /typologies/, /accountability/, /sectors/, /regions/, /policy-areas/.

Each dimension gets the same pair of views, configured by its DimensionPage.
"""

from django.urls import path

from cases.dimension_views import (
    ACCOUNTABILITY,
    POLICY_AREA,
    REGION,
    SECTOR,
    TYPOLOGY,
    DimensionDetailView,
    DimensionListView,
)

app_name = "dimensions"


def pages(prefix: str, page) -> list:
    return [
        path(f"{prefix}/", DimensionListView.as_view(page=page), name=f"{page.key}-list"),
        path(
            f"{prefix}/<slug:slug>/",
            DimensionDetailView.as_view(page=page),
            name=f"{page.key}-detail",
        ),
    ]


urlpatterns = [
    *pages("typologies", TYPOLOGY),
    *pages("accountability", ACCOUNTABILITY),
    *pages("sectors", SECTOR),
    *pages("regions", REGION),
    *pages("policy-areas", POLICY_AREA),
]
