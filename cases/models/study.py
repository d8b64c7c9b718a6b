"""A study: a piece of research with its own framework (the types, accountability modes and findings
it defines) and its own publications. Sectors, regions, nations and policy areas are shared by all.

Its summary is in the editors' words and carries a citation like any other fact, so a reader can
check it against the publication it comes from.

A draft study (Publishable) is not public, nor is its framework: the study is missing from
/studies/, /api/studies/, the codebook and the downloads, and its types, accountability modes and
findings from every public list, page, facet, count, search and the change history (each such
read filters with `published("study__")`). Its publications (sources) stay listed, as outside
pages are; cases are published or not on their own.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cases.models.provenance import EARLIEST_YEAR, LATEST_YEAR, Cited, year_validators
from cases.models.publication import Publishable, PublishedManager
from cases.models.slugs import KeyedManager


class StudyKind(models.TextChoices):
    REPORT = "report", "Report"
    ARTICLE = "article", "Journal article"
    BRIEFING = "briefing", "Briefing"
    BOOK = "book", "Book"
    WORKING_PAPER = "working-paper", "Working paper"


class Study(Publishable, Cited):
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Lower-case words joined by hyphens. Used in URLs."
    )
    title = models.CharField(max_length=300)
    authors = models.CharField(max_length=300, blank=True, help_text="As on the title page.")
    publisher = models.CharField(
        max_length=300, blank=True, help_text="The publisher, or the journal for an article."
    )
    year = models.PositiveSmallIntegerField(validators=year_validators())
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12, "Enter a month from 1 to 12.")],
        help_text="1–12; leave empty when only the year is known.",
    )
    kind = models.CharField(max_length=16, choices=StudyKind)
    doi = models.CharField(max_length=100, blank=True, verbose_name="DOI")
    url = models.URLField(max_length=500, blank=True, verbose_name="URL")
    summary = models.TextField(
        help_text="What the study is and does, in our own words; the citation says where from."
    )
    cases_note = models.TextField(
        blank=True,
        verbose_name="note on its cases",
        help_text="What the editors know of the places the study looked at; when none is "
        "recorded as a case, why not.",
    )

    # As on Case: the default manager sees drafts, `objects` only what the public sees.
    all_objects = KeyedManager("slug")
    objects = PublishedManager("slug")

    class Meta:
        ordering = ["year", "slug"]
        verbose_name_plural = "studies"
        constraints = [
            *Cited.Meta.constraints,
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=StudyKind.values), name="cases_study_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(title="") & ~Q(summary=""),
                name="cases_study_required_text",
                violation_error_message="A study needs a slug, a title and a summary.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="cases_study_year_range",
                violation_error_message=f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="cases_study_month_range",
                violation_error_message="A month must be from 1 to 12.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("studies:detail", args=[self.slug])
