"""API endpoints for cases, their dimensions and sources (mounted under /api/ by rallying/api_urls.py)."""

from django.db.models import Count, Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from cases import serializers as s
from cases.api_schema import FACETS_RESPONSE, CaseFilterSchema, StudyFilterSchema
from cases.compare_api import (
    COMPARISON_RESPONSE,
    ComparisonCSVRenderer,
    ComparisonSchema,
    comparison,
)
from cases.csv_format import CaseCSVRenderer
from cases.facets import build_facets
from cases.filters import CaseFilter
from cases.list_filters import study_filterset
from cases.models import (
    AccountabilityMode,
    Case,
    FundingModel,
    Nation,
    PolicyArea,
    Region,
    Sector,
    Source,
    Study,
    Typology,
)
from cases.models.publication import published
from cases.paging import CasePagination
from cases.records import RecordBuilder, case_rows
from cases.source_views import public_sources
from cases.studies import studies_with_counts
from cases.study_serializers import StudySerializer
from rallying import ndjson
from rallying.api_views import StrictListMixin, WritableViewSet


class CaseViewSet(WritableViewSet):
    """Cases with everything cited. Lists take the same filters as the web page /cases/.

    `?format=csv` returns the whole filtered list (not a page) as CSV, one row per case;
    `?format=ndjson` the whole filtered list as NDJSON, one list record (or, with `expand=full`,
    whole record) per line.
    Staff can create (POST) and change (PUT/PATCH) cases; dimensions are given by slug.
    """

    lookup_field = "slug"
    pagination_class = CasePagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CaseCSVRenderer, ndjson.NDJSONRenderer]
    schema = CaseFilterSchema()
    # CaseSerializer describes the records of cases/records.py for the schema; reads are built
    # there, never by the serializer.
    read_serializer = s.CaseSerializer
    write_serializer = s.CaseWriteSerializer

    def get_queryset(self):
        return Case.objects.all()

    # Besides the filters: `expand=full` asks a list for whole records (docs/api.md).
    extra_list_params = frozenset({"expand"})

    @extend_schema(
        responses=s.CaseListSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "expand",
                OpenApiTypes.STR,
                enum=["full"],
                description="`full`: whole records, with description, quotations and fact "
                "citations, as the detail gives them.",
            )
        ],
    )
    def list(self, request, *args, **kwargs):
        # Queries: the count, the page's ids, their cases, their linked lists (4); with
        # expand=full, the count, the page's cases, their linked lists (3). A CSV is every
        # filtered case, whole, read in chunks; NDJSON every filtered case, read and written in
        # chunks: the cases (1), then each chunk's linked lists (1 per chunk).
        self.reject_unknown_parameters(request)
        full = self._expand(request)
        cases = self.filter_queryset(self.get_queryset())
        builder = RecordBuilder(request)
        if getattr(request.accepted_renderer, "format", None) == "csv":
            self.paginator.requested_page(request)  # the whole list, but a bad page_size is a 400
            return Response(builder.stream(cases))
        if ndjson.wants_ndjson(request):
            self.check_paging_parameters(request)
            return ndjson.stream(request, case_record_chunks(request, cases, full=full))
        if full:  # the page's rows in the same query as its keys
            records = builder.records(self.paginate_queryset(case_rows(cases)))
        else:
            keys = self.paginate_queryset(cases.values_list("pk", flat=True))
            records = builder.records_of(keys, full=False)
        return self.get_paginated_response(records)

    @staticmethod
    def _expand(request) -> bool:
        values = request.query_params.getlist("expand")
        if any(value != "full" for value in values):
            raise ValidationError(
                {"expand": ["Use expand=full for whole records, or leave it out for list records."]}
            )
        return bool(values)

    def retrieve(self, request, *args, **kwargs):
        # Queries: the case, its linked lists (2).
        cases = self.get_queryset().filter(slug=kwargs["slug"])
        if request.query_params.keys() & CaseFilter.base_filters.keys():
            cases = self.filter_queryset(cases)  # a detail answers 404 outside the filters given
        records = RecordBuilder(request).records(case_rows(cases))
        if not records:
            raise NotFound("No case has this slug.")
        return Response(records[0])

    def _read_response(self, row, status):
        # A write is answered with the case's record, as a read would give it.
        record = RecordBuilder(self.request).records(case_rows(Case.objects.filter(pk=row.pk)))
        return Response(record[0], status=status)

    @extend_schema(
        responses={
            (200, "application/json"): COMPARISON_RESPONSE,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    @action(
        detail=False,
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer, ComparisonCSVRenderer],
        filter_backends=[],
        pagination_class=None,
        schema=ComparisonSchema(),
    )
    def compare(self, request):
        """Two to four cases side by side, as on the page /cases/compare/: one row per field,
        each case's value with its citations. `?format=csv`: one row per field, a column of
        values and one of citations per case."""
        # Queries: those of the page (cases/compare.py compared_cases(), 6).
        return Response(comparison(request))

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
        groups = build_facets(filterset)
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
                                "group": v.group,
                            }
                            for v in group.values
                        ],
                    }
                    for group in groups
                ],
            }
        )


def case_record_chunks(request, cases, *, full: bool):
    """The records of every case of `cases`, in its order, ndjson.CHUNK_SIZE at a time: one query
    for the cases' rows (read as they are written), one per chunk for their linked lists. Each
    chunk has its own builder, so the references it shares are let go with the chunk."""
    for chunk in ndjson.row_chunks(case_rows(cases)):
        yield RecordBuilder(request).records(chunk, full=full)


def defined_by_study(model) -> bool:
    """Whether a lookup table's values belong to a study (types, modes), not shared by all."""
    return any(field.name == "study" for field in model._meta.fields)


class DimensionViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """A lookup table (sectors, regions, …) with each value's definition and number of cases.

    A table a study defines (types, accountability modes) takes `?study=<slug>`; the shared ones
    (sectors, regions, nations, policy areas, funding models) take no study."""

    lookup_field = "slug"
    model = None
    case_path = "cases"  # how to count a value's cases
    related = ()

    def get_queryset(self):
        values = self.model.objects.all()
        if defined_by_study(self.model):
            values = values.filter(published("study__"))  # a draft study's values are not public
        counted = published(f"{self.case_path}__")  # published cases only
        return (
            values.select_related(*self.related)
            .annotate(case_count=Count(self.case_path, distinct=True, filter=counted))
            .order_by("order", "slug")
        )


def dimension_viewset(model, serializer, *, case_path="cases", related=(), doc=""):
    attributes = {
        "model": model,
        "serializer_class": serializer,
        "case_path": case_path,
        "related": related,
        "__doc__": doc,
    }
    if defined_by_study(model):
        attributes.update(
            filter_backends=[DjangoFilterBackend],
            filterset_class=study_filterset(model),
            schema=StudyFilterSchema(),
        )
    return type(f"{model.__name__}ViewSet", (DimensionViewSet,), attributes)


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
    case_path="classifications__case",
    related=("source", "study"),
    doc="Each study's types of collaboration, with cited definitions and the study's slug. "
    "`?study=<slug>`: a study's types (repeat for any of several).",
)
AccountabilityModeViewSet = dimension_viewset(
    AccountabilityMode,
    s.AccountabilityModeSerializer,
    related=("source", "study"),
    doc="Each study's accountability modes, with cited definitions and the study's slug. "
    "`?study=<slug>`: a study's modes (repeat for any of several).",
)
PolicyAreaViewSet = dimension_viewset(PolicyArea, s.PolicyAreaSerializer, doc="Policy areas.")
FundingModelViewSet = dimension_viewset(
    FundingModel, s.FundingModelSerializer, doc="Funding or contract models."
)


class SourceViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """Publications of the studies and outside pages that the facts cite. `?study=<slug>`: a
    study's own publications (repeat for any of several); an outside source is in no study."""

    lookup_field = "key"
    serializer_class = s.SourceSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = study_filterset(Source)
    schema = StudyFilterSchema()

    def get_queryset(self):
        # "study" sorts after "external": descending puts the study's own publications first.
        return public_sources().select_related("study").order_by("-origin", "key")


class StudyViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """The studies: bibliographic facts, a summary with its citation, the framework each defines
    (types, accountability modes, findings), its publications and its number of cases.

    Queries: the studies with their counts, then one each for their types, modes, findings and
    publications, whatever the number of studies."""

    lookup_field = "slug"
    serializer_class = StudySerializer

    def get_queryset(self):
        findings = Study._meta.get_field("findings").related_model.objects.order_by(
            "kind", "order", "slug"
        )
        return studies_with_counts().prefetch_related(
            "typologies",
            "accountability_modes",
            Prefetch("findings", findings),
            Prefetch("sources", Source.objects.order_by("year", "month", "key")),
        )
