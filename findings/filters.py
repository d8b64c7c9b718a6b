"""Filters of the quotation and evidence-link lists: `?finding=<slug>` (repeatable, OR).

An unknown slug is a 400 naming the parameter, as on the case list (cases/filters.py).
"""

from django_filters import rest_framework as filters

from cases.filters import SlugListField, slugs_of
from findings.models import CaseFinding, Finding, Quotation


class FindingSlugFilter(filters.Filter):
    field_class = SlugListField

    def __init__(self, path: str, **kwargs):
        self.path = path
        super().__init__(
            field_name=path,
            label="Finding",
            allowed=slugs_of(lambda: Finding),
            noun="finding",
            **kwargs,
        )

    def filter(self, qs, value):
        if not value:
            return qs
        # A subquery keeps one row per record when it illustrates several of the findings.
        matching = qs.model.objects.filter(**{f"{self.path}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


class EvidenceLinkFilter(filters.FilterSet):
    finding = FindingSlugFilter("finding__slug")

    class Meta:
        model = CaseFinding
        fields = []


class QuotationFilter(filters.FilterSet):
    finding = FindingSlugFilter("findings__slug")

    class Meta:
        model = Quotation
        fields = []
