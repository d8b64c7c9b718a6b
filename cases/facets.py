"""Facet counts for the case list: how many cases each value would give, with the other filters applied.

Each facet's counts apply every selected filter except its own, so ticking a value never zeroes its
siblings; values with no cases stay listed with 0. Two queries, whatever the number of cases:
every lookup table's values in one UNION ALL, and every facet's counts in another (one grouped
SELECT per facet).
"""

from dataclasses import dataclass, field

from django.db.models import BigIntegerField, CharField, Count, F, IntegerField, QuerySet, Value

from cases.filters import (
    FACETS,
    FACETS_BY_PARAM,
    NOT_CLASSIFIED,
    CaseFilter,
    Facet,
    facet_condition,
    related_model,
)
from cases.models import Basis, Case, Permanence, Status
from cases.models.publication import published


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
    "status": Status.choices,
    "basis": [(Basis.STATED, "Stated by a source"), (Basis.INFERRED, "Editorial inference")],
}

# The columns a lookup table's __str__ and `facet_group` read: the dimensions are labelled by their
# name; studies and findings by their title, findings grouped by their kind (Finding.facet_group).
# A study's framework (its types and accountability modes) is grouped under the study's title.
# Their Meta.ordering is (order, slug), (kind, order, slug) for findings, (year, slug) for studies.
LABEL_FIELDS = {"finding": "title", "study": "title"}
GROUP_FIELDS = {"finding": "kind", "typology": "study__title", "accountability": "study__title"}
ORDER_FIELDS = {"study": "year"}
# The facets whose values belong to a study: with studies chosen, only theirs are offered.
STUDY_SCOPED = ("typology", "accountability", "finding")
GROUPED_BY_STUDY = ("typology", "accountability")


def facet_values(facet: Facet) -> list[FacetValue]:
    """Every value a facet can take, in display order (one query for a lookup table)."""
    if facet.param in CODED_VALUES:
        return [value for _, value in _coded_values(facet)]
    keyed = [_value(facet, row) for row in _lookup_rows(facet, 0, [])]
    return [value for _, value in _with_not_classified(facet, keyed)]


def build_facets(filterset: CaseFilter, cases: QuerySet | None = None) -> list[FacetGroup]:
    """All facets with their values, counts and selection, for a (validated) CaseFilter.

    Queries: 2 (the lookup tables' values, the counts of every facet).
    """
    base = cases if cases is not None else Case.objects.all()
    selected = filterset.selected()
    values = _all_values(selected["study"])
    counts = _all_counts(filterset, base, whole=cases is None)
    groups = []
    for position, facet in enumerate(FACETS):
        for key, value in values[position]:
            value.count = counts[position].get(key, 0)
            value.selected = value.slug in selected[facet.param]
        shown = [value for _, value in values[position]]
        groups.append(FacetGroup(param=facet.param, label=facet.label, values=shown))
    return groups


# A facet's values are keyed as its counts are (_count_rows): the lookup row's id, the coded
# value, or None for a case without a typology.
Keyed = list[tuple[int | str | None, FacetValue]]


def _coded_values(facet: Facet) -> Keyed:
    return [
        (str(code), FacetValue(slug=str(code), label=str(label)))
        for code, label in CODED_VALUES[facet.param]
    ]


def _with_not_classified(facet: Facet, values: Keyed) -> Keyed:
    if facet.param == "typology":
        values.append((None, FacetValue(slug=NOT_CLASSIFIED, label="Not classified")))
    return values


def _lookup_rows(facet: Facet, position: int, studies: list[str]) -> QuerySet:
    """(position, group, order, slug, id, label) of each row of a facet's lookup table; for a
    study's framework, only the chosen `studies`' rows when some are chosen."""
    group = GROUP_FIELDS.get(facet.param)
    rows = related_model(facet.path).objects.order_by()
    if any(field.name == "study" for field in rows.model._meta.fields):
        rows = rows.filter(published("study__"))  # a draft study's types, modes, findings
    if studies and facet.param in STUDY_SCOPED:
        rows = rows.filter(study__slug__in=studies)
    by_study = facet.param in GROUPED_BY_STUDY
    return (
        rows.annotate(
            _position=Value(position, output_field=IntegerField()),
            # A study's values under it, the studies oldest first.
            _rank=F("study__year") if by_study else Value(0, output_field=IntegerField()),
            _group=F(group) if group else Value(""),
            _order=F(ORDER_FIELDS.get(facet.param, "order")),
            _label=F(LABEL_FIELDS.get(facet.param, "name")),
        )
        .values_list("_position", "_rank", "_group", "_order", "slug", "pk", "_label")
        .order_by("_rank", "_group", "_order", "slug")
    )


def _value(facet: Facet, row: tuple) -> tuple[int, FacetValue]:
    _, _, group, _, slug, pk, label = row
    model = related_model(facet.path)
    # An unsaved instance of the loaded columns, so the model itself says how it is shown.
    shown = model(slug=slug, **{LABEL_FIELDS.get(facet.param, "name"): label})
    if hasattr(shown, "facet_group"):
        setattr(shown, GROUP_FIELDS[facet.param], group)
        group = shown.facet_group
    return pk, FacetValue(slug=slug, label=str(shown), group=group)


def _all_values(studies: list[str]) -> dict[int, Keyed]:
    """Every facet's values, by position in FACETS: one query for all the lookup tables."""
    values = {position: [] for position in range(len(FACETS))}
    parts = [
        _lookup_rows(facet, position, studies).order_by()
        for position, facet in enumerate(FACETS)
        if facet.param not in CODED_VALUES
    ]
    rows = (
        parts[0]
        .union(*parts[1:], all=True)
        .order_by("_position", "_rank", "_group", "_order", "slug")
    )
    for row in rows:
        values[row[0]].append(_value(FACETS[row[0]], row))
    for position, facet in enumerate(FACETS):
        if facet.param in CODED_VALUES:
            values[position] = _coded_values(facet)
        _with_not_classified(facet, values[position])
    return values


def _count_rows(facet: Facet, position: int, cases: QuerySet, *, every_case: bool) -> QuerySet:
    """(position, lookup row id, coded value, number of cases) for each value of one facet.

    Grouped by the plain column (the case's own, or the link table's), so the database can count
    from an index alone; a lookup facet's rows leave the coded value empty, and the reverse.
    COUNT(*) counts cases: CaseFilter narrows with subqueries, never with a join that would
    repeat a case.
    """
    empty_id = Value(None, output_field=BigIntegerField())
    empty_code = Value(None, output_field=CharField())
    counted = Count("*")
    if not facet.many:
        if facet.param in CODED_VALUES:
            rows = cases.values(_id=empty_id, _code=F(facet.path))
        else:
            rows = cases.values(_id=F(_id_path(facet)), _code=empty_code)
    else:
        # Counted from the link table, each case once: a case is linked to a value at most once
        # (a unique constraint) unless the facet `repeats`, and the selected cases are a
        # semi-join (IN), not a join.
        rows = facet.link_rows()
        if every_case:
            # No filter but the public's: every case's links but the few drafts', an anti-join on
            # their small index (cases_case_drafts_idx) instead of matching every published case.
            rows = rows.exclude(case_id__in=Case.all_objects.drafts().values("pk"))
        else:
            rows = rows.filter(case_id__in=cases.values("pk"))
        value = F(_link_value(facet))
        if facet.param in CODED_VALUES:
            rows = rows.values(_id=empty_id, _code=value)
        else:
            rows = rows.values(_id=value, _code=empty_code)
        if facet.repeats:
            counted = Count("case_id", distinct=True)
    return _counted(rows, position, counted)


def _not_classified_rows(position: int, cases: QuerySet) -> QuerySet:
    """The number of cases no study gives a type, keyed as the "Not classified" value (None)."""
    untyped = cases.filter(facet_condition(FACETS_BY_PARAM["typology"], [NOT_CLASSIFIED]))
    rows = untyped.values(
        _id=Value(None, output_field=BigIntegerField()), _code=Value(None, output_field=CharField())
    )
    return _counted(rows, position, Count("*"))


def _counted(rows: QuerySet, position: int, counted) -> QuerySet:
    return (
        rows.order_by()
        .annotate(_position=Value(position, output_field=IntegerField()), _n=counted)
        .values_list("_position", "_id", "_code", "_n")
    )


def _id_path(facet: Facet) -> str:
    """The path from Case to the id of a facet's lookup row ("region__nation" for nations)."""
    return facet.path.removesuffix("__slug")


def _link_value(facet: Facet) -> str:
    """A link facet's column of the value: the lookup row's id, or the coded value itself."""
    _relation, value_path = facet.link
    if value_path.endswith("__slug"):
        return value_path.removesuffix("__slug") + "_id"
    return value_path


def _all_counts(
    filterset: CaseFilter, base: QuerySet, *, whole: bool
) -> dict[int, dict[int | str | None, int]]:
    """Every facet's counts, by position in FACETS: one query, a grouped SELECT per facet (and
    one for the cases no study types). `whole`: `base` is every published case."""
    chosen = {name for name, value in filterset.form.cleaned_data.items() if value}
    parts = []
    for position, facet in enumerate(FACETS):
        cases = filterset.queryset_without(facet.param, base)
        every_case = whole and not (chosen - {facet.param, "sort"})
        parts.append(_count_rows(facet, position, cases, every_case=every_case))
        if facet.param == "typology":
            parts.append(_not_classified_rows(position, cases))
    counts = {position: {} for position in range(len(FACETS))}
    for position, row_id, code, n in parts[0].union(*parts[1:], all=True):
        counts[position][code if FACETS[position].param in CODED_VALUES else row_id] = n
    return counts
