"""Filters of the finding, quotation and evidence-link lists: `?study=<slug>` on each, and
`?finding=<slug>` on quotations and evidence links (each repeatable, OR; different parameters AND).

An unknown slug is a 400 naming the parameter, as on the case list (cases/filters.py); so is a
draft study's.
"""

from django_filters import rest_framework as filters

from cases.list_filters import SlugsFilter, StudyFilter
from findings.models import CaseFinding, Finding, Quotation


class FindingSlugFilter(SlugsFilter):
    def __init__(self, path: str, **kwargs):
        super().__init__(
            path, model_getter=lambda: Finding, noun="finding", label="Finding", **kwargs
        )


class FindingFilter(filters.FilterSet):
    study = StudyFilter("study__slug")

    class Meta:
        model = Finding
        fields = []


class EvidenceLinkFilter(filters.FilterSet):
    """`study`: the links to that study's findings (a link belongs to its finding's study)."""

    finding = FindingSlugFilter("finding__slug")
    study = StudyFilter("finding__study__slug")

    class Meta:
        model = CaseFinding
        fields = []


class QuotationFilter(filters.FilterSet):
    """`study`: the quotations illustrating any finding of that study. A quotation belongs to the
    studies of the findings it illustrates (what it is evidence for), not to its source's; one
    that illustrates no finding is in no study, listed only without the filter."""

    finding = FindingSlugFilter("findings__slug")
    study = StudyFilter("findings__study__slug")

    class Meta:
        model = Quotation
        fields = []
