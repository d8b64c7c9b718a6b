"""The small lookup tables that classify cases.

They are tables, not code-defined choices, so that a new study can add a sector, region or type in
the admin without a migration. Slugs are public: they appear in URLs and as API filter values.
"""

from django.db import models
from django.db.models import Q

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


class Nation(Dimension):
    class Meta(Dimension.Meta):
        pass


class Region(Dimension):
    """An ITL1 region of the UK (Scotland, Wales and Northern Ireland are regions of themselves)."""

    nation = models.ForeignKey(Nation, models.PROTECT, related_name="regions")
    itl_code = models.CharField(
        max_length=8, blank=True, verbose_name="ITL1 code", help_text="e.g. TLD for North West."
    )

    class Meta(Dimension.Meta):
        pass


class Sector(Dimension):
    class Meta(Dimension.Meta):
        pass


class PolicyArea(Dimension):
    class Meta(Dimension.Meta):
        pass


class FundingModel(Dimension):
    """How a collaboration is paid for or contracted (alliance contract, payment by results, grant)."""

    class Meta(Dimension.Meta):
        pass


class Typology(Dimension, Cited):
    """A type of collaboration in the study's typology; its definition is cited."""

    class Meta(Dimension.Meta):
        verbose_name_plural = "typologies"
        constraints = [*Dimension.Meta.constraints, *Cited.Meta.constraints]


class AccountabilityMode(Dimension, Cited):
    """A way collaborations are held to account, as the study names them; its definition is cited."""

    class Meta(Dimension.Meta):
        constraints = [*Dimension.Meta.constraints, *Cited.Meta.constraints]
