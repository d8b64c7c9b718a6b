"""The quotation list's filter options, each with the number of quotations it would give.

As on the case list (cases/facets.py), each facet's counts apply every selected filter but its
own, so ticking a value never zeroes its siblings. Only values that some quotation has are
offered (a value with none would give an empty list), and of the long facets, cases and
speakers' roles, only the FACET_LIMIT with most quotations under the other filters: choosing
a finding or a study first narrows them. A chosen value is always offered, so it can be
unticked. Four queries, one grouped count per facet, whatever the number of quotations.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from cases.facets import FacetGroup, FacetValue
from cases.models.publication import published
from findings.choices import FindingKind
from findings.filters import QuotationFilter, role_key
from findings.models import Quotation

FACET_LIMIT = 50
LABELS = {
    "case": "Case",
    "finding": "Finding",
    "study": "Study",
    "speaker_role": "Speaker’s role",
}


@dataclass
class QuotationFacet(FacetGroup):
    left_out: int = 0  # values with quotations not offered (past FACET_LIMIT)


def build_quotation_facets(filterset: QuotationFilter) -> list[QuotationFacet]:
    """Each filter's values with their counts and selection, for a validated QuotationFilter
    (an unbound one for none chosen). Queries: 4."""
    chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
    return [
        _case_facet(filterset, chosen),
        _finding_facet(filterset, chosen),
        _study_facet(filterset, chosen),
        _role_facet(filterset, chosen),
    ]


def _counted(filterset: QuotationFilter, param: str, chosen: dict, key: str = "pk", **kwargs):
    """COUNT of quotations (by the column `key`) meeting every chosen filter but `param`."""
    if not any(value for name, value in chosen.items() if name != param):
        return Count(key, **kwargs)
    matching = filterset.queryset_without(param, Quotation.objects.public()).values("pk")
    return Count(key, filter=Q(**{f"{key}__in": matching}), **kwargs)


def _links() -> QuerySet:
    """The public quotations' links to the findings of published studies."""
    return Quotation.findings.through.objects.filter(
        published("quotation__case__"), published("finding__study__")
    ).order_by()


def _offered(values: list[FacetValue], chosen: list[str], *, limit=None, same=str):
    """The values worth offering: those giving some quotation (the most, up to `limit`) and the
    chosen ones, in their given order; and how many were left out. `same` says which values
    are one (a role in any capitals)."""
    picked = {same(slug) for slug in chosen}
    for value in values:
        value.selected = same(value.slug) in picked
    giving = [value for value in values if value.count and not value.selected]
    kept = set(map(id, sorted(giving, key=lambda v: -v.count)[:limit]))
    shown = [value for value in values if value.selected or id(value) in kept]
    known = {same(value.slug) for value in values}
    # A chosen case that has no quotation at all: offered by its slug, so it can be unticked.
    shown += [
        FacetValue(slug=slug, label=slug, selected=True)
        for slug in chosen
        if same(slug) not in known
    ]
    return shown, len(giving) - len(kept)


def _case_facet(filterset, chosen) -> QuotationFacet:
    rows = (
        Quotation.objects.public()
        .order_by()
        .values("case__slug", "case__name")
        .annotate(n=_counted(filterset, "case", chosen))
    )
    values = sorted(
        (
            FacetValue(slug=row["case__slug"], label=row["case__name"], count=row["n"])
            for row in rows
        ),
        key=lambda value: (value.label.casefold(), value.slug),
    )
    shown, left_out = _offered(values, chosen.get("case") or [], limit=FACET_LIMIT)
    return QuotationFacet("case", LABELS["case"], shown, left_out)


def _finding_facet(filterset, chosen) -> QuotationFacet:
    rows = _links().values("finding__slug", "finding__title", "finding__kind", "finding__order")
    rows = rows.annotate(n=_counted(filterset, "finding", chosen, key="quotation_id"))
    ranks = {kind: rank for rank, kind in enumerate(FindingKind.values)}
    rows = sorted(
        rows,
        key=lambda row: (ranks[row["finding__kind"]], row["finding__order"], row["finding__slug"]),
    )
    values = [
        FacetValue(
            slug=row["finding__slug"],
            label=row["finding__title"],
            count=row["n"],
            group=FindingKind(row["finding__kind"]).label,
        )
        for row in rows
    ]
    shown, left_out = _offered(values, chosen.get("finding") or [])
    return QuotationFacet("finding", LABELS["finding"], shown, left_out)


def _study_facet(filterset, chosen) -> QuotationFacet:
    rows = _links().values("finding__study__slug", "finding__study__title", "finding__study__year")
    # A quotation may illustrate several findings of one study: counted once.
    rows = rows.annotate(n=_counted(filterset, "study", chosen, key="quotation_id", distinct=True))
    rows = sorted(rows, key=lambda row: (row["finding__study__year"], row["finding__study__slug"]))
    values = [
        FacetValue(
            slug=row["finding__study__slug"], label=row["finding__study__title"], count=row["n"]
        )
        for row in rows
    ]
    shown, left_out = _offered(values, chosen.get("study") or [])
    return QuotationFacet("study", LABELS["study"], shown, left_out)


def _role_facet(filterset, chosen) -> QuotationFacet:
    """Roles that differ only in capitals or spacing are one role, named as most quotations
    spell it; that name is what the form sends (any spelling finds them all)."""
    rows = (
        Quotation.objects.public()
        .order_by()
        .values("speaker_role")
        .annotate(n=_counted(filterset, "speaker_role", chosen), spelled=Count("pk"))
    )
    roles: dict[str, list] = {}
    for row in rows:
        roles.setdefault(role_key(row["speaker_role"]), []).append(row)
    values = []
    for spellings in roles.values():
        # The commonest spelling; on a tie, the one with capitals ("Chief" sorts before "chief").
        spelling = min(spellings, key=lambda row: (-row["spelled"], row["speaker_role"]))
        name = " ".join(spelling["speaker_role"].split())
        values.append(FacetValue(slug=name, label=name, count=sum(row["n"] for row in spellings)))
    values.sort(key=lambda value: (role_key(value.label), value.label))
    shown, left_out = _offered(
        values, chosen.get("speaker_role") or [], limit=FACET_LIMIT, same=role_key
    )
    return QuotationFacet("speaker_role", LABELS["speaker_role"], shown, left_out)
