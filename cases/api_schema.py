"""How the case endpoints are described in the OpenAPI schema: the filters with their slugs, and
the shape of the facet counts."""

from django.db import DatabaseError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from cases.facets import facet_values
from cases.filters import FACETS, NOT_CLASSIFIED, SORTS
from rallying.api_schema import RallyingAutoSchema


class CaseFilterSchema(RallyingAutoSchema):
    """Documents the case filters with the slugs each one accepts, read from the database."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method != "GET" or (self.view.action not in ("list", "facets")):
            return parameters
        for facet in FACETS:
            try:
                slugs = [value.slug for value in facet_values(facet)]
            except DatabaseError:
                # A schema built before the database exists (e.g. the deploy check on a new
                # machine) documents the parameters without their values.
                slugs = None
            parameters.append(
                OpenApiParameter(
                    facet.param,
                    OpenApiTypes.STR,
                    many=True,
                    explode=True,
                    enum=slugs,
                    description=f"{facet.label}. Repeat to allow several values (OR); "
                    "different parameters combine with AND."
                    + (
                        f" “{NOT_CLASSIFIED}” means not classified."
                        if facet.param == "typology"
                        else ""
                    ),
                )
            )
        parameters += [
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="Free-text search, up to 200 characters."
            ),
            OpenApiParameter(
                "sort", OpenApiTypes.STR, enum=list(SORTS), description="Order of results."
            ),
        ]
        return parameters


FACETS_RESPONSE = inline_serializer(
    "CaseFacets",
    {
        "count": serializers.IntegerField(help_text="Cases matching all the filters."),
        "facets": inline_serializer(
            "Facet",
            {
                "parameter": serializers.CharField(),
                "label": serializers.CharField(),
                "values": inline_serializer(
                    "FacetValue",
                    {
                        "slug": serializers.CharField(),
                        "label": serializers.CharField(),
                        "count": serializers.IntegerField(),
                        "selected": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)
