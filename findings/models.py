"""What the research concluded, the evidence linking it to cases, and the quotations behind it."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from cases.models import Case, Cited, Study
from cases.models.slugs import KeyedManager
from findings.choices import FindingKind
from findings.querysets import FindingQuerySet, QuotationQuerySet


class Finding(Cited):
    slug = models.SlugField(max_length=80, unique=True, help_text="Public identifier used in URLs.")
    study = models.ForeignKey(Study, models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=16, choices=FindingKind, db_index=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the source concluded, in our own words.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within its kind.")
    cases = models.ManyToManyField(Case, through="CaseFinding", related_name="findings", blank=True)

    objects = KeyedManager.from_queryset(FindingQuerySet)("slug")

    class Meta:
        ordering = ["kind", "order", "slug"]
        constraints = [
            *Cited.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="findings_finding_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(title="") & ~Q(summary=""),
                name="findings_finding_required_text",
                violation_error_message="A finding needs a slug, a title and a summary.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("findings:detail", args=[self.slug])

    @property
    def kind_rank(self) -> int:
        """Position of the finding's kind in the study's own order (why, how, measure, themes, open)."""
        return FindingKind.values.index(self.kind)

    @property
    def facet_group(self) -> str:
        """Heading under which the case list's finding filter groups this finding."""
        return self.get_kind_display()


class CaseFinding(Cited):
    """Evidence that a case illustrates a finding: the source places the case under it."""

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="evidence_links")
    case = models.ForeignKey(Case, models.CASCADE, related_name="finding_links")
    note = models.CharField(
        max_length=400, blank=True, help_text="How the case illustrates the finding, in our words."
    )

    objects = KeyedManager("finding__slug", "case__slug")

    class Meta:
        ordering = ["finding", "case", "pk"]
        verbose_name = "evidence link"
        constraints = [
            *Cited.Meta.constraints,
            models.UniqueConstraint(
                fields=["finding", "case"],
                name="findings_casefinding_unique",
                violation_error_message="This case is already linked to this finding.",
            ),
        ]

    def __str__(self):
        return f"{self.case} — {self.finding}"

    def natural_key(self):
        return (self.finding.slug, self.case.slug)


class Quotation(Cited):
    """Words an interviewee said, reproduced verbatim from the source; always belongs to a case."""

    slug = models.SlugField(max_length=80, unique=True)
    text = models.TextField(help_text="Verbatim, including the source's own ellipses.")
    speaker_role = models.CharField(
        max_length=200, help_text="Role, e.g. Director of Public Health."
    )
    case = models.ForeignKey(Case, models.CASCADE, related_name="quotations")
    findings = models.ManyToManyField(
        Finding,
        related_name="quotations",
        blank=True,
        help_text="Findings the quotation illustrates.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = KeyedManager.from_queryset(QuotationQuerySet)("slug")

    class Meta:
        ordering = ["case", "order", "slug"]
        constraints = [
            *Cited.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(slug="") & ~Q(text="") & ~Q(speaker_role=""),
                name="findings_quotation_required_text",
                violation_error_message="A quotation needs a slug, its text and the speaker's role.",
            ),
        ]

    def __str__(self):
        return f"{self.speaker_role}, {self.case}: “{self.text[:60]}…”"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("findings:quotation-detail", args=[self.slug])
