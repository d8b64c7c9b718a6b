"""Natural keys: fixtures and imports refer to rows by slug, never by database id."""

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
