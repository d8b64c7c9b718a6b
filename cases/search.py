"""Free-text search over cases: PostgreSQL full-text search there, a simple substring match elsewhere."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

CASE_SEARCH_FIELDS = (
    "name",
    "place_label",
    "lead_organisation",
    "initiative_name",
    "summary",
    "description",
)


def search_cases(queryset: QuerySet, text: str) -> QuerySet:
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = SearchVector(*CASE_SEARCH_FIELDS, config="english")
        query = SearchQuery(text, config="english", search_type="websearch")
        # Substring matching too, so a partial word ("Harr") still finds the case.
        return queryset.alias(_search=vector).filter(Q(_search=query) | _substring(text))
    return queryset.filter(_substring(text))


def _substring(text: str) -> Q:
    condition = Q()
    for field in CASE_SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return condition
