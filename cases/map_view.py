"""The case list's map view: `?view=map` shows the filtered cases on a map in place of the cards.

The view is a display choice, not a filter: the API and the CSV never see it (`without_view`).
"""

from django.http import QueryDict

from cases.case_map import case_map
from cases.filters import CaseFilter
from cases.models import Case

VIEW_PARAM = "view"
MAP = "map"


def wants_map(query: QueryDict) -> bool:
    return query.get(VIEW_PARAM) == MAP


def without_view(query: QueryDict) -> QueryDict:
    query = query.copy()
    query.pop(VIEW_PARAM, None)
    return query


def map_view_context(query: QueryDict, filterset: CaseFilter | None) -> dict:
    """What the case list adds for its map view: the filtered cases' map (2 queries, see
    cases/case_map.py), or nothing when the list is shown or the filters are invalid."""
    if not wants_map(query):
        return {"map_view": False}
    if filterset is None:
        return {"map_view": True, "case_map": None}
    # The validated filters applied to plain cases: the map needs none of the list's joins.
    cases = filterset.filter_queryset(Case.objects.all())
    return {"map_view": True, "case_map": case_map(cases, query)}
