"""How the case endpoints are described in the OpenAPI schema: the filters with their slugs, and
the shape of the facet counts."""

from django.db import DatabaseError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from cases.facets import facet_values
from cases.filters import DEFAULT_SORT, FACETS, FACETS_BY_PARAM, NOT_CLASSIFIED, SORTS, CaseFilter
from rallying.api_schema import TEXT_PATTERN, RallyingAutoSchema


def facet_slugs(param: str) -> list[str] | None:
    """The slugs a facet's parameter accepts, read from the database when the schema is built."""
    try:
        return [value.slug for value in facet_values(FACETS_BY_PARAM[param])]
    except DatabaseError:
        # A schema built before the database exists (e.g. the deploy check on a new machine)
        # documents the parameters without their values.
        return None


def slug_parameter(name: str, slugs: list[str] | None, description: str) -> OpenApiParameter:
    """A repeatable filter whose values are slugs (any of them: OR). `slugs` None: unknown yet.

    An empty value is allowed and ignored, as the web page's filter form may send one."""
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        many=True,
        explode=True,
        enum=None if slugs is None else ["", *slugs],
        description=description,
    )


def case_filter_parameters() -> list[OpenApiParameter]:
    """The case list's filters, as /cases/ takes them (cases/filters.py)."""
    parameters = [
        slug_parameter(
            facet.param,
            facet_slugs(facet.param),
            f"{facet.label}. Repeat to allow several values (OR); different parameters combine "
            "with AND."
            + (f" “{NOT_CLASSIFIED}” means not classified." if facet.param == "typology" else ""),
        )
        for facet in FACETS
    ]
    max_length = CaseFilter.base_filters["q"].extra["max_length"]
    return [
        *parameters,
        OpenApiParameter(
            "q",
            {"type": "string", "maxLength": max_length, "pattern": TEXT_PATTERN},
            description=f"Free-text search, up to {max_length} characters.",
        ),
        OpenApiParameter(
            "sort",
            {"type": "string", "enum": ["", *SORTS]},
            description=f"Order of results (empty: by {DEFAULT_SORT}).",
        ),
    ]


def study_filter_parameters() -> list[OpenApiParameter]:
    """`?study=<slug>` on the lists whose records belong to a study (cases/list_filters.py)."""
    return [
        slug_parameter(
            "study",
            facet_slugs("study"),
            "A study's slug: its records (a quotation's or evidence link's study is that of its "
            "findings). Repeat for any of several.",
        )
    ]


def finding_filter_parameters() -> list[OpenApiParameter]:
    """`?finding=<slug>` and `?study=<slug>` on the lists of quotations and evidence links
    (findings/filters.py)."""
    return [
        slug_parameter(
            "finding",
            facet_slugs("finding"),
            "A finding's slug: the records illustrating it. Repeat for any of several.",
        ),
        *study_filter_parameters(),
    ]


class CaseFilterSchema(RallyingAutoSchema):
    """The case list and its facet counts take the case filters, with the slugs each accepts."""

    filter_parameters = staticmethod(case_filter_parameters)

    def _takes_filters(self) -> bool:
        return getattr(self.view, "action", None) in ("list", "facets")


class FindingFilterSchema(RallyingAutoSchema):
    """The lists of quotations and evidence links take `?finding=` and `?study=`."""

    filter_parameters = staticmethod(finding_filter_parameters)


class StudyFilterSchema(RallyingAutoSchema):
    """The lists of types, accountability modes, findings and sources take `?study=`."""

    filter_parameters = staticmethod(study_filter_parameters)


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
                        "group": serializers.CharField(
                            help_text="Where the value belongs: the study whose type or "
                            "accountability mode it is, a finding's kind; empty for shared "
                            "values."
                        ),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)
