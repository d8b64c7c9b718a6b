"""Free-text search over cases: PostgreSQL full-text search there, a simple substring match elsewhere.

On PostgreSQL the text is matched against `search_document`, a stored tsvector of the six fields
below that migration 0003 adds with a GIN index, so a search reads that index instead of parsing
every case's text. The query is the reader's words in websearch syntax, each word a prefix
("harr" finds Harrow): a tsquery, so the GIN index answers the whole condition.
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
CONFIG = "english"

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


class PrefixQuery(SearchQuery):
    """PostgreSQL: the reader's text as websearch syntax (phrases, "or", -word), stemmed, with
    every word made a prefix, so the start of a word still matches ("harr" finds Harrow, "wirr"
    Wirral). `to_tsquery('simple', …)` reads the stemmed query back without stemming it again.

    `weights` restricts every word to those weights of the document: "A" matches a case's name
    alone (cases/migrations/0003 weighs the name A), still from the GIN index.
    """

    # A lexeme of the query's text form: quoted, a quote inside it doubled ('o''neil').
    LEXEME = "'((?:[^']|'')*)'"

    def __init__(self, text: str, *, weights: str = ""):
        super().__init__(text, config=CONFIG, search_type="websearch")
        self.weights = weights

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return (
            f"to_tsquery('simple'::regconfig, regexp_replace(({sql})::text, %s, %s, 'g'))",
            [*params, self.LEXEME, f"'\\1':*{self.weights}"],
        )


def search_cases(queryset: QuerySet, text: str) -> QuerySet:
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(_search=StoredDocument()).filter(_search=PrefixQuery(text))
    return queryset.filter(_substring(text))


def _substring(text: str) -> Q:
    condition = Q()
    for field in CASE_SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return condition
