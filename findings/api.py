"""API endpoints for findings, quotations and evidence links."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from findings import serializers as s
from findings.models import CaseFinding, Finding, Quotation
from rallying.api_views import LastModifiedMixin, StrictListMixin, WritableViewSet


class FindingViewSet(LastModifiedMixin, StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """What the study concluded — rationales, ingredients, measurement, themes, open questions —
    each with its citation, the cases behind it and the quotations that illustrate it."""

    lookup_field = "slug"
    serializer_class = s.FindingSerializer

    def get_queryset(self):
        return Finding.objects.select_related("source").prefetch_related(
            Prefetch(
                "evidence_links", queryset=CaseFinding.objects.select_related("case", "source")
            ),
            Prefetch(
                "quotations",
                queryset=Quotation.objects.select_related("case", "source").prefetch_related(
                    "findings"
                ),
            ),
        )


@extend_schema(
    request=s.QuotationWriteSerializer,
    responses=s.QuotationSerializer,
    methods=["POST", "PUT", "PATCH"],
)
class QuotationViewSet(WritableViewSet):
    """Quotations, verbatim, each belonging to a case."""

    lookup_field = "slug"
    read_serializer = s.QuotationSerializer
    write_serializer = s.QuotationWriteSerializer

    def get_queryset(self):
        return Quotation.objects.select_related("case", "source").prefetch_related("findings")


@extend_schema(
    request=s.EvidenceLinkWriteSerializer,
    responses=s.EvidenceLinkSerializer,
    methods=["POST", "PUT", "PATCH"],
)
class EvidenceLinkViewSet(WritableViewSet):
    """Evidence links: a case illustrates a finding, with a note and citation."""

    read_serializer = s.EvidenceLinkSerializer
    write_serializer = s.EvidenceLinkWriteSerializer

    def get_queryset(self):
        return CaseFinding.objects.select_related("case", "finding", "source").order_by("pk")
