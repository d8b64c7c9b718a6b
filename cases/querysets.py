"""Reads of cases, one method per screen, shared by the HTML views, the API and the tests."""

from django.db import connections
from django.db.models import (
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.query import RawQuerySet

from cases.models.publication import Publication, published

# The study a case's link row belongs to, for the links that are part of a study's framework: a
# draft study's types, modes and findings are not shown with a published case.
LINK_STUDY = {
    "classifications": "study__",
    "accountability_links": "mode__study__",
    "finding_links": "finding__study__",
}


def public_links(relation: str) -> Q:
    """The condition on a case's link rows (`relation`) that keeps those the public may see."""
    path = LINK_STUDY.get(relation)
    return published(path) if path is not None else Q()


def count_of(rows: QuerySet) -> Coalesce:
    """How many rows a correlated queryset holds, as a scalar subquery of the outer query: a COUNT
    without GROUP BY, so one row for every outer row (0 when none match)."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class CaseQuerySet(QuerySet):
    def drafts(self) -> QuerySet:
        """The cases the public may not see (reach them through `Case.all_objects`)."""
        return self.exclude(published())

    def for_list(self) -> QuerySet:
        """A page of the case list: 1 query for the cases with their dimensions and whether their
        summary rests on a source outside the study (for its mark), 1 for their modes, 1 for
        their types (by study)."""
        citations = self.model._meta.get_field("field_citations").related_model.objects
        outside = citations.filter(case=OuterRef("pk"), field_name="summary").exclude(
            source__origin="study"
        )
        return (
            self.select_related("sector", "region__nation", "funding_model")
            .annotate(summary_from_outside=Exists(outside))
            .prefetch_related(
                "accountability_modes",
                Prefetch("classifications", queryset=self._cited("classifications", "typology")),
            )
        )

    def for_detail(self) -> QuerySet:
        """Everything the case page shows: the case and its dimensions, then one query per list."""
        return self.select_related("sector", "region__nation", "funding_model").prefetch_related(
            Prefetch(
                "classifications",
                queryset=self._cited("classifications", "study", "typology__source"),
            ),
            Prefetch("field_citations", queryset=self._cited("field_citations")),
            Prefetch("policy_area_links", queryset=self._cited("policy_area_links", "policy_area")),
            Prefetch(
                "accountability_links",
                queryset=self._cited("accountability_links", "mode__study"),
            ),
            Prefetch("finding_links", queryset=self._cited("finding_links", "finding")),
            Prefetch("quotations", queryset=self._cited("quotations").prefetch_related("findings")),
        )

    def similar_to(self, case, limit: int = 3) -> RawQuerySet:
        """Other cases, most shared dimensions first (ties by name, slug), in one query.

        Only published cases are offered. Each shared value scores one: sector, region, nation,
        funding model, and each type, accountability mode, policy area and finding in common.
        Reads the case's links, so pass a case loaded with `for_detail()` to avoid four extra
        queries.

        The scores are summed from index-only scans: the cases sharing one of the case's own
        dimensions (cases_case_dimensions_idx holds those columns), and each link table's rows for
        the case's values (their (value, case) indexes). Only the cases scoring at least the
        `limit`-th best score are read from the table, for their names. With a few sectors and
        nations nearly every case shares something, so an exact answer needs every candidate's
        score; a table of precomputed neighbours would move that work to every write instead.
        """
        quote = connections[self.db].ops.quote_name
        meta = self.model._meta
        table = quote(meta.db_table)

        def column(model_meta, name: str) -> str:
            return quote(model_meta.get_field(name).column)

        # The nation's regions: a shared region is a shared nation too.
        regions = meta.get_field("region").related_model._meta
        in_nation = (
            f"{column(meta, 'region')} IN (SELECT {column(regions, 'id')} "
            f"FROM {quote(regions.db_table)} WHERE {column(regions, 'nation')} = %s)"
        )
        own = [(in_nation, case.region.nation_id)]
        for name in ("sector", "region", "funding_model"):
            value = getattr(case, f"{name}_id")
            if value is not None:  # no funding model is not a shared value
                own.append((f"{column(meta, name)} = %s", value))
        # Published cases only, so that the dimensions' partial index serves this part.
        parts = [
            f"SELECT {column(meta, 'id')} AS id, "
            + " + ".join(f"CASE WHEN {condition} THEN 1 ELSE 0 END" for condition, _ in own)
            + f" AS n FROM {table} WHERE {column(meta, 'publication')} = %s AND ("
            + " OR ".join(condition for condition, _ in own)
            + ")"
        ]
        params = [value for _, value in own] + [Publication.PUBLISHED] + [v for _, v in own]
        for relation, target in (
            ("classifications", "typology"),
            ("accountability_links", "mode"),
            ("policy_area_links", "policy_area"),
            ("finding_links", "finding"),
        ):
            values = [getattr(link, f"{target}_id") for link in getattr(case, relation).all()]
            values = [value for value in values if value is not None]  # a study's untyped case
            if values:
                link = meta.get_field(relation).related_model._meta
                parts.append(
                    f"SELECT {column(link, 'case')} AS id, 1 AS n FROM {quote(link.db_table)} "
                    f"WHERE {column(link, target)} IN ({', '.join(['%s'] * len(values))})"
                )
                params += values
        name, slug = column(meta, "name"), column(meta, "slug")
        # Drafts are few: leaving them out of the links' scores costs one small index scan
        # (cases_case_drafts_idx).
        drafts = (
            f"SELECT {column(meta, 'id')} FROM {table} WHERE {column(meta, 'publication')} <> %s"
        )
        sql = (
            f"WITH scores AS (SELECT id, SUM(n) AS similarity FROM ({' UNION ALL '.join(parts)}) "
            f"AS shared WHERE id <> %s AND id NOT IN ({drafts}) GROUP BY id) "
            f"SELECT {table}.*, scores.similarity FROM scores "
            f"INNER JOIN {table} ON {table}.{column(meta, 'id')} = scores.id "
            "WHERE scores.similarity >= COALESCE((SELECT similarity FROM scores "
            "ORDER BY similarity DESC LIMIT 1 OFFSET %s), 1) "
            f"ORDER BY scores.similarity DESC, {table}.{name}, {table}.{slug} LIMIT %s"
        )
        return self.raw(sql, [*params, case.pk, Publication.PUBLISHED, limit - 1, limit])

    def _cited(self, relation: str, *related: str) -> QuerySet:
        """The rows of a cited relation of Case, with their source (and target) joined in."""
        model = self.model._meta.get_field(relation).related_model
        return model.objects.filter(public_links(relation)).select_related("source", *related)
