"""When the knowledge base last changed: one row, moved forward by every write.

API reads send it as Last-Modified, so clients and caches can revalidate cheaply; caches can use it
as their key so that any write invalidates them. Saves and deletes of the knowledge base's models
bump it through signals (see cases/revision.py), which also catches admin edits and imports.
"""

from django.db import models
from django.utils import timezone


class DatasetRevision(models.Model):
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="cases_datasetrevision_single_row"
            ),
        ]

    def __str__(self):
        return f"Dataset changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"
