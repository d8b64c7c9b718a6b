"""The small lookup tables that classify cases.

They are tables, not code-defined choices, so that a new study can add a sector, region or type in
the admin without a migration. Slugs are public: they appear in URLs and as API filter values.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cases.models.provenance import Cited
from cases.models.slugs import KeyedManager


class Dimension(models.Model):
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Lower-case words joined by hyphens. Used in URLs."
    )
    name = models.CharField(max_length=120, unique=True)
    definition = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in lists; lowest first."
    )

    objects = KeyedManager("slug")

    class Meta:
        abstract = True
        ordering = ["order", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""), name="%(app_label)s_%(class)s_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    # Name of the dimension's page route in the "dimensions" namespace; empty when it has none.
    page_name = ""
    # The case list's query parameter for this dimension (cases/filters.py FACETS).
    filter_param = ""

    def get_absolute_url(self):
        if not self.page_name:
            return self.get_cases_url()
        return reverse(f"dimensions:{self.page_name}-detail", args=[self.slug])

    def get_cases_url(self):
        """The case list filtered to this value."""
        return f"{reverse('cases:list')}?{self.filter_param}={self.slug}"


class Nation(Dimension):
    filter_param = "nation"


class Region(Dimension):
    """An ITL1 region of the UK (Scotland, Wales and Northern Ireland are regions of themselves)."""

    nation = models.ForeignKey(Nation, models.PROTECT, related_name="regions")
    itl_code = models.CharField(
        max_length=8, blank=True, verbose_name="ITL1 code", help_text="e.g. TLD for North West."
    )

    page_name = "region"
    filter_param = "region"


class Sector(Dimension):
    page_name = "sector"
    filter_param = "sector"


class PolicyArea(Dimension):
    page_name = "policy-area"
    filter_param = "policy_area"


class FundingModel(Dimension):
    """How a collaboration is paid for or contracted (alliance contract, payment by results, grant)."""

    filter_param = "funding_model"


class PublishedDimension(Dimension, Cited):
    """A value the study itself defines: its definition quoted from the cited source, and the
    editors' explanation (`definition`) shown apart, labelled as theirs."""

    source_wording = models.TextField(
        blank=True,
        verbose_name="the source's words",
        help_text="The published definition, quoted exactly as the cited source gives it. The "
        "definition field above is then the editors' own explanation.",
    )

    class Meta(Dimension.Meta):
        abstract = True
        constraints = [*Dimension.Meta.constraints, *Cited.Meta.constraints]


class Typology(PublishedDimension):
    """A type of collaboration in the study's typology."""

    study = models.ForeignKey("cases.Study", models.PROTECT, related_name="typologies")

    page_name = "typology"
    filter_param = "typology"

    class Meta(PublishedDimension.Meta):
        verbose_name_plural = "typologies"

    def clean(self):
        """A type given to cases stays in their study: moving it would type them by another's."""
        super().clean()
        if self.pk is None or self.study_id is None:
            return
        elsewhere = self.classifications.exclude(study_id=self.study_id)
        if n := elsewhere.count():
            raise ValidationError(
                {
                    "study": f"{n} case{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} "
                    "this type in its present study. A type belongs to one study: make a new "
                    "type in the other study instead."
                }
            )


class AccountabilityMode(PublishedDimension):
    """A way collaborations are held to account, as the study names them."""

    study = models.ForeignKey("cases.Study", models.PROTECT, related_name="accountability_modes")

    page_name = "accountability"
    filter_param = "accountability"
