"""Where facts come from: sources, and the citation every sourced fact carries.

A citation is a source, a locator (page or section) and a basis: the source *states* the fact, or the
editors *inferred* it from the source, in which case the reason is required. Citations are embedded
in the row of the fact they support (the abstract `Cited` model), so the database can enforce the
rules on every fact table and a page can show a fact and its citation from one join.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cases.models.slugs import KeyedManager

EARLIEST_YEAR = 1800
LATEST_YEAR = 2100


class Basis(models.TextChoices):
    STATED = "stated", "Stated by the source"
    INFERRED = "inferred", "Editorial inference"


class SourceKind(models.TextChoices):
    REPORT = "report", "Report"
    BRIEFING = "briefing", "Briefing"
    ARTICLE = "article", "Journal article"
    WEB_PAGE = "web-page", "Web page"


class SourceOrigin(models.TextChoices):
    STUDY = "study", "Publication of the study"
    EXTERNAL = "external", "Outside source (context only)"
    RELATED = "related", "Related publication (not the study)"


def year_validators():
    return [
        MinValueValidator(EARLIEST_YEAR, f"Enter a year from {EARLIEST_YEAR} onwards."),
        MaxValueValidator(LATEST_YEAR, f"Enter a year no later than {LATEST_YEAR}."),
    ]


class Source(models.Model):
    key = models.SlugField(
        max_length=80, unique=True, help_text="Short stable name, e.g. briefing-2018. Used in URLs."
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=SourceKind)
    origin = models.CharField(
        max_length=16,
        choices=SourceOrigin,
        default=SourceOrigin.STUDY,
        help_text="A publication of the study itself, or an outside page used for context only.",
    )
    authors = models.CharField(max_length=300, blank=True, help_text="As on the title page.")
    publisher = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=year_validators())
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12, "Enter a month from 1 to 12.")],
        help_text="1–12; leave empty when only the year is known.",
    )
    url = models.URLField(max_length=500, blank=True, verbose_name="URL")
    doi = models.CharField(max_length=100, blank=True, verbose_name="DOI")
    note = models.TextField(
        blank=True, help_text="What the editors could read of it and what it is used for."
    )
    study = models.ForeignKey(
        "cases.Study",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text="The study this is a publication of; empty for an outside source.",
    )

    objects = KeyedManager("key")

    class Meta:
        ordering = ["origin", "-year", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="cases_source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=SourceOrigin.values), name="cases_source_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="cases_source_year_range",
                violation_error_message=f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True)
                | Q(month__gte=1, month__lte=12, year__isnull=False),
                name="cases_source_month_needs_year",
                violation_error_message="A month must be from 1 to 12, and needs a year.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class Cited(models.Model):
    """A fact that carries its own citation: source, locator and basis (stated or inferred)."""

    source = models.ForeignKey(
        Source, models.PROTECT, related_name="%(app_label)s_%(class)s_citations"
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Page, section or table where the source says it."
    )
    basis = models.CharField(
        max_length=10,
        choices=Basis,
        default=Basis.STATED,
        help_text="Stated: the source says it. Inferred: the editors concluded it from the source.",
    )
    basis_reason = models.CharField(
        max_length=400,
        blank=True,
        verbose_name="reason for the inference",
        help_text="Required when the basis is an editorial inference: why the editors concluded it.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=Basis.values), name="%(app_label)s_%(class)s_basis_valid"
            ),
            models.CheckConstraint(
                condition=~Q(basis=Basis.INFERRED) | ~Q(basis_reason=""),
                name="%(app_label)s_%(class)s_inference_has_reason",
                violation_error_message="An editorial inference needs a reason.",
            ),
        ]

    def clean(self):
        super().clean()
        if self.basis == Basis.INFERRED and not self.basis_reason.strip():
            raise ValidationError(
                {"basis_reason": "Say why the editors inferred this: an inference needs a reason."}
            )
