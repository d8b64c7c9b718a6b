"""What a study holds: its framework (types, accountability modes, findings), its sources and its
cases, counted for every study in one query.

A case belongs to a study when one of its facts rests on the study: a detail cited to one of the
study's publications, or a type, accountability mode, finding or quotation of the study. (Per-study
classification of cases comes later; until then this is the honest reading of the links we have.)
Findings and quotations live in the `findings` app, which `cases` may not import, so they are
reached through Case's and Study's reverse relations.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cases.models import AccountabilityMode, Case, Source, Study, Typology
from cases.models.publication import published
from cases.querysets import count_of


def _related(model, name: str):
    return model._meta.get_field(name).related_model


def in_study(study, *, inner=None) -> Q:
    """Cases with a fact that rests on `study` (a pk or an expression such as OuterRef("pk")).

    `inner` is the same study seen from inside the Exists subqueries, one level deeper: for an
    annotation on studies, in_study(OuterRef("pk"), inner=OuterRef(OuterRef("pk"))).
    """
    inner = study if inner is None else inner
    case = OuterRef("pk")
    field_citations = _related(Case, "field_citations").objects
    modes = _related(Case, "accountability_links").objects
    finding_links = _related(Case, "finding_links").objects
    quotations = _related(Case, "quotations").objects
    return (
        Q(typology__study=study)
        | Q(Exists(field_citations.filter(case=case, source__study=inner)))
        | Q(Exists(modes.filter(case=case, mode__study=inner)))
        | Q(Exists(finding_links.filter(case=case, finding__study=inner)))
        | Q(Exists(quotations.filter(case=case, source__study=inner)))
    )


def cases_of(study: Study) -> QuerySet:
    return Case.objects.filter(in_study(study.pk)).order_by("name", "slug")


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
            n_cases=count_of(Case.objects.filter(in_study(study, inner=OuterRef(study)))),
        )
        .order_by("year", "slug")
    )


def typologies_of(study: Study) -> QuerySet:
    return Typology.objects.filter(study=study).annotate(
        n_cases=Count("cases", filter=published("cases__"))
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
