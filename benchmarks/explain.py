"""EXPLAIN ANALYZE of the hot queries, for docs/performance.md (PostgreSQL; run after `synthesize`).

Usage (from the project root, with DATABASE_URL set): python benchmarks/explain.py > explain.txt
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallying.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.http import QueryDict  # noqa: E402

from cases.filters import FACETS_BY_PARAM, CaseFilter  # noqa: E402
from cases.models import Case  # noqa: E402
from cases.search import search_cases  # noqa: E402
from search.queries import SEARCHABLES, _ranked  # noqa: E402


def filtered(query: str):
    filterset = CaseFilter(QueryDict(query), queryset=Case.objects.for_detail())
    assert filterset.is_valid(), filterset.errors
    return filterset


def show(title: str, queryset) -> None:
    print(f"-- {title}")
    print(queryset.explain(analyze=True))
    print()


def main() -> None:
    print(f"-- {Case.objects.count()} cases\n")
    listing = filtered("sector=charity&region=london")
    show("Filtered case list, a page (/api/cases/?sector=charity&region=london)", listing.qs[:50])
    show("Its count", listing.qs.order_by().values("pk"))
    for param in ("typology", "accountability"):
        facet = FACETS_BY_PARAM[param]
        others = listing.queryset_without(param, Case.objects.all())
        # The query of cases.facets.facet_counts.
        counts = others.order_by().values(facet.path).annotate(n=Count("pk", distinct=True))
        show(f"Facet counts of “{param}” with the other filters applied", counts)
    for text in ("alliance", "pooled commissioning", "harr"):
        searched = search_cases(Case.objects.order_by("name", "slug"), text)
        show(f"Case search “{text}”, a page (/api/cases/?q=…)", searched[:50])
        show(f"Case search “{text}”, its count", searched.order_by().values("pk"))
    cases = next(spec for spec in SEARCHABLES if spec.key == "cases")
    show(
        "Site search, cases ranked by the stored document (/search/?q=alliance)",
        _ranked(cases, "alliance")[:50],
    )
    show("Case page (/cases/<slug>/)", Case.objects.for_detail().filter(slug="wirral-council"))


if __name__ == "__main__":
    main()
