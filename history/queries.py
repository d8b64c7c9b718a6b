"""Reads of the history for the public pages."""

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from history.choices import Action
from history.models import LOAD_DATASET, Change


def with_last_change(cases: QuerySet) -> QuerySet:
    """Annotate each case with `last_change`: the latest change to it or its linked rows, or the
    latest dataset load if that is later (a reload rewrites every case); None when neither is
    recorded. Subqueries in the case's own query, so the page runs no extra query."""
    own = Subquery(
        Change.objects.filter(case=OuterRef("pk")).order_by("-at").values("at")[:1],
        output_field=DateTimeField(),
    )
    load = Subquery(
        Change.objects.filter(action=Action.BULK, record_key=LOAD_DATASET)
        .order_by("-at")
        .values("at")[:1],
        output_field=DateTimeField(),
    )
    # Greatest is NULL on SQLite when either side is: compare the two with the gaps filled.
    return cases.annotate(last_change=Greatest(Coalesce(own, load), Coalesce(load, own)))
