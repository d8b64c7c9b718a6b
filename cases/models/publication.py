"""Draft or published: a record the public may see, or one only editors see (in the admin)."""

from django.db import models
from django.db.models import Q


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Publishable(models.Model):
    """A record with a publication state. Drafts appear on no public page, API, feed, count or
    download; the admin shows them and can preview them."""

    publication = models.CharField(
        max_length=10,
        choices=Publication,
        default=Publication.PUBLISHED,
        db_index=True,
        help_text="A draft is seen only by editors, in the admin, until it is published.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(publication__in=Publication.values),
                name="%(app_label)s_%(class)s_publication_valid",
            ),
        ]

    @property
    def is_draft(self) -> bool:
        return self.publication == Publication.DRAFT
