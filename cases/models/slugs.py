"""Natural keys: fixtures and imports refer to rows by slug, never by database id."""

from django.core.exceptions import ValidationError
from django.db import models


class KeyedManager(models.Manager):
    """Looks rows up by their natural key, so `loaddata` updates a row instead of duplicating it.

    `lookups` name the key's parts in order: "slug", or "case__slug", "mode__slug" for a link.
    """

    def __init__(self, *lookups: str):
        super().__init__()
        self.lookups = lookups or ("slug",)

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.lookups, key, strict=True)))


# Fixed addresses beside the cases' own, under /cases/ (cases/urls.py, packs/urls.py) and
# /api/cases/ (cases/api.py): a case with one of these slugs would sit behind that page and
# could never be opened.
RESERVED_CASE_SLUGS = frozenset({"compare", "facets", "pack"})


def validate_case_slug_not_reserved(value: str) -> None:
    if value in RESERVED_CASE_SLUGS:
        raise ValidationError(
            f"“{value}” is the address of another page (under /cases/ or /api/cases/), so a case "
            "can't use it as its slug. Choose another, for example the place's name."
        )
