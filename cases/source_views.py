"""The sources page (`/sources/`): every source, the study's publications first, with how much cites it.

Facts cite sources from several apps (findings cite them too, and `cases` must not import
`findings`), so the citing relations are found on Source's own reverse relations: every `Cited`
model is a kind of fact. A new cited model is counted without a change here.
"""

import operator
from functools import reduce

from django.db.models import Case as Switch
from django.db.models import Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.views.generic import ListView

from cases.models import Case, Cited, Source, SourceOrigin
from cases.models.publication import published
from cases.querysets import count_of


def citing_relations() -> list:
    """(model, field name) for each kind of fact that cites a source: every cited row (`Cited`)."""
    return [
        (rel.related_model, rel.field.name)
        for rel in Source._meta.related_objects
        if rel.one_to_many and issubclass(rel.related_model, Cited)
    ]


def _case_link(model) -> str | None:
    """The name of a cited model's foreign key to Case, if it has one."""
    for model_field in model._meta.get_fields():
        if model_field.many_to_one and model_field.related_model is Case:
            return model_field.name
    return None


def public_sources() -> QuerySet:
    """The sources the public may see: outside ones, and the publications of published studies
    (a draft study's own are hidden with it)."""
    return Source.objects.filter(Q(study__isnull=True) | published("study__"))


def sources_for_page() -> QuerySet:
    """Every source with `n_facts` (rows that cite it) and `n_cases` (distinct cases with a fact
    citing it), the study's publications first in date order, then outside sources by title.

    1 query: the counts are correlated subqueries, one per kind of cited fact, so there is no
    per-row query and no join that multiplies rows.
    """
    facts = []
    case_conditions = []
    for model, field_name in citing_relations():
        rows = model.objects.filter(**{field_name: OuterRef("pk")})
        if case_field := _case_link(model):  # a draft case's facts are not counted
            rows = rows.filter(published(f"{case_field}__"))
        if any(field.name == "study" for field in model._meta.fields):  # nor a draft study's
            rows = rows.filter(published("study__"))
        facts.append(count_of(rows))
        if case_field:
            case_conditions.append(
                Q(
                    Exists(
                        model.objects.filter(
                            **{case_field: OuterRef("pk"), field_name: OuterRef(OuterRef("pk"))}
                        )
                    )
                )
            )
    n_facts = reduce(operator.add, facts) if facts else Value(0)
    n_cases = (
        count_of(Case.objects.filter(reduce(operator.or_, case_conditions)))
        if case_conditions
        else Value(0)
    )
    is_study = Q(origin=SourceOrigin.STUDY)
    # The study's publications by date (an undated one last); outside sources by title. Spelled
    # out so that SQLite and PostgreSQL, which sort NULLs differently, give the same order.
    return (
        public_sources()
        .annotate(
            n_facts=n_facts,
            n_cases=n_cases,
            study_rank=Switch(When(is_study, then=Value(0)), default=Value(1)),
            study_year=Switch(When(is_study, then=Coalesce("year", Value(9999))), default=Value(0)),
            study_month=Switch(When(is_study, then=Coalesce("month", Value(0))), default=Value(0)),
        )
        .order_by("study_rank", "study_year", "study_month", "title", "key")
    )


class SourceListView(ListView):
    """Every source: the study's own publications, related publications by the same team (not the
    study), then outside sources (context only)."""

    template_name = "sources/source_list.html"
    context_object_name = "sources"

    def get_queryset(self):
        return sources_for_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = list(context["sources"])
        context.update(
            study_sources=[s for s in sources if s.origin == SourceOrigin.STUDY],
            related_sources=[s for s in sources if s.origin == SourceOrigin.RELATED],
            outside_sources=[s for s in sources if s.origin == SourceOrigin.EXTERNAL],
        )
        return context
