"""What a study holds: its framework (types, accountability modes, findings), its sources and its
cases, counted for every study in one query.

A case belongs to a study when it has a Classification in it (typed or not). Findings live in the
`findings` app, which `cases` may not import, so they are reached through Study's reverse
relations.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from cases.models import AccountabilityMode, Case, Classification, Source, Study, Typology
from cases.models.publication import published
from cases.querysets import count_of


def _related(model, name: str):
    return model._meta.get_field(name).related_model


def in_study(study) -> Q:
    """Cases the study includes (a pk or an expression such as OuterRef("pk")): those with a
    classification in it, typed or not."""
    return Q(Exists(Classification.objects.filter(case=OuterRef("pk"), study=study)))


def cases_of(study: Study) -> QuerySet:
    """The study's cases, each with the name of the type the study gives it (`study_type`,
    None when it gives none), read in the same query."""
    given = Classification.objects.filter(case=OuterRef("pk"), study=study.pk)
    return (
        Case.objects.filter(in_study(study.pk))
        .annotate(study_type=Subquery(given.values("typology__name")[:1]))
        .order_by("name", "slug")
    )


def studies_with_counts() -> QuerySet:
    """Every study, its summary's source joined, with the size of its framework, its findings,
    sources and cases: one query, the counts as correlated subqueries."""
    study = OuterRef("pk")
    findings = _related(Study, "findings").objects
    return (
        Study.objects.select_related("source")
        .annotate(
            n_typologies=count_of(Typology.objects.filter(study=study)),
            n_modes=count_of(AccountabilityMode.objects.filter(study=study)),
            n_findings=count_of(findings.filter(study=study)),
            n_sources=count_of(Source.objects.filter(study=study)),
            n_cases=count_of(Classification.objects.filter(published("case__"), study=study)),
        )
        .order_by("year", "slug")
    )


def typologies_of(study: Study) -> QuerySet:
    return Typology.objects.filter(study=study).annotate(
        n_cases=Count("classifications", filter=published("classifications__case__"))
    )


def modes_of(study: Study) -> QuerySet:
    return AccountabilityMode.objects.filter(study=study).annotate(
        n_cases=Count("case_links", filter=published("case_links__case__"))
    )


def findings_of(study: Study) -> QuerySet:
    """The study's findings, each with its number of cases (evidence links), in the study's order."""
    findings = _related(Study, "findings").objects
    return findings.filter(study=study).annotate(
        n_cases=Count("evidence_links", filter=published("evidence_links__case__"))
    )


def sources_of(study: Study) -> QuerySet:
    return Source.objects.filter(study=study).order_by("year", "month", "key")
