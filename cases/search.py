"""Free-text search over cases: PostgreSQL full-text search there, a simple substring match elsewhere.

On PostgreSQL the text is matched against `search_document`, a stored tsvector of the six fields
below that migration 0003 adds with a GIN index (plus trigram indexes for the substring match), so
a search reads indexes instead of parsing every case's text.
"""

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Expression, Q, QuerySet
from django.db.models.expressions import Col

from cases.models import Case

CASE_SEARCH_FIELDS = (
    "name",
    "place_label",
    "lead_organisation",
    "initiative_name",
    "summary",
    "description",
)

# The generated column is not a model field (SQLite has no tsvector): describe it for the ORM.
_DOCUMENT_FIELD = SearchVectorField()
_DOCUMENT_FIELD.set_attributes_from_name("search_document")
_DOCUMENT_FIELD.model = Case


class StoredDocument(Expression):
    """`cases_case.search_document` (PostgreSQL only): every searchable field of a case, weighted
    for ranking (see cases/migrations/0003_search_document.py)."""

    output_field = _DOCUMENT_FIELD

    def resolve_expression(self, query=None, *args, **kwargs):
        # A column of the query's base table; Col keeps the alias right inside subqueries.
        return Col(query.get_initial_alias(), _DOCUMENT_FIELD)


def search_cases(queryset: QuerySet, text: str) -> QuerySet:
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="english", search_type="websearch")
        # Substring matching too, so a partial word ("Harr") still finds the case.
        return queryset.alias(_search=StoredDocument()).filter(Q(_search=query) | _substring(text))
    return queryset.filter(_substring(text))


def _substring(text: str) -> Q:
    condition = Q()
    for field in CASE_SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return condition
