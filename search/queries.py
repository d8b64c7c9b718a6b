"""Site search across cases, findings and quotations (`/search/?q=`).

On PostgreSQL: full-text search (websearch syntax, English stemming, every word a prefix so that
a partial word such as "Harr" still finds something: cases/search.py PrefixQuery) ranked with
SearchRank. ts_headline says which words the stemmed search matched ("collaborative" for
"collaborating"). Cases are matched and ranked with their stored, indexed search document
(cases/search.py); quotations with theirs (findings/migrations/0002: text and speaker's role) or
through their case's name, matched with the cases' index; findings, a few dozen, are parsed at
query time.

On SQLite: FTS5 indexes with the porter stemmer (cases/migrations/0007, findings/migrations/0004),
kept in step by triggers, queried with the reader's words as FTS5 syntax (cases/search.py
fts_query: the same reading of websearch syntax, every word a prefix) and ranked with bm25,
weighed as on PostgreSQL; FTS5's highlight() says which words matched, as ts_headline does. The
same words find the same records on both databases (search/tests/test_search_parity.py); only
the order of equally good matches may differ (bm25 is not ts_rank).

What the page shows is always the stored text itself, never ts_headline's output (which drops
anything that looks like an HTML tag, and a quotation must stay verbatim). Highlighting trusts no
text, whether typed by the reader or stored by an editor: every piece is escaped, and the only
markup added is our own <mark>.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case as Switch
from django.db.models import (
    Expression,
    F,
    IntegerField,
    Model,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Col, CombinedExpression
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cases.models import Case, Classification
from cases.models.publication import published
from cases.querysets import count_of
from cases.search import (
    CASE_INDEX,
    CONFIG,
    FullTextIndex,
    PrefixQuery,
    StoredDocument,
    search_cases,
)
from findings.models import Finding, Quotation

MAX_QUERY_LENGTH = 200
RESULTS_PER_TYPE = 50
START, STOP = "\ue000", "\ue001"  # ts_headline's match delimiters; never in stored text
EXCERPT_LENGTH = 240
# Control characters break PostgreSQL string parameters (NUL) and our delimiters must not come in.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


def normalise(text: str) -> str:
    """The reader's query, with control characters turned into spaces and outer space trimmed."""
    return _UNSAFE.sub(" ", text).strip()


@dataclass(frozen=True)
class Searchable:
    """How one kind of record is matched, ranked and shown."""

    key: str
    label: str
    singular: str
    queryset: Callable[[], QuerySet]
    # (field, weight) pairs: the full-text document; a match in a heavier field ranks higher.
    weighted: tuple[tuple[str, str], ...]
    # What the page shows, highlighted: name → the fields joined; "whole" ones are shown in full,
    # the others as an excerpt around the first match.
    shown: dict[str, tuple[str, ...]]
    whole: frozenset[str]
    order: tuple[str, ...]
    title_field: str
    matcher: Callable[[QuerySet, str], QuerySet] | None = None  # default: see _matching
    # PostgreSQL: a stored tsvector equal to the weighted document, to rank without re-parsing.
    document: Callable[[], Expression] | None = None
    # SQLite: the FTS5 index of the record's own fields, to match and rank with.
    index: FullTextIndex | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.weighted)


# `findings_quotation.search_document` (PostgreSQL only), described for the ORM as cases/search.py
# describes the cases' one: it is not a model field (SQLite has no tsvector).
_QUOTATION_DOCUMENT = SearchVectorField()
_QUOTATION_DOCUMENT.set_attributes_from_name("search_document")
_QUOTATION_DOCUMENT.model = Quotation


class QuotationDocument(Expression):
    """The quotation's text (weight A) and speaker's role (B), stored and indexed."""

    output_field = _QUOTATION_DOCUMENT

    def resolve_expression(self, query=None, *args, **kwargs):
        return Col(query.get_initial_alias(), _QUOTATION_DOCUMENT)


def quotation_document() -> Expression:
    """What quotations are ranked with: their stored document, then their case's name (B), the
    same weighted vector as parsing the three fields, without parsing the quotation's text."""
    name = SearchVector("case__name", config=CONFIG, weight="B")
    return CombinedExpression(QuotationDocument(), "||", name, output_field=_QUOTATION_DOCUMENT)


FINDING_INDEX = FullTextIndex(
    table="findings_finding_fts",  # findings/migrations/0004_search_fts.py
    columns=("title", "summary"),
    weights=(1.0, 0.4),
)
QUOTATION_INDEX = FullTextIndex(
    table="findings_quotation_fts",  # findings/migrations/0004_search_fts.py
    columns=("text", "speaker_role"),
    weights=(1.0, 0.4),
)


def search_quotations(queryset: QuerySet, text: str) -> QuerySet:
    """Quotations whose own text or speaker's role matches, or whose case's name does.

    On PostgreSQL two conditions, each answered from a GIN index: the quotation's stored document
    (findings/migrations/0002), and the case's (cases/migrations/0003), whose words of weight A
    are its name. A query whose words are split between the quotation and its case's name
    ("wirral outcomes") matches neither part.
    """
    if connection.vendor != "postgresql":
        # The same two conditions from the FTS5 indexes: the case's name is a column of its own.
        own = QUOTATION_INDEX.matches(text)
        return queryset.filter(own | CASE_INDEX.matches(text, key="case_id", column="name"))
    query = PrefixQuery(text)
    own_matches = (
        Quotation.objects.alias(_document=QuotationDocument()).filter(_document=query).values("pk")
    )
    # The words in the case's name: weight A of its stored document (cases/migrations/0003).
    # Every case's: the quotations are narrowed to published cases' by the caller, and a
    # publication condition here would draw the planner to the case list's partial indexes.
    named_cases = (
        Case.all_objects.alias(_document=StoredDocument())
        .filter(_document=PrefixQuery(text, weights="A"))
        .values("pk")
    )
    return queryset.filter(Q(pk__in=own_matches) | Q(case_id__in=named_cases))


SEARCHABLES = (
    Searchable(
        key="cases",
        label="Cases",
        singular="case",
        queryset=lambda: Case.objects.select_related("sector", "region").prefetch_related(
            Prefetch(
                "classifications",
                queryset=Classification.objects.filter(published("study__")).select_related(
                    "typology", "source"
                ),
            )
        ),
        weighted=(
            ("name", "A"),
            ("place_label", "B"),
            ("lead_organisation", "B"),
            ("initiative_name", "B"),
            ("summary", "C"),
            ("description", "C"),
        ),
        shown={"title": ("name",), "snippet": ("summary", "description")},
        whole=frozenset({"title"}),
        order=("name", "slug"),
        title_field="name",
        # The case list's own search, so "see these cases in the list" finds the same cases.
        matcher=search_cases,
        document=StoredDocument,  # cases/migrations/0003_search_document.py, same weights
        index=CASE_INDEX,
    ),
    Searchable(
        key="findings",
        label="Findings",
        singular="finding",
        queryset=Finding.objects.public,
        weighted=(("title", "A"), ("summary", "B")),
        shown={"title": ("title",), "snippet": ("summary",)},
        whole=frozenset({"title", "snippet"}),
        order=("title", "slug"),
        title_field="title",
        index=FINDING_INDEX,
    ),
    Searchable(
        key="quotations",
        label="Quotations",
        singular="quotation",
        queryset=lambda: Quotation.objects.filter(published("case__")).select_related(
            "case", "source"
        ),
        weighted=(("text", "A"), ("speaker_role", "B"), ("case__name", "B")),
        shown={"text": ("text",), "speaker": ("speaker_role",), "case": ("case__name",)},
        whole=frozenset({"text", "speaker", "case"}),
        order=("case__name", "order", "slug"),
        title_field="text",
        matcher=search_quotations,
        document=quotation_document,
        index=QUOTATION_INDEX,  # a match by the case's name alone ranks after the others
    ),
)


@dataclass
class Hit:
    obj: Model
    marked: dict[str, SafeString]


@dataclass
class ResultGroup:
    key: str
    label: str
    singular: str
    hits: list[Hit]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


@dataclass
class SearchResults:
    text: str
    groups: list[ResultGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def site_search(text: str) -> SearchResults:
    """Cases, findings and quotations matching `text`, best first, highlighted.

    Queries: one per kind of record, three in all whatever the size of the tables. Each returns
    the first RESULTS_PER_TYPE matches and, in every row, the number of all matches (an
    uncorrelated subquery, which the database evaluates once).
    """
    text = normalise(text)
    results = SearchResults(text=text)
    if not text:
        return results
    terms = terms_of(text)
    for spec in SEARCHABLES:
        queryset = _ranked(spec, text)
        rows = list(queryset.annotate(_total=count_of(_matching(spec, text)))[:RESULTS_PER_TYPE])
        total = rows[0]._total if rows else 0
        hits = [_hit(spec, row, terms) for row in rows]
        results.groups.append(ResultGroup(spec.key, spec.label, spec.singular, hits, total))
    return results


def terms_of(text: str) -> list[str]:
    """The words of the query, for highlighting."""
    words = {word.casefold(): word for word in re.findall(r"\w+", text)}
    return sorted(words.values(), key=len, reverse=True)


def _matching(spec: Searchable, text: str) -> QuerySet:
    """The records that match, in a stable order (the count uses this)."""
    queryset = spec.queryset()
    if spec.matcher is not None:
        matched = spec.matcher(queryset, text)
    elif connection.vendor == "postgresql":
        vector = SearchVector(*spec.fields, config=CONFIG)
        matched = queryset.alias(_document=vector).filter(_document=PrefixQuery(text))
    else:
        matched = queryset.filter(spec.index.matches(text))
    # A record whose title is the query comes first, then those whose title contains it; then
    # the usual order (relevance comes between the two: see _ranked).
    return matched.alias(
        _exact=_flag(**{f"{spec.title_field}__iexact": text}),
        _title_hit=_flag(**{f"{spec.title_field}__icontains": text}),
    ).order_by("-_exact", "-_title_hit", *spec.order)


def _flag(**condition) -> Switch:
    return Switch(When(**condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _ranked(spec: Searchable, text: str) -> QuerySet:
    """The matches ranked by full-text relevance, each with the words that matched (on SQLite,
    for the RESULTS_PER_TYPE best: see cases/search.py OfTheBest)."""
    shown = tuple(dict.fromkeys(f for fields in spec.shown.values() for f in fields))
    if connection.vendor != "postgresql":
        index, best = spec.index, RESULTS_PER_TYPE
        words = index.matched_words(text, shown, start=START, stop=STOP, best=best)
        return (
            _matching(spec, text)
            .annotate(rank=index.rank(text, best=best), matched_words=words)
            .order_by("-_exact", "-rank", "-_title_hit", *spec.order)
        )
    query = PrefixQuery(text)
    if spec.document is not None:
        vector = spec.document()
    else:
        vector = None
        for name, weight in spec.weighted:
            part = SearchVector(name, config=CONFIG, weight=weight)
            vector = part if vector is None else vector + part
    # Only the marked words are used (see the module docstring), so mark them all.
    headline = SearchHeadline(
        _joined(shown), query, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
    )
    return (
        _matching(spec, text)
        .annotate(rank=SearchRank(vector, query), matched_words=headline)
        .order_by("-_exact", "-rank", "-_title_hit", *spec.order)
    )


def _joined(fields: tuple[str, ...]):
    if len(fields) == 1:
        return F(fields[0])
    parts = []
    for name in fields:
        parts += [F(name), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _value(row: Model, path: str) -> str:
    for part in path.split("__"):
        row = getattr(row, part)
    return row or ""


def _hit(spec: Searchable, row: Model, terms: list[str]) -> Hit:
    # Words the full-text search matched in this row, marked as whole words. FTS5 marks a phrase
    # as one span with what lies between its words ("script>alert"): mark each word of it.
    spans = _MARKED.findall(getattr(row, "matched_words", None) or "")
    words = {word for span in spans for word in re.findall(r"\w+", span)}
    pattern = match_pattern(terms, words)
    marked = {}
    for name, fields in spec.shown.items():
        plain = " ".join(v for v in (_value(row, f) for f in fields) if v)
        shown = plain if name in spec.whole else excerpt(plain, pattern)
        marked[name] = highlight(shown, pattern)
    return Hit(row, marked)


def excerpt(text: str, pattern: re.Pattern | None, length: int = EXCERPT_LENGTH) -> str:
    """About `length` characters of `text` around the first match, cut at spaces."""
    if len(text) <= length:
        return text
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - length // 3) if found else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def match_pattern(terms: Iterable[str], words: Iterable[str] = ()) -> re.Pattern | None:
    """What to mark: the query's terms of three or more letters inside words ("harr" in "Harrow"),
    shorter ones only as whole words (so a stray "a" does not light up every word), and the words
    the full-text search matched, as whole words."""
    whole = {w for w in words if w.strip()} | {t for t in terms if 0 < len(t) < 3}
    alternatives = [re.escape(term) for term in terms if len(term) >= 3]
    alternatives += [rf"\b{re.escape(word)}\b" for word in whole]
    alternatives.sort(key=len, reverse=True)  # the longest alternative wins
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """`text` escaped, with each match of `pattern` wrapped in <mark>."""
    text = text.replace(START, "").replace(STOP, "")
    pieces = []
    position = 0
    for match in pattern.finditer(text) if pattern else ():
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    # Safe: every piece of text above went through escape(); only our <mark> tags are raw.
    return mark_safe("".join(pieces))
