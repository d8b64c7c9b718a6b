"""Free-text search over cases: PostgreSQL full-text search there, SQLite's FTS5 on SQLite.

On PostgreSQL the text is matched against `search_document`, a stored tsvector of the six fields
below that migration 0003 adds with a GIN index, so a search reads that index instead of parsing
every case's text. The query is the reader's words in websearch syntax, each word a prefix
("harr" finds Harrow): a tsquery, so the GIN index answers the whole condition.

On SQLite the same six fields are in `cases_case_fts`, an FTS5 index with the porter stemmer that
migration 0007 adds and keeps in step with triggers. `fts_query` writes the reader's words in
FTS5's own syntax as websearch syntax reads them on PostgreSQL (phrases in double quotes, "or",
-word, every word a prefix, English stop words left out), so both databases find the same cases:
"alliances" finds an alliance on both.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, QuerySet, TextField
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


# PostgreSQL's English stop words (tsearch_data/english.stop): its "english" configuration drops
# them from documents and queries alike, so FTS5, which keeps every word, must not require them.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()
)
# A word as FTS5's unicode61 tokenizer splits text: letters and digits (not "_").
_WORD = re.compile(r"[^\W_]+")
# A phrase in double quotes (its closing quote optional, as in websearch syntax), or a chunk of
# text up to a space or a quote.
_PIECE = re.compile(r'(-?)"([^"]*)"?|([^\s"]+)')
# FTS5 nests an expression about one level per term and refuses more than 256 levels; the
# readers' searches are at most 200 characters, so this only bounds direct calls.
MAX_TERMS = 64


def _phrase(words: list[str]) -> str:
    """Words that follow each other, each a prefix; a stop word inside the phrase (not at its
    ends, which PostgreSQL drops) is kept as itself. Every word is quoted: FTS5 reads nothing
    inside double quotes as syntax, and the words hold only letters and digits anyway."""
    while words and words[0].casefold() in STOP_WORDS:
        words = words[1:]
    while words and words[-1].casefold() in STOP_WORDS:
        words = words[:-1]
    return " + ".join(
        f'"{word}"' if word.casefold() in STOP_WORDS else f'"{word}"*' for word in words
    )


@dataclass(frozen=True)
class FtsQuery:
    """The reader's text for FTS5: a row matches if its words match `matching`, or if they match
    none of the terms of one of `excluding` (a group of excluded words alone, "-harrow", which
    FTS5 cannot say: its NOT needs a left side)."""

    matching: str
    excluding: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.matching or self.excluding)

    def in_column(self, column: str) -> "FtsQuery":
        """The same query, matched against one column of the index only."""
        return FtsQuery(
            f"{column} : ({self.matching})" if self.matching else "",
            tuple(f"{column} : ({query})" for query in self.excluding),
        )


def fts_query(text: str) -> FtsQuery:
    """The reader's text in FTS5 query syntax, read as PostgreSQL reads websearch syntax: words
    are all required, "quoted words" a phrase, `or` between words either, -word excluded; every
    word a prefix. Empty when nothing is left to search for (only stop words or punctuation),
    which matches nothing, as PostgreSQL's empty tsquery does.
    """
    groups: list[tuple[list[str], list[str]]] = [([], [])]
    n_terms = 0
    for match in _PIECE.finditer(text):
        negated, quoted, chunk = match.groups()
        if chunk is not None:
            if chunk.casefold() == "or":
                if groups[-1] != ([], []):
                    groups.append(([], []))
                continue
            negated = chunk.startswith("-")
            quoted = chunk.lstrip("-")
        term = _phrase(_WORD.findall(quoted))
        if term and n_terms < MAX_TERMS:
            groups[-1][1 if negated else 0].append(term)
            n_terms += 1
    alternatives, excluding = [], []
    for required, excluded in groups:
        if not required:
            if excluded:
                excluding.append(" OR ".join(excluded))
            continue
        expression = "(" + " AND ".join(required) + ")"
        for term in excluded:
            expression = f"({expression} NOT {term})"
        alternatives.append(expression)
    return FtsQuery(" OR ".join(alternatives), tuple(excluding))


@dataclass(frozen=True)
class FullTextIndex:
    """SQLite: an FTS5 table indexing some columns of a model's table, its rowid the row's id."""

    table: str
    columns: tuple[str, ...]
    # bm25's weight for each column, in the table's order: PostgreSQL's ts_rank weighs A 1.0,
    # B 0.4 and C 0.2, and these follow the weights of the PostgreSQL document.
    weights: tuple[float, ...]

    def matches(self, text: str, *, key: str = "pk", column: str = "") -> Expression:
        """A condition: the row whose `key` is the id of an indexed row matching `text` (in
        `column` alone if given)."""
        query = fts_query(text)
        return FullTextMatch(
            F(key), table=self.table, query=query.in_column(column) if column else query
        )

    @property
    def bm25(self) -> str:
        return f"bm25({self.table}, {', '.join(str(weight) for weight in self.weights)})"

    def rank(self, text: str, *, best: int) -> Expression:
        """bm25's relevance of the row to `text` if it is among the `best` matches, higher for
        better; 0 for the other rows (see OfTheBest)."""
        return OfTheBest(self, fts_query(text).matching, f"-{self.bm25}", "0.0", best=best)

    def matched_words(
        self, text: str, fields: tuple[str, ...], *, start: str, stop: str, best: int
    ) -> Expression:
        """The text of `fields` (those of them the index holds) with each word that `text`
        matched between `start` and `stop`, as ts_headline marks them, for the `best` matches;
        "" for the other rows (see OfTheBest)."""
        marked = [
            f"highlight({self.table}, {self.columns.index(name):d}, '{start}', '{stop}')"
            for name in fields
            if name in self.columns
        ]
        function = " || ' ' || ".join(marked) or "''"
        return OfTheBest(self, fts_query(text).matching, function, "''", best=best)


class OnKey(Expression):
    """An expression over one row's key (`self.key`), the only part the ORM resolves."""

    def get_source_expressions(self):
        return [self.key]

    def set_source_expressions(self, exprs):
        (self.key,) = exprs


class FullTextMatch(OnKey):
    """SQLite: `key IN (the rowids that the FTS5 table matches)`, or NOT IN those of a group of
    excluded words; false for an empty query."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, key, *, table: str, query: FtsQuery):
        super().__init__()
        self.key, self.table, self.query = key, table, query

    def as_sql(self, compiler, connection):
        if not self.query:
            return "1 = 0", []
        key, key_params = compiler.compile(self.key)
        rowids = f"(SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
        conditions, params = [], []
        if self.query.matching:
            conditions.append(f"{key} IN {rowids}")
            params += [*key_params, self.query.matching]
        for excluded in self.query.excluding:
            conditions.append(f"{key} NOT IN {rowids}")
            params += [*key_params, excluded]
        return "(" + " OR ".join(conditions) + ")", params


class OfTheBest(OnKey):
    """SQLite: a value that an FTS5 function gives for the row `key`, if the row is among the
    `best` most relevant matches of the query; `default` for the other rows.

    FTS5's functions are only cheap in one pass over the matches (bm25 counts every match before
    it can rank one), not in a subquery correlated with each row. So one uncorrelated subquery
    picks the best rows (evaluated once) and only those are looked up one by one. The others are
    not shown: search/queries.py shows the best RESULTS_PER_TYPE of each kind (among matches of
    equal relevance at the cut, FTS5 picks).
    """

    def __init__(self, index: FullTextIndex, query: str, function: str, default: str, *, best):
        super().__init__(output_field=TextField() if default == "''" else FloatField())
        self.key, self.index, self.query = F("pk"), index, query
        self.function, self.default, self.best = function, default, best

    def as_sql(self, compiler, connection):
        if not self.query:
            return self.default, []
        key, params = compiler.compile(self.key)
        table = self.index.table
        best = (
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s "
            f"ORDER BY {self.index.bm25} LIMIT {self.best:d}"
        )
        one = f"SELECT {self.function} FROM {table} WHERE {table} MATCH %s AND rowid = {key}"
        return (
            f"CASE WHEN {key} IN ({best}) THEN ({one}) ELSE {self.default} END",
            [*params, self.query, self.query, *params],
        )


CASE_INDEX = FullTextIndex(
    table="cases_case_fts",  # cases/migrations/0007_search_fts.py
    columns=CASE_SEARCH_FIELDS,
    weights=(1.0, 0.4, 0.4, 0.4, 0.2, 0.2),
)


# PostgreSQL refuses a NUL in a string parameter; the forms refuse it too, this covers other callers.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_cases(queryset: QuerySet, text: str) -> QuerySet:
    text = _CONTROL.sub(" ", text).strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(_search=StoredDocument()).filter(_search=PrefixQuery(text))
    return queryset.filter(CASE_INDEX.matches(text))
