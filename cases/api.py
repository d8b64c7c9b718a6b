"""API endpoints for cases, their dimensions and sources (mounted under /api/ by rallying/api.py)."""

from django.db.models import Count
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from cases import records as export_rows
from cases import serializers as s
from cases.api_schema import FACETS_RESPONSE, CaseFilterSchema
from cases.csv_export import CaseCSVRenderer, CaseRows
from cases.filters import CaseFilter
from cases.models import (
    AccountabilityMode,
    Case,
    FundingModel,
    Nation,
    PolicyArea,
    Region,
    Sector,
    Source,
    Typology,
)
from rallying.api_views import LastModifiedMixin, StrictListMixin, WritableViewSet
from rallying.cache import CachedReadsMixin, cached_facets


class FlatCases:
    """Stands in for CaseSerializer on JSON reads: the same records (cases/records.py,
    compared with the serializer in tests) from one query per linked table instead of nested
    serializers, which cost most of a cold read. Queries: cases 1, link tables 5, lookups 7."""

    def __init__(self, cases, request, *, many: bool):
        self.cases = list(cases) if many else [cases]
        self.request = request
        self.many = many

    @property
    def data(self):
        records = export_rows.case_rows(
            export_rows.Export(self.request), case_ids=[case.pk for case in self.cases]
        )
        by_slug = {record["slug"]: record for record in records}
        ordered = [by_slug[case.slug] for case in self.cases]
        return ordered if self.many else ordered[0]


class CaseViewSet(CachedReadsMixin, WritableViewSet):
    """Cases with everything cited. Lists take the same filters as the web page /cases/.

    `?format=csv` returns the whole filtered list (not a page) as CSV, one row per case.
    Staff can create (POST) and change (PUT/PATCH) cases; dimensions are given by slug.
    """

    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CaseCSVRenderer]
    schema = CaseFilterSchema()
    read_serializer = s.CaseSerializer
    write_serializer = s.CaseWriteSerializer

    def get_queryset(self):
        # JSON reads are built from flat queries (FlatCases): the cases alone are enough here.
        if self._flat_json_read():
            return Case.objects.only("pk", "slug")
        return Case.objects.for_detail()

    def paginate_queryset(self, queryset):
        # A CSV download is the whole filtered list, never one page of it.
        if self._wants_csv():
            return None
        return super().paginate_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        # A CSV list is written from flat queries (cases/csv_export.py), not the nested serializer.
        if self.action == "list" and self._wants_csv():
            return CaseRows(args[0], self.request)
        if self._flat_json_read():
            return FlatCases(args[0], self.request, many=kwargs.get("many", False))
        return super().get_serializer(*args, **kwargs)

    def _format(self) -> str | None:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None)

    def _wants_csv(self) -> bool:
        return self._format() == "csv"

    def _flat_json_read(self) -> bool:
        return self.action in ("list", "retrieve") and self._format() == "json"

    @extend_schema(responses=FACETS_RESPONSE)
    @action(detail=False, renderer_classes=[JSONRenderer, BrowsableAPIRenderer])
    def facets(self, request):
        """Each facet's values with counts for the current filters; a facet's counts apply every
        selected filter except its own, as on the web page."""
        unknown = sorted(set(request.query_params) - set(CaseFilter.base_filters) - {"format"})
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        filterset = CaseFilter(request.query_params, queryset=Case.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        groups = cached_facets(filterset)
        return Response(
            {
                "count": filterset.qs.count(),
                "facets": [
                    {
                        "parameter": group.param,
                        "label": group.label,
                        "values": [
                            {
                                "slug": v.slug,
                                "label": v.label,
                                "count": v.count,
                                "selected": v.selected,
                            }
                            for v in group.values
                        ],
                    }
                    for group in groups
                ],
            }
        )


class DimensionViewSet(LastModifiedMixin, StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """A lookup table (sectors, regions, …) with each value's definition and number of cases."""

    lookup_field = "slug"
    model = None
    case_path = "cases"  # how to count a value's cases
    related = ()

    def get_queryset(self):
        return (
            self.model.objects.select_related(*self.related)
            .annotate(case_count=Count(self.case_path, distinct=True))
            .order_by("order", "slug")
        )


def dimension_viewset(model, serializer, *, case_path="cases", related=(), doc=""):
    return type(
        f"{model.__name__}ViewSet",
        (DimensionViewSet,),
        {
            "model": model,
            "serializer_class": serializer,
            "case_path": case_path,
            "related": related,
            "__doc__": doc,
        },
    )


SectorViewSet = dimension_viewset(
    Sector, s.SectorSerializer, doc="Sectors of the lead organisations."
)
NationViewSet = dimension_viewset(
    Nation, s.NationSerializer, case_path="regions__cases", doc="Nations of the UK."
)
RegionViewSet = dimension_viewset(
    Region, s.RegionSerializer, related=("nation",), doc="ITL1 regions, each with its nation."
)
TypologyViewSet = dimension_viewset(
    Typology,
    s.TypologySerializer,
    related=("source",),
    doc="The study's four types of collaboration, with cited definitions.",
)
AccountabilityModeViewSet = dimension_viewset(
    AccountabilityMode,
    s.AccountabilityModeSerializer,
    related=("source",),
    doc="The study's five accountability modes, with cited definitions.",
)
PolicyAreaViewSet = dimension_viewset(PolicyArea, s.PolicyAreaSerializer, doc="Policy areas.")
FundingModelViewSet = dimension_viewset(
    FundingModel, s.FundingModelSerializer, doc="Funding or contract models."
)


class SourceViewSet(LastModifiedMixin, StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """Publications of the study and outside pages that the facts cite."""

    lookup_field = "key"
    serializer_class = s.SourceSerializer

    def get_queryset(self):
        # "study" sorts after "external": descending puts the study's own publications first.
        return Source.objects.order_by("-origin", "key")
