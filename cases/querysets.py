"""Reads of cases, one method per screen, shared by the HTML views, the API and the tests."""

from django.db.models import Case as Switch
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce


class CaseQuerySet(QuerySet):
    def for_list(self) -> QuerySet:
        """A page of the case list: 1 query for the cases with their dimensions, 1 for their modes."""
        return self.select_related(
            "sector", "region__nation", "typology", "funding_model"
        ).prefetch_related("accountability_modes")

    def for_detail(self) -> QuerySet:
        """Everything the case page shows: the case and its dimensions, then one query per list."""
        return self.select_related(
            "sector", "region__nation", "typology__source", "typology_source", "funding_model"
        ).prefetch_related(
            Prefetch("field_citations", queryset=self._cited("field_citations")),
            Prefetch("policy_area_links", queryset=self._cited("policy_area_links", "policy_area")),
            Prefetch("accountability_links", queryset=self._cited("accountability_links", "mode")),
            Prefetch("finding_links", queryset=self._cited("finding_links", "finding")),
            Prefetch("quotations", queryset=self._cited("quotations").prefetch_related("findings")),
        )

    def for_compare(self) -> QuerySet:
        """The cases of a comparison with every compared dimension."""
        return self.select_related(
            "sector", "region__nation", "typology", "funding_model"
        ).prefetch_related("accountability_modes", "policy_areas", "findings")

    def similar_to(self, case, limit: int = 3) -> QuerySet:
        """Other cases, most shared dimensions first, in one query.

        Each shared value scores one: typology, sector, region, nation, funding model, and each
        accountability mode, policy area and finding in common. Reads the case's links, so pass a
        case loaded with `for_detail()` to avoid three extra queries.
        """

        def same(condition: Q) -> Switch:
            return Switch(
                When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()
            )

        def shared(relation: str, ids: list[int]) -> Coalesce:
            in_common = (
                self.model.objects.filter(pk=OuterRef("pk"), **{f"{relation}__in": ids})
                .values("pk")
                .annotate(n=Count(relation))
                .values("n")
            )
            return Coalesce(Subquery(in_common, output_field=IntegerField()), Value(0))

        score = (
            same(Q(typology_id=case.typology_id, typology__isnull=False))
            + same(Q(sector_id=case.sector_id))
            + same(Q(region_id=case.region_id))
            + same(Q(region__nation_id=case.region.nation_id))
            + same(Q(funding_model_id=case.funding_model_id, funding_model__isnull=False))
            + shared(
                "accountability_modes", [link.mode_id for link in case.accountability_links.all()]
            )
            + shared("policy_areas", [link.policy_area_id for link in case.policy_area_links.all()])
            + shared("findings", [link.finding_id for link in case.finding_links.all()])
        )
        return (
            self.exclude(pk=case.pk)
            .select_related("sector", "region", "typology")
            .annotate(similarity=score)
            .filter(similarity__gt=0)
            .order_by("-similarity", "name", "slug")[:limit]
        )

    def _cited(self, relation: str, *related: str) -> QuerySet:
        """The rows of a cited relation of Case, with their source (and target) joined in."""
        model = self.model._meta.get_field(relation).related_model
        return model.objects.select_related("source", *related)
