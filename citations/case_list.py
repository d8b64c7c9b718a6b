"""The case list as a thing to cite: its filters checked as the list checks them (CaseFilter, with
the list's messages), named in words as the list's tags name them, and its address."""

from django.http import QueryDict

from cases.facets import FacetGroup
from cases.filters import CaseFilter, selection_query


def filter_errors(filterset: CaseFilter) -> list[str]:
    """The list's own messages for bad filters, as its error summary gives them."""
    return [
        f"{param}: {message}"
        for param, messages in filterset.errors.items()
        for message in messages
    ]


def criteria_in_words(filterset: CaseFilter, facets: list[FacetGroup]) -> list[str]:
    """Each filter chosen, as the list's tags name it: "Region: North West or Scotland", then the
    search: "Search: ‘bridge’" (single quotes: the criteria go inside a title's double ones).
    `facets` come from build_facets() for this (valid) filterset."""
    criteria = [
        f"{group.label}: {' or '.join(value.label for value in group.selected_values)}"
        for group in facets
        if group.selected_values
    ]
    # An unbound FilterSet (the list with no query string) has no cleaned data: no search.
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    if search := cleaned.get("q"):
        criteria.append(f"Search: ‘{search}’")
    return criteria


def list_query(query: QueryDict) -> str:
    """The query string of the list's filters and sort only: no page, no map view, nothing the
    list would ignore, so the cited address shows the same cases in the same order."""
    return selection_query(query, CaseFilter.base_filters)
