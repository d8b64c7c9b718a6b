"""Where a collaboration stands now: its latest known status, as of when, cited like any fact.

The status is cited through the case's fact citations ("Latest known status"), so a status
that one source states and another contradicts shows both, as any disputed fact does.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.dates import MONTHS

from cases.models.provenance import year_validators


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    SUCCEEDED = "succeeded", "Succeeded by another programme"
    ENDED = "ended", "Ended"
    NOT_KNOWN = "not-known", "Not known"


class LatestStatus(models.Model):
    """A case's latest known status: not known until a source says, then as of a year (and
    month, where the source gives one), with a note in our words."""

    status = models.CharField(
        max_length=16,
        choices=Status,
        default=Status.NOT_KNOWN,
        verbose_name="latest known status",
        help_text="As the latest source we could read has it; cite it as the fact “Latest known "
        "status”. Not known: no source we read says.",
    )
    status_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=year_validators(), verbose_name="status as of (year)"
    )
    status_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12, "Enter a month from 1 to 12.")],
        verbose_name="status as of (month)",
        help_text="1–12; leave empty when the source gives only the year.",
    )
    status_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the status means for this case, in our words (e.g. which programme "
        "followed it).",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.NOT_KNOWN, status_year__isnull=True)
                | (~Q(status=Status.NOT_KNOWN) & Q(status_year__isnull=False)),
                name="%(app_label)s_%(class)s_status_as_of",
                violation_error_message="A known status needs the year it is known as of; "
                "“Not known” has none.",
            ),
            models.CheckConstraint(
                condition=Q(status_month__isnull=True)
                | Q(status_month__gte=1, status_month__lte=12, status_year__isnull=False),
                name="%(app_label)s_%(class)s_status_month",
                violation_error_message="A month must be from 1 to 12, and needs a year.",
            ),
        ]

    @property
    def status_as_of(self) -> str:
        """“April 2025”, “2020”, or "" when the status is not known."""
        if self.status_year is None:
            return ""
        if self.status_month:
            return f"{MONTHS[self.status_month]} {self.status_year}"
        return str(self.status_year)
