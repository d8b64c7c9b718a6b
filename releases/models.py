"""A release: a version of the dataset an editor publishes, with a date and notes, its frozen files
and its difference from the release before it.

Why the files are rows, not files on disk: a release's files can never be built again (the data
moves on), and the site may run on several hosts, each with its own DOWNLOADS_DIR. So each file's
bytes are kept in the database (ReleaseFile.content), which every host reads, which every backup
(pg_dump, export_dataset) carries, and which commits the release and its files together or not at
all. They are served streamed, a slice at a time (ReleaseFileQuerySet.slices), so a large file is
never whole in a worker's memory. On PostgreSQL the column is stored uncompressed (migration
0002), so that a slice reads only its own part of the value.

Nothing changes a release's files, version, date or difference once written: the models refuse
(save and QuerySet.update), and so does the database (triggers, migration 0002), also for raw SQL.
Only the notes may be corrected (a typo, a missing word), through releases.services.
"""

from hashlib import sha256

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower, Substr
from django.db.models.lookups import Exact
from django.urls import reverse

# Letters, digits, dots and hyphens, starting and ending with a letter or digit: 1.0, 2026-11,
# v2.1-rc1. The URL converter (releases/urls.py) and the API's lookup use it too.
VERSION_PATTERN = r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*"
VERSION_HELP = (
    "Letters, digits, dots and hyphens, starting and ending with a letter or digit, "
    "e.g. 1.0 or 2026-11. A version is never reused."
)
# A file is read from the database this many bytes at a time when it is served.
SLICE_BYTES = 1024 * 1024


class FrozenError(Exception):
    """A write that would change a published release or its files."""


class ReleaseQuerySet(models.QuerySet):
    def for_list(self):
        """The releases newest first, without their differences (the list shows only counts):
        one query."""
        return self.defer("diff").order_by("-published_on", "-created_at", "-pk")

    def with_files(self):
        """Each release with its files' descriptions (not their bytes): two queries."""
        return self.prefetch_related(
            models.Prefetch("files", ReleaseFile.objects.defer("content").order_by("position"))
        )

    def update(self, **kwargs):
        if set(kwargs) - {"notes"}:
            raise FrozenError("A release's version, date and difference never change.")
        return super().update(**kwargs)


class Release(models.Model):
    version = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(rf"^{VERSION_PATTERN}\Z", VERSION_HELP)],
        help_text=VERSION_HELP,
    )
    published_on = models.DateField(verbose_name="date")
    notes = models.TextField(help_text="What changed in this release, for readers.")
    # The dataset revision the files were built from: the `version` inside them.
    dataset_version = models.CharField(max_length=40, blank=True)
    # The release this one's difference is from; empty for the first.
    previous_version = models.CharField(max_length=40, blank=True)
    case_count = models.PositiveIntegerField(default=0)
    cases_added = models.PositiveIntegerField(default=0)
    cases_removed = models.PositiveIntegerField(default=0)
    cases_changed = models.PositiveIntegerField(default=0)
    # releases/diff.py: the difference from the previous release, computed once at publishing.
    diff = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReleaseQuerySet.as_manager()

    # Fields an import may not change on a release that exists (cases/dataset_io/importer.py).
    frozen_fields = (
        "version",
        "published_on",
        "dataset_version",
        "previous_version",
        "case_count",
        "cases_added",
        "cases_removed",
        "cases_changed",
        "diff",
        "created_at",
    )

    class Meta:
        ordering = ["-published_on", "-created_at", "-pk"]
        get_latest_by = ["published_on", "created_at"]
        constraints = [
            # 1.0 and 1.0-RC1 may both exist; 1.0-rc1 and 1.0-RC1 would read as one.
            models.UniqueConstraint(
                Lower("version"),
                name="releases_release_version_unique_ignoring_case",
                violation_error_message="A release already has this version (ignoring case).",
            ),
            models.CheckConstraint(
                condition=~Q(version="") & ~Q(notes=""),
                name="releases_release_required_text",
                violation_error_message="A release needs a version and notes.",
            ),
        ]

    def __str__(self):
        return f"Release {self.version} ({self.published_on:%-d %B %Y})"

    def natural_key(self):
        return (self.version,)

    def get_absolute_url(self):
        return reverse("releases:detail", args=[self.version])

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding and (update_fields is None or set(update_fields) - {"notes"}):
            raise FrozenError(
                f"Release {self.version} is published: only its notes may be corrected."
            )
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_first(self) -> bool:
        return not self.previous_version


class ReleaseFileQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise FrozenError("A release's files never change once written.")

    def slices(self, file: "ReleaseFile"):
        """The file's bytes, SLICE_BYTES at a time: one query per slice."""
        for start in range(0, file.size, SLICE_BYTES):
            # SQL counts from 1.
            part = Substr("content", start + 1, SLICE_BYTES, output_field=models.BinaryField())
            (chunk,) = self.filter(pk=file.pk).values_list(part, flat=True)
            yield bytes(chunk)


class ReleaseFileManager(models.Manager.from_queryset(ReleaseFileQuerySet)):
    def get_by_natural_key(self, version, name):
        return self.get(release__version=version, name=name)


class ReleaseFile(models.Model):
    """One of a release's files, as it was when the release was published, byte for byte."""

    release = models.ForeignKey(Release, models.CASCADE, related_name="files")
    name = models.CharField(max_length=100, help_text="Its name in the URL and in SHA256SUMS.")
    position = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, verbose_name="SHA-256")
    content = models.BinaryField()

    objects = ReleaseFileManager()

    frozen_fields = ("name", "position", "content_type", "size", "sha256", "content")

    class Meta:
        ordering = ["release", "position", "name"]
        verbose_name = "release file"
        constraints = [
            models.UniqueConstraint(
                fields=["release", "name"],
                name="releases_releasefile_unique",
                violation_error_message="This release already has a file of this name.",
            ),
            models.CheckConstraint(
                condition=Q(Exact(Length("sha256"), 64)) & ~Q(name=""),
                name="releases_releasefile_named_and_summed",
                violation_error_message="A file needs a name and a SHA-256 of 64 hex digits.",
            ),
            models.CheckConstraint(
                condition=Q(Exact(F("size"), Length("content"))),
                name="releases_releasefile_size_is_length",
                violation_error_message="A file's size is the length of its content.",
            ),
        ]

    def __str__(self):
        return f"{self.release.version}/{self.name}"

    def natural_key(self):
        return (self.release.version, self.name)

    natural_key.dependencies = ["releases.release"]

    def get_absolute_url(self):
        return reverse("releases:file", args=[self.release.version, self.name])

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenError(f"{self} is frozen: a release's files never change once written.")
        super().save(*args, **kwargs)

    def clean(self):
        """The stated size and SHA-256 are the content's (an import could say otherwise)."""
        super().clean()
        content = bytes(self.content or b"")
        if self.size != len(content) or self.sha256 != sha256(content).hexdigest():
            raise ValidationError(
                {"content": "The content's size or SHA-256 differs from the file's stated ones."}
            )
