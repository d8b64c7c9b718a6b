"""Pages of cases that cost about the same however deep they are."""

from django.core.paginator import Paginator
from django.db.models import ForeignKey, QuerySet
from django.db.models.expressions import Col
from django.db.models.sql.constants import INNER
from django.db.models.sql.datastructures import Join
from django.http import Http404

from rallying.pagination import StrictPageNumberPagination


class KeysFirstPaginator(Paginator):
    """Django's Paginator, whose page is `WHERE pk IN (the page's keys) ORDER BY …`.

    A page is `ORDER BY … LIMIT n OFFSET m`, and the database walks the m rows before it. Walking
    them in an index that holds the sort columns and the key (the case list's sorts have one each,
    cases/migrations/0004) costs little; walking whole rows, with their joins, does not, and on a
    deep page the planner sorts the whole table instead. The keys come from a subquery, so a page
    is still one query. Querysets it cannot narrow that way (combined, distinct, sliced) are
    sliced as usual.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(bottom, top), number, self)

    def _rows(self, bottom: int, top: int):
        rows = self.object_list
        query = getattr(rows, "query", None)
        if (
            not isinstance(rows, QuerySet)
            or query.combinator
            or query.distinct
            or query.is_sliced
            or not all(map(_is_many_to_one, query.alias_map.values()))
        ):
            return rows[bottom:top]
        return rows.filter(pk__in=self._keys(rows)[bottom:top])

    @staticmethod
    def _keys(rows: QuerySet) -> QuerySet:
        """The rows' keys, in order, without the joins that only fetched columns for the rows.

        A values() list of related columns (the API's flat case rows) keeps its joins when only
        the key is asked for, and the database then cannot read the keys from the sort's index.
        Each join here follows a foreign key, pairing a row with at most one row: exactly one when
        it cannot be NULL, else as a LEFT join. Leaving out such joins, when no filter uses them,
        keeps the same keys. The ordering joins what it needs again when the query is compiled.
        """
        keys = rows.values("pk")
        query = keys.query
        needed = _aliases(query.where) | {
            alias
            for alias, join in query.alias_map.items()
            if join.join_type == INNER and join.nullable  # it may leave rows out
        }
        kept = {query.base_table}
        for alias in needed:
            while alias in query.alias_map and alias not in kept:  # with the joins it hangs on
                kept.add(alias)
                alias = query.alias_map[alias].parent_alias  # noqa: PLW2901
        for alias in query.alias_map:
            if alias not in kept:
                query.alias_refcount[alias] = 0
        return keys


def _is_many_to_one(join) -> bool:
    """The base table, or a join along a foreign key (never one that multiplies rows)."""
    return not isinstance(join, Join) or isinstance(join.join_field, ForeignKey)


def _aliases(node) -> set[str]:
    """The table aliases the columns of a filter (or any expression) refer to."""
    if isinstance(node, Col):
        return {node.alias}
    found = set()
    for child in getattr(node, "get_source_expressions", list)():
        if child is not None:
            found |= _aliases(child)
    return found


class CasePagination(StrictPageNumberPagination):
    """The API's pages of cases, read keys first."""

    django_paginator_class = KeysFirstPaginator


class FilteredListPage:
    """For a FilterView: a bad filter value or a page number past the end answers 400; the page
    shows the first page of results with a message (`page_error`) instead of a 404."""

    paginator_class = KeysFirstPaginator
    page_error = ""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.errors or self.page_error:
            response.status_code = 400
        return response

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            number = self.request.GET.get("page", "")
            self.page_error = (
                f"There is no page “{number}” of these results. Showing the first page."
            )
            self.kwargs["page"] = 1
            return super().paginate_queryset(queryset, page_size)
