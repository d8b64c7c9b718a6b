"""Which cases a pack holds: the case list's filters (cases/filters.py CaseFilter), validated the
same way so a bad parameter gets the list's own 400 message, plus `?case=<slug>` (repeatable).

`case` names cases one by one: the compare page's selection, or a case page's one case. It is one
more filter, ANDed with the others as every parameter of the list is: `?case=a&case=b` alone is
exactly those cases; with `&sector=charity` added, those of them that are charities. A draft's
slug, like any slug no published case has, is an unknown case (a 400 naming it).

Parameters that are not filters are ignored, as the list ignores them: its `page` (a pack holds
the whole selection) and `view` (list or map), the compare page's `differences`.
"""

from dataclasses import dataclass, field

from django.http import QueryDict

from cases.filters import CaseFilter, selection_query
from cases.list_filters import SlugsFilter
from cases.models import Case

# A pack past this many cases would be too long to read in a meeting and slow to make; the
# refusal says so and offers the data files instead (packs/views.py).
MAX_CASES = 50


class PackFilter(CaseFilter):
    """The case list's filters and sorts, and `case`: the cases named by slug."""

    case = SlugsFilter("slug", model_getter=lambda: Case, noun="case", label="Case")


@dataclass
class Selection:
    """The cases a query string selects (their ids in the list's order, at most MAX_CASES + 1:
    enough to know the selection is too large), or the errors that make it invalid."""

    query: QueryDict
    filterset: PackFilter
    errors: list[dict] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    total: int = 0  # how many cases match: exact up to MAX_CASES, counted when past it

    @property
    def too_large(self) -> bool:
        return self.total > MAX_CASES


def filters_query(query: QueryDict, *, leave_out: tuple[str, ...] = ()) -> str:
    """The query string of the pack's own parameters only (filters, sort and `case`), but those
    left out (the case list knows all of them but `case`)."""
    return selection_query(query, set(PackFilter.base_filters) - set(leave_out))


def select(query: QueryDict) -> Selection:
    """Validate the query as the case list does, then read the matching cases' ids.

    Queries: 1 checking the lookup tables' slugs (if any given), 1 for `case` slugs (if given),
    1 for the ids; 1 more to count a selection past MAX_CASES."""
    # Case.objects: published cases only, so no draft is ever in a pack.
    filterset = PackFilter(query, queryset=Case.objects.all())
    selection = Selection(query=query, filterset=filterset)
    if not filterset.is_valid():
        selection.errors = [
            {"param": param, "message": message}
            for param, messages in filterset.errors.items()
            for message in messages
        ]
        return selection
    cases = filterset.qs
    selection.case_ids = list(cases.values_list("pk", flat=True)[: MAX_CASES + 1])
    selection.total = len(selection.case_ids)
    if selection.too_large:
        selection.total = cases.order_by().count()
    return selection
