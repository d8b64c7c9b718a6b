"""Draft or published: a record the public may see, or one only editors see (in the admin)."""

from django.db import models
from django.db.models import Q

from cases.models.slugs import KeyedManager


class Publication(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def published(path: str = "") -> Q:
    """The rows whose record at `path` is published: "" for the record itself, "case__" for a row
    that hangs from a case (a quotation, an evidence link), "cases__" inside a count of a value's
    cases, "study__" for a study's types, modes and findings. The one condition every public read
    applies to what it reaches other than through a published-only manager."""
    return Q(**{f"{path}publication": Publication.PUBLISHED})


class PublishedManager(KeyedManager):
    """Published rows only: the `objects` of a publishable model, so a public read that starts
    from it cannot see a draft. The model's default manager (`all_objects`, declared first) sees
    every row, for the admin, imports, exports, natural keys and the change history."""

    def get_queryset(self):
        return super().get_queryset().filter(published())


class Publishable(models.Model):
    """A record with a publication state. Drafts appear on no public page, API, feed, count or
    download; the admin shows them and can preview them.

    The rule in code: `Model.objects` is published-only (PublishedManager); `Model.all_objects`,
    the default manager, sees drafts too. A read that reaches a publishable record through
    another table (a join, a count, a subquery) filters with `published("case__")` and the like.
    """

    publication = models.CharField(
        max_length=10,
        choices=Publication,
        default=Publication.PUBLISHED,
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
