"""Facet counts for the case list: how many cases each value would give, with the other filters applied.

Each facet's counts apply every selected filter except its own, so ticking a value never zeroes its
siblings; values with no cases stay listed with 0. The cost is one grouped query per facet plus one
per lookup table, whatever the number of cases.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from cases.filters import FACETS, NOT_CLASSIFIED, CaseFilter, Facet, related_model
from cases.models import Basis, Case, Permanence


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int = 0
    selected: bool = False
    group: str = ""  # e.g. the kind of a finding, for grouping long facets


@dataclass
class FacetGroup:
    param: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected_values(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]


CODED_VALUES = {
    "permanence": Permanence.choices,
    "basis": [(Basis.STATED, "Stated by a source"), (Basis.INFERRED, "Editorial inference")],
}


def facet_values(facet: Facet) -> list[FacetValue]:
    """Every value a facet can take, in display order (one query for a lookup table)."""
    if facet.param in CODED_VALUES:
        return [
            FacetValue(slug=str(slug), label=str(label))
            for slug, label in CODED_VALUES[facet.param]
        ]
    rows = related_model(facet.path).objects.all()
    # A value may say which group it belongs to (a finding: its kind), for long facet lists.
    values = [
        FacetValue(slug=row.slug, label=str(row), group=getattr(row, "facet_group", ""))
        for row in rows
    ]
    if facet.param == "typology":
        values.append(FacetValue(slug=NOT_CLASSIFIED, label="Not classified"))
    return values


def facet_counts(facet: Facet, cases: QuerySet) -> dict[str, int]:
    rows = cases.order_by().values(facet.path).annotate(n=Count("pk", distinct=True))
    counts = {}
    for row in rows:
        value = row[facet.path]
        if value is None or value == "":
            if facet.param == "typology":
                counts[NOT_CLASSIFIED] = row["n"]
            continue
        counts[value] = row["n"]
    return counts


def build_facets(filterset: CaseFilter, cases: QuerySet | None = None) -> list[FacetGroup]:
    """All facets with their values, counts and selection, for a (validated) CaseFilter."""
    base = cases if cases is not None else Case.objects.all()
    selected = filterset.selected()
    groups = []
    for facet in FACETS:
        counts = facet_counts(facet, filterset.queryset_without(facet.param, base))
        values = facet_values(facet)
        for value in values:
            value.count = counts.get(value.slug, 0)
            value.selected = value.slug in selected[facet.param]
        groups.append(FacetGroup(param=facet.param, label=facet.label, values=values))
    return groups
