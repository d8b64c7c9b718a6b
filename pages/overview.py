"""The overview page's reads: headline counts, the charts of cases and the map of the places.

Everything is counted in the database in grouped queries, so the page runs the same number of
queries for ten cases or ten thousand; the map shows each case while their markers can be held
apart, then one mark per region (cases/case_map.py), so the page's size stays bounded too.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict

from cases.case_map import case_map
from cases.charts import facet_chart
from cases.facets import build_facets
from cases.filters import CaseFilter
from cases.models import (
    AccountabilityMode,
    Basis,
    Case,
    CaseAccountability,
    Classification,
    Source,
    SourceOrigin,
    Typology,
)
from cases.models.publication import published
from findings.models import Finding, Quotation


def headline_counts() -> dict[str, int]:
    """What the knowledge base holds. 5 queries: cases (with places, regions…), sources, findings,
    quotations, and the links between cases and accountability modes."""
    has_mode = Exists(CaseAccountability.objects.filter(case=OuterRef("pk")))
    typed = Classification.objects.filter(case=OuterRef("pk"), typology__isnull=False)
    counts = Case.objects.order_by().aggregate(
        cases=Count("pk"),
        places=Count("place_label", distinct=True),
        regions=Count("region", distinct=True),
        nations=Count("region__nation", distinct=True),
        classified=Count("pk", filter=Q(Exists(typed))),
        inferred=Count("pk", filter=Q(Exists(typed.filter(basis=Basis.INFERRED)))),
        stated=Count("pk", filter=Q(Exists(typed.filter(basis=Basis.STATED)))),
        without_mode=Count("pk", filter=~Q(has_mode)),
    )
    counts |= Source.objects.order_by().aggregate(
        sources=Count("pk"),
        study_sources=Count("pk", filter=Q(origin=SourceOrigin.STUDY)),
        related_sources=Count("pk", filter=Q(origin=SourceOrigin.RELATED)),
        outside_sources=Count("pk", filter=Q(origin=SourceOrigin.EXTERNAL)),
    )
    counts |= (
        CaseAccountability.objects.filter(published("case__"))
        .order_by()
        .aggregate(
            mode_links=Count("pk"), inferred_mode_links=Count("pk", filter=Q(basis=Basis.INFERRED))
        )
    )
    counts["findings"] = Finding.objects.filter(published("study__")).count()
    counts["quotations"] = Quotation.objects.filter(published("case__")).count()
    counts["unclassified"] = counts["cases"] - counts["classified"]
    return counts


# The overview's charts: the facet, its chart's title, and a note where the bars need one.
CHARTS = (
    ("typology", "Cases by type of collaboration", ""),
    ("sector", "Cases by sector", ""),
    ("region", "Cases by region", ""),
    (
        "accountability",
        "Cases by accountability mode",
        "A case can have more than one mode, so the bars need not add up to the cases.",
    ),
    (
        "status",
        "Cases by latest known status",
        "As the latest source we could read has it; “not known” means no source we read says.",
    ),
)


def charts(facets) -> dict:
    """The overview's bar charts, by facet parameter, from the case list's facet counts."""
    groups = {group.param: group for group in facets}
    return {
        param: facet_chart(groups[param], title=title, note=note) for param, title, note in CHARTS
    }


def overview() -> dict:
    """Everything the overview page shows, in 11 queries whatever the number of cases.

    Types and modes with their sources (for their definitions) 2; the facets' values and counts
    2 (cases/facets.py); headline counts 5; the map 2 (cases/case_map.py).
    """
    # A draft study's types and modes are not shown (cases/models/study.py).
    typologies = Typology.objects.filter(published("study__")).select_related("source")
    modes = AccountabilityMode.objects.filter(published("study__")).select_related("source")
    typologies, modes = (
        list(typologies.order_by("order", "slug")),
        list(modes.order_by("order", "slug")),
    )
    facets = build_facets(CaseFilter(QueryDict()))
    counts = headline_counts()
    return {
        "counts": counts,
        "typologies": typologies,
        "modes": modes,
        "charts": charts(facets),
        "sectors": next(group.values for group in facets if group.param == "sector"),
        "case_map": case_map(Case.objects.order_by("name", "slug")),
    }
