"""The case record: the one builder of what the API, the downloads and the CSV say about a case.

A record is built from flat rows, never from model instances: one query for the cases (their
lookups joined in) and one for all their linked lists (modes, policy areas, findings, quotations,
fact citations), narrowed to the cases at hand. A page of 50 and a detail cost the same two
queries; the whole dataset is read in chunks of CHUNK_SIZE cases, so memory stays bounded.

The API's lists and details return these records as they are, the CSV flattens them
(cases/csv_format.py `csv_row`), and the downloads write them (downloads/). CaseSerializer
describes the same shape for the OpenAPI schema; the schema tests check records against it.
Linked tables owned by findings/ are reached through Case's reverse relations, never imported.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connections, router
from django.db.models import CharField, F, IntegerField, QuerySet, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.urls import reverse
from rest_framework.fields import DateTimeField, FloatField
from rest_framework.reverse import preserve_builtin_query_params

from cases.disputes import disputed_facts
from cases.models import Case, Status
from cases.querysets import public_links

CHUNK_SIZE = 2000
CITED = ("source__key", "locator", "basis", "basis_reason")
PLACEHOLDER = "__key__"

CASE_COLUMNS = (
    "pk",
    "slug",
    "name",
    "lead_organisation",
    "initiative_name",
    "place_label",
    "latitude",
    "longitude",
    "sector__slug",
    "sector__name",
    "region__slug",
    "region__name",
    "region__nation__slug",
    "region__nation__name",
    "funding_model__slug",
    "funding_model__name",
    "started",
    "permanence",
    "status",
    "status_year",
    "status_month",
    "status_note",
    "summary",
    "description",
    "updated_at",
)
COLUMN = {name: index for index, name in enumerate(CASE_COLUMNS)}


def case_rows(cases: QuerySet) -> QuerySet:
    """The rows records are built from, in the cases' order: paginate this, then build a page."""
    return cases.values_list(*CASE_COLUMNS)


def ordered(field: str):
    """`order_by`'s spelling ("-year" for descending) as an expression a window can take."""
    return F(field[1:]).desc() if field.startswith("-") else F(field).asc()


def linked(relation: str) -> QuerySet:
    """The rows of one of Case's reverse relations (the link table's manager)."""
    return Case._meta.get_field(relation).related_model.objects


# Each linked list of a record: (key in the record, Case relation, columns, order within a case).
# The orders are each link model's display order (the case page lists them the same way).
LINKS = (
    (
        "classifications",
        "classifications",
        ("study__slug", "study__title", "typology__slug", "typology__name", "note"),
        ("study__year", "study__slug", "pk"),
    ),
    (
        "accountability",
        "accountability_links",
        ("mode__slug", "mode__name", "note"),
        ("mode__order", "pk"),
    ),
    (
        "policy_areas",
        "policy_area_links",
        ("policy_area__slug", "policy_area__name", "note"),
        ("policy_area__order", "pk"),
    ),
    (
        "findings",
        "finding_links",
        ("finding__slug", "finding__title", "finding__kind", "note"),
        ("finding__kind", "finding__order", "finding__slug", "pk"),
    ),
    ("quotations", "quotations", ("slug", "text", "speaker_role"), ("order", "slug")),
    (
        "fact_citations",
        "field_citations",
        ("field_name", "value", "note"),
        ("field_name", "source__origin", "-source__year", "source__key", "pk"),
    ),
)


LINK_WIDTH = max(len(columns) for _key, _relation, columns, _order in LINKS)
NULL = Value(None, output_field=CharField())

# Where each branch of the linked lists' query takes the case ids (linked_lists_sql).
IDS = "__case_ids__"

# What a list leaves out unless asked for whole records (`?expand=full`): the long text and the
# lists that make a record heavy. Lists carry everything a filter or a table needs.
FULL_ONLY = ("description", "quotations", "fact_citations", "disputed_facts")


def wanted_links(full: bool) -> list[tuple]:
    return [link for link in LINKS if full or link[0] not in FULL_ONLY]


@functools.cache
def linked_lists_sql(full: bool, alias: str) -> tuple[str, tuple[tuple, ...]]:
    """The SQL of the one query for cases' linked lists: a UNION ALL of one branch per linked
    table, each row numbered in its table's display order (the database sorts; the branches' text
    columns are padded to one width). Each branch reads `case_id IN (IDS)`, then keeps the rows a
    reader may see (a draft study's types, modes and findings are left out: public_links).

    Compiled by the ORM once per process and database: building and compiling five branches cost
    a detail more than running them did. A request writes in the placeholders of its case ids;
    returned beside the SQL, each branch's own values, which follow its case ids."""
    branches = [
        linked(relation)
        .filter(case_id__in=RawSQL(IDS, []))
        .filter(public_links(relation))
        .order_by()
        .annotate(
            _list=RawSQL(str(number), [], output_field=IntegerField()),
            _position=Window(RowNumber(), order_by=[ordered(field) for field in order]),
            **{f"_pad{i}": NULL for i in range(len(columns), LINK_WIDTH)},
        )
        .values_list(
            "case_id",
            "_list",
            *columns,
            *(f"_pad{i}" for i in range(len(columns), LINK_WIDTH)),
            *CITED,
            "_position",
        )
        for number, (_key, relation, columns, order) in enumerate(wanted_links(full))
    ]
    union = branches[0].union(*branches[1:], all=True).order_by("_list", "_position")
    sql, params = union.query.get_compiler(alias).as_sql()
    own = tuple(tuple(branch.query.get_compiler(alias).as_sql()[1]) for branch in branches)
    assert list(params) == [value for values in own for value in values], "one value per branch"
    return sql, own


class Urls:
    """Absolute URLs by view name and key, one reverse() per view name."""

    def __init__(self, request):
        self.request = request
        self._templates = {}

    def __call__(self, view_name: str, key) -> str:
        template = self._templates.get(view_name)
        if template is None:
            url = reverse(view_name, args=[PLACEHOLDER])
            if self.request is not None:
                url = self.request.build_absolute_uri(url)
                if view_name.startswith("api:"):
                    # As DRF's hyperlinks do: `?format=json` carries over into the links.
                    url = preserve_builtin_query_params(url, self.request)
            template = self._templates[view_name] = url.split(PLACEHOLDER)
        return f"{template[0]}{key}{template[1]}"


class RecordBuilder:
    """Builds records for one request (or one build of the downloads).

    References and citations that many records share are built once and kept in `shared`
    (id → object): the downloads' JSON writer encodes each of them once.
    """

    def __init__(self, request):
        self.request = request
        self.url = Urls(request)
        self.shared: dict[int, object] = {}
        self._refs: dict[tuple, dict] = {}
        self._citations: dict[tuple, dict] = {}

    def share(self, value):
        self.shared[id(value)] = value
        return value

    def citation(self, source_key, locator, basis, reason) -> dict:
        key = (source_key, locator, basis, reason)
        cited = self._citations.get(key)
        if cited is None:
            cited = self._citations[key] = self.share(
                {
                    "source": source_key,
                    "source_url": source_key and self.url("api:source-detail", source_key),
                    "locator": locator,
                    "basis": basis,
                    "reason": reason,
                }
            )
        return cited

    def ref(self, view_name: str, slug: str, label: str, **extra) -> dict:
        """{url, slug, label, …}: how a record points at another (one object per target and set
        of extra fields: a finding named with its study is not the object named without)."""
        key = (view_name, slug, *extra)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = self.share(
                {"url": self.url(view_name, slug), "slug": slug, "label": label, **extra}
            )
        return ref

    def case_ref(self, slug: str, name: str) -> dict:
        return self.ref("api:case-detail", slug, name)

    # -- records ---------------------------------------------------------------------------

    def records(self, rows: Iterable[tuple], *, full: bool = True) -> list[dict]:
        """The records of `rows` (from case_rows), in their order: one query for their linked
        lists. Not `full`: without FULL_ONLY's fields, whose lists are not read."""
        rows = list(rows)
        links = self._links([row[0] for row in rows], full=full)
        records = [self._record(row, links) for row in rows]
        if not full:
            for record in records:
                for key in FULL_ONLY:
                    del record[key]
        return records

    def records_of(self, case_ids: list[int], *, full: bool = True) -> list[dict]:
        """The records of the cases with these ids, in this order. The page's ids come first, in
        their own query: the rows' joins of every lookup then plan against a short list of
        keys, not against the filters and the sort (PostgreSQL planned that for longer than it
        ran it)."""
        rows = {row[0]: row for row in case_rows(Case.objects.filter(pk__in=case_ids))}
        return self.records([rows[pk] for pk in case_ids if pk in rows], full=full)

    def stream(self, cases: QuerySet) -> Iterator[dict]:
        """The records of every case of `cases`, in its order, CHUNK_SIZE cases at a time."""
        chunk = []
        for row in case_rows(cases).iterator(chunk_size=CHUNK_SIZE):
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield from self.records(chunk)
                chunk = []
        if chunk:
            yield from self.records(chunk)

    def _links(self, case_ids: list[int], *, full: bool) -> dict[str, dict[int, list[tuple]]]:
        """For each linked list: case id → its rows, in display order (one query)."""
        wanted = wanted_links(full)
        by_key = {key: defaultdict(list) for key, *_ in LINKS}
        if not case_ids:
            return by_key
        alias = router.db_for_read(Case)
        sql, own = linked_lists_sql(full, alias)
        sql = sql.replace(IDS, ", ".join(["%s"] * len(case_ids)))
        params = [value for values in own for value in (*case_ids, *values)]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for case_id, number, *values, _position in rows:
            key, _relation, columns, _order = wanted[number]
            by_key[key][case_id].append((*values[: len(columns)], *values[LINK_WIDTH:]))
        return by_key

    def _record(self, row: tuple, links: dict) -> dict:
        def col(name):
            return row[COLUMN[name]]

        pk, slug, name = col("pk"), col("slug"), col("name")
        ref = self.case_ref(slug, name)
        funding_model = None
        if col("funding_model__slug") is not None:
            funding_model = self.ref(
                "api:fundingmodel-detail", col("funding_model__slug"), col("funding_model__name")
            )
        cite = self.citation
        fact_citations = [
            {"fact": fact, "value": value, "note": note, "citation": cite(*cited)}
            for fact, value, note, *cited in links["fact_citations"].get(pk, ())
        ]
        return {
            "url": ref["url"],
            "html_url": self.url("cases:detail", slug),
            "slug": slug,
            "label": name,
            "name": name,
            "lead_organisation": col("lead_organisation"),
            "initiative_name": col("initiative_name"),
            "place_label": col("place_label"),
            "latitude": as_float(col("latitude")),
            "longitude": as_float(col("longitude")),
            "sector": self.ref("api:sector-detail", col("sector__slug"), col("sector__name")),
            "region": self.ref(
                "api:region-detail",
                col("region__slug"),
                col("region__name"),
                nation=self.ref(
                    "api:nation-detail", col("region__nation__slug"), col("region__nation__name")
                ),
            ),
            "classifications": [
                {
                    "study": self.ref("api:study-detail", study, title),
                    "type": typology and self.ref("api:typology-detail", typology, type_name),
                    "note": note,
                    "citation": cite(*cited),
                }
                for study, title, typology, type_name, note, *cited in links["classifications"].get(
                    pk, ()
                )
            ],
            "funding_model": funding_model,
            "started": col("started"),
            "permanence": col("permanence"),
            "status": {
                "value": col("status"),
                "label": Status(col("status")).label,
                "as_of": as_of(col("status_year"), col("status_month")),
                "note": col("status_note"),
            },
            "summary": col("summary"),
            "description": col("description"),
            "accountability": [
                {
                    "mode": self.ref("api:accountabilitymode-detail", mode, label),
                    "note": note,
                    "citation": cite(*cited),
                }
                for mode, label, note, *cited in links["accountability"].get(pk, ())
            ],
            "policy_areas": [
                {
                    "policy_area": self.ref("api:policyarea-detail", area, label),
                    "note": note,
                    "citation": cite(*cited),
                }
                for area, label, note, *cited in links["policy_areas"].get(pk, ())
            ],
            "findings": [
                {
                    **self.ref("api:finding-detail", finding, title, kind=kind),
                    "note": note,
                    "citation": cite(*cited),
                }
                for finding, title, kind, note, *cited in links["findings"].get(pk, ())
            ],
            "quotations": [
                {
                    "url": self.url("api:quotation-detail", quotation),
                    "slug": quotation,
                    "text": text,
                    "speaker_role": role,
                    "citation": cite(*cited),
                }
                for quotation, text, role, *cited in links["quotations"].get(pk, ())
            ],
            "fact_citations": fact_citations,
            "disputed_facts": disputed_facts(
                (citation["fact"], citation["value"]) for citation in fact_citations
            ),
            "updated_at": as_datetime(col("updated_at")),
        }


_float, _datetime = FloatField().to_representation, DateTimeField().to_representation


def as_of(year: int | None, month: int | None) -> str | None:
    """An as-of date as ISO 8601 gives a year or a month: "2020", "2025-04"."""
    if year is None:
        return None
    return f"{year}-{month:02d}" if month else str(year)


def as_float(value):
    return None if value is None else _float(value)


def as_datetime(value):
    return _datetime(value)
