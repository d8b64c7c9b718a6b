"""Reads of findings and quotations, one method per screen, shared by the HTML views and the tests."""

from django.db.models import Case as Switch
from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Value, When

from cases.models import Classification
from cases.models.publication import published
from cases.querysets import count_of
from findings.choices import FindingKind


def _kind_rank() -> Switch:
    """The kind's position in the study's own order (FindingKind), for ORDER BY in the database."""
    return Switch(
        *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(FindingKind.values)],
        default=Value(len(FindingKind.values)),
        output_field=IntegerField(),
    )


class FindingQuerySet(QuerySet):
    def public(self) -> QuerySet:
        """The findings the public may see: those of published studies."""
        return self.filter(published("study__"))

    def in_study_order(self) -> QuerySet:
        """Kinds in the study's order (why, how, measure, themes, open), then position within kind."""
        return self.alias(kind_position=_kind_rank()).order_by("kind_position", "order", "slug")

    def with_counts(self) -> QuerySet:
        """Each finding with its source, its study and its numbers of cases (evidence links) and
        quotations, in one query: the API's findings.

        Two subqueries rather than two joined Counts: joining evidence links and quotations at
        once would multiply the rows (cases × quotations) for every finding before counting.
        """
        # The link models through Finding's relations (the models module imports this one).
        evidence_links = self.model._meta.get_field("evidence_links").related_model
        quotation_links = self.model._meta.get_field("quotations").through
        # Only published cases and their quotations count (cases/models/publication.py).
        cases = evidence_links.objects.filter(published("case__"))
        quotations = quotation_links.objects.filter(published("quotation__case__"))
        return (
            self.public()
            .select_related("source", "study")
            .annotate(
                n_cases=count_of(cases.filter(finding=OuterRef("pk"))),
                n_quotations=count_of(quotations.filter(finding=OuterRef("pk"))),
            )
        )

    def for_list(self) -> QuerySet:
        """The findings page: with_counts(), in the study's order (one query)."""
        return self.with_counts().in_study_order()

    def for_detail(self) -> QuerySet:
        """A finding's page: the finding and its source (one query)."""
        return self.public().select_related("source")


class QuotationQuerySet(QuerySet):
    def public(self) -> QuerySet:
        """The quotations the public may see: those of published cases."""
        return self.filter(published("case__"))

    def speaker_roles(self) -> QuerySet:
        """The roles of the speakers of public quotations, each spelling once (one query)."""
        return self.public().order_by().values_list("speaker_role", flat=True).distinct()

    def for_list(self) -> QuerySet:
        """The quotations list (HTML and API) and a quotation's page: public quotations with their
        case and source, and the findings of published studies they illustrate (each with its
        study), by case name, then their order within the case. Queries: 1, and 1 for the
        findings of the rows read."""
        findings = self.model._meta.get_field("findings").related_model.objects
        return (
            self.public()
            .select_related("case", "source")
            .prefetch_related(
                # In their Meta order, as the downloads' quotation records give them.
                Prefetch("findings", findings.public().select_related("study"))
            )
            .order_by("case__name", "case__slug", "order", "slug")
        )

    def for_finding(self, finding) -> QuerySet:
        """The quotations of published cases that illustrate one finding, with their case and
        source (one query)."""
        return (
            self.filter(published("case__"), findings=finding)
            .select_related("case", "source")
            .order_by("case__name", "case__slug", "order", "slug")
        )


def evidence_of(finding) -> QuerySet:
    """The evidence links behind one finding to published cases, each with its case's card fields
    and its source.

    A function, not a QuerySet method: evidence links keep their own natural-key manager.
    """
    return (
        finding.evidence_links.filter(published("case__"))
        .select_related("case__sector", "case__region", "source")
        .prefetch_related(
            Prefetch(
                "case__classifications",
                queryset=Classification.objects.filter(published("study__")).select_related(
                    "typology", "source"
                ),
            )
        )
        .order_by("case__name", "case__slug", "pk")
    )
