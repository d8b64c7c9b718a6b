"""A case: one collaboration in one place, and the cited links that describe it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cases.models.dimensions import (
    AccountabilityMode,
    FundingModel,
    PolicyArea,
    Region,
    Sector,
)
from cases.models.provenance import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Cited,
    year_validators,
)
from cases.models.publication import Publishable, PublishedManager
from cases.models.slugs import KeyedManager, validate_case_slug_not_reserved
from cases.models.status import LatestStatus
from cases.querysets import CaseQuerySet


class Permanence(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    TIME_LIMITED = "time-limited", "Time-limited"
    UNKNOWN = "unknown", "Unknown"


# The rows the public reads (the condition of Case.objects), for the partial indexes.
PUBLISHED = Q(publication="published")


class Case(LatestStatus, Publishable, models.Model):
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_case_slug_not_reserved],
        help_text="Public identifier used in URLs; never change it.",
    )
    name = models.CharField(max_length=200, help_text="The name as the source lists it.")
    lead_organisation = models.CharField(max_length=200, blank=True)
    initiative_name = models.CharField(
        max_length=200, blank=True, help_text="The collaboration's own name, where known."
    )
    place_label = models.CharField(
        max_length=200, help_text="The place in the source's own words, e.g. 'Paisley (Scotland)'."
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-90), "Latitude must be between -90 and 90."),
            MaxValueValidator(Decimal(90), "Latitude must be between -90 and 90."),
        ],
        help_text="Approximate centre of the place, for the map.",
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(-180), "Longitude must be between -180 and 180."),
            MaxValueValidator(Decimal(180), "Longitude must be between -180 and 180."),
        ],
    )
    started = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=year_validators(),
        help_text="Year the collaboration began.",
    )
    permanence = models.CharField(
        max_length=16, choices=Permanence, default=Permanence.UNKNOWN, db_index=True
    )
    summary = models.TextField(help_text="One or two sentences in our own words.")
    description = models.TextField(blank=True, help_text="Longer account, in our own words.")

    sector = models.ForeignKey(Sector, models.PROTECT, related_name="cases")
    region = models.ForeignKey(Region, models.PROTECT, related_name="cases")
    funding_model = models.ForeignKey(
        FundingModel, models.PROTECT, null=True, blank=True, related_name="cases"
    )
    accountability_modes = models.ManyToManyField(
        AccountabilityMode, through="CaseAccountability", related_name="cases", blank=True
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, through="CasePolicyArea", related_name="cases", blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The default manager (first) sees drafts: the admin, imports, exports, natural keys, the
    # change history. `objects` is what the public sees: published cases only.
    all_objects = KeyedManager.from_queryset(CaseQuerySet)("slug")
    objects = PublishedManager.from_queryset(CaseQuerySet)("slug")

    class Meta:
        ordering = ["name", "slug"]
        # The case list's sorts (cases/filters.py SORTS), each ending with the id, so that a page's
        # ids are read from the index alone, however deep the page (rallying/pagination.py). They
        # hold the published cases only, which is what every public read asks for (`objects`).
        indexes = [
            models.Index(
                fields=["name", "slug", "id"], name="cases_case_name_idx", condition=PUBLISHED
            ),
            models.Index(
                fields=["started", "name", "slug", "id"],
                name="cases_case_started_idx",
                condition=PUBLISHED,
            ),
            models.Index(
                fields=["region", "name", "slug", "id"],
                name="cases_case_region_sort_idx",
                condition=PUBLISHED,
            ),
            # Facet counts (cases/facets.py) and similar cases (CaseQuerySet.similar_to) count
            # from this narrow index instead of reading the cases' rows with all their text.
            models.Index(
                fields=[
                    "sector",
                    "region",
                    "funding_model",
                    "permanence",
                    "status",
                    "id",
                ],
                name="cases_case_dimensions_idx",
                condition=PUBLISHED,
            ),
            # The drafts, few: what similar cases leave out of the scores they read from links.
            models.Index(fields=["id"], name="cases_case_drafts_idx", condition=~PUBLISHED),
        ]
        constraints = [
            *LatestStatus.Meta.constraints,
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="cases_case_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="cases_case_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="cases_case_coordinates_paired",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(started__isnull=True)
                | Q(started__gte=EARLIEST_YEAR, started__lte=LATEST_YEAR),
                name="cases_case_started_range",
                violation_error_message=f"The start year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=Q(permanence__in=Permanence.values), name="cases_case_permanence_valid"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(name="") & ~Q(place_label="") & ~Q(summary=""),
                name="cases_case_required_text",
                violation_error_message="A case needs a slug, a name, a place and a summary.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.slug])

    def clean(self):
        """Explain coordinate problems next to the field that needs fixing."""
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "Give both latitude and longitude, or neither."
            )
        if errors:
            raise ValidationError(errors)


class CitedField(models.TextChoices):
    """The scalar facts of a case that a citation can support."""

    LISTING = "listing", "Name, sector and place"
    REGION = "region", "Region and nation"
    COORDINATES = "coordinates", "Map coordinates"
    LEAD_ORGANISATION = "lead_organisation", "Lead organisation"
    INITIATIVE_NAME = "initiative_name", "Initiative name"
    FUNDING_MODEL = "funding_model", "Funding or contract model"
    STARTED = "started", "Year started"
    PERMANENCE = "permanence", "Permanence"
    DESCRIPTION = "description", "Description"
    SUMMARY = "summary", "One-line summary"
    STATUS = "status", "Latest known status"
    # Held only in its citations' values (the case has no field for it): how long the
    # collaboration was planned to run, where sources give it.
    PLANNED_LENGTH = "planned_length", "Planned length"


class CaseFieldCitation(Cited):
    """Where one of a case's own fields (its place, region, start year…) comes from."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="field_citations")
    field_name = models.CharField(max_length=32, choices=CitedField, verbose_name="fact")
    value = models.CharField(
        max_length=200,
        blank=True,
        help_text="What this source gives for the fact, in its terms (e.g. 2014), where sources "
        "differ or the case has no field for it; empty: it supports the case's own value.",
    )
    note = models.CharField(
        max_length=400, blank=True, help_text="What exactly the source supports, in our words."
    )

    objects = KeyedManager("case__slug", "field_name", "source__key")

    class Meta:
        ordering = ["case", "field_name", "source", "pk"]
        verbose_name = "case fact citation"
        constraints = [
            *Cited.Meta.constraints,
            models.CheckConstraint(
                condition=Q(field_name__in=CitedField.values),
                name="cases_casefieldcitation_field_valid",
            ),
            models.UniqueConstraint(
                fields=["case", "field_name", "source"],
                name="cases_casefieldcitation_unique",
                violation_error_message="This source is already cited for this fact of the case.",
            ),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_field_name_display()} — {self.source}"

    def natural_key(self):
        return (self.case.slug, self.field_name, self.source.key)


class CaseAccountability(Cited):
    """Evidence that a case uses an accountability mode."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="accountability_links")
    mode = models.ForeignKey(AccountabilityMode, models.PROTECT, related_name="case_links")
    note = models.CharField(max_length=400, blank=True)

    objects = KeyedManager("case__slug", "mode__slug")

    class Meta:
        ordering = ["case", "mode__order", "pk"]
        verbose_name = "accountability link"
        # The cases with a mode, from the index alone: facet counts, similar cases.
        indexes = [models.Index(fields=["mode", "case"], name="cases_caseacc_mode_case_idx")]
        constraints = [
            *Cited.Meta.constraints,
            models.UniqueConstraint(
                fields=["case", "mode"],
                name="cases_caseaccountability_unique",
                violation_error_message="This case is already linked to this accountability mode.",
            ),
        ]

    def __str__(self):
        return f"{self.case} — {self.mode}"

    def natural_key(self):
        return (self.case.slug, self.mode.slug)


class CasePolicyArea(Cited):
    """Evidence that a case works in a policy area."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="policy_area_links")
    policy_area = models.ForeignKey(PolicyArea, models.PROTECT, related_name="case_links")
    note = models.CharField(max_length=400, blank=True)

    objects = KeyedManager("case__slug", "policy_area__slug")

    class Meta:
        ordering = ["case", "policy_area__order", "pk"]
        verbose_name = "policy area link"
        # The cases in a policy area, from the index alone: facet counts, similar cases.
        indexes = [models.Index(fields=["policy_area", "case"], name="cases_casepol_area_case_idx")]
        constraints = [
            *Cited.Meta.constraints,
            models.UniqueConstraint(
                fields=["case", "policy_area"],
                name="cases_casepolicyarea_unique",
                violation_error_message="This case is already linked to this policy area.",
            ),
        ]

    def __str__(self):
        return f"{self.case} — {self.policy_area}"

    def natural_key(self):
        return (self.case.slug, self.policy_area.slug)
