"""A release: a version of the dataset an editor publishes, with a date and notes."""

from django.db import models
from django.urls import reverse


class Release(models.Model):
    version = models.CharField(
        max_length=40,
        unique=True,
        help_text="Letters, digits, dots and hyphens, e.g. 1.0 or 2026-11; never reused.",
    )
    published_on = models.DateField()
    notes = models.TextField(help_text="What changed in this release, for readers.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        get_latest_by = ["published_on", "created_at"]

    def __str__(self):
        return f"Release {self.version} ({self.published_on:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("releases:detail", args=[self.version])
