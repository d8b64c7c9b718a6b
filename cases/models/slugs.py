"""Natural keys: fixtures and imports refer to rows by slug, never by database id."""

from django.db import models


class KeyedManager(models.Manager):
    """Looks rows up by one unique field, so `loaddata` updates a row instead of duplicating it."""

    def __init__(self, field_name: str = "slug"):
        super().__init__()
        self.field_name = field_name

    def get_by_natural_key(self, key):
        return self.get(**{self.field_name: key})
