"""API endpoints for findings, quotations and evidence links."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from cases.api_schema import FindingFilterSchema, StudyFilterSchema
from cases.models.publication import published
from findings import serializers as s
from findings.api_schema import QuotationFilterSchema
from findings.filters import EvidenceLinkFilter, FindingFilter, QuotationFilter
from findings.models import CaseFinding, Finding, Quotation
from rallying.api_views import StrictListMixin, WritableViewSet


class FindingViewSet(StrictListMixin, viewsets.ReadOnlyModelViewSet):
    """What the study concluded — rationales, ingredients, measurement, themes, open questions —
    each with its citation, and how many cases (evidence links) and quotations support it, with
    the addresses of those paginated lists (`/api/evidence-links/?finding=<slug>`,
    `/api/quotations/?finding=<slug>`). `?study=<slug>`: a study's findings (repeat for any of
    several)."""

    lookup_field = "slug"
    serializer_class = s.FindingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = FindingFilter
    schema = StudyFilterSchema()

    def get_queryset(self):
        return Finding.objects.with_counts()


class QuotationViewSet(WritableViewSet):
    """Quotations, verbatim, each belonging to a case, with the findings they illustrate and
    each finding's study. Filters (each repeatable: any of several; different ones combine):
    `?case=<slug>`: those from a case; `?finding=<slug>`: those illustrating a finding;
    `?study=<slug>`: those illustrating any finding of a study; `?speaker_role=<role>`: those
    whose speaker has that role, given whole as the quotations name it, capitals aside. An
    unknown value is a 400 naming its parameter. The same filters as the page /quotations/."""

    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = QuotationFilter
    schema = QuotationFilterSchema()
    read_serializer = s.QuotationSerializer
    write_serializer = s.QuotationWriteSerializer

    def get_queryset(self):
        # A draft case's quotations are not public (nor changed here: the admin edits drafts).
        return Quotation.objects.for_list()


class EvidenceLinkViewSet(WritableViewSet):
    """Evidence links: a case illustrates a finding (named with its study), with a note and
    citation. `?finding=<slug>`: the cases behind a finding; `?study=<slug>`: those behind a
    study's findings (each repeatable: any of several)."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = EvidenceLinkFilter
    schema = FindingFilterSchema()

    read_serializer = s.EvidenceLinkSerializer
    write_serializer = s.EvidenceLinkWriteSerializer

    def get_queryset(self):
        links = CaseFinding.objects.filter(published("case__"), published("finding__study__"))
        return links.select_related("case", "finding__study", "source").order_by("pk")
