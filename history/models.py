"""One recorded change: who made it, when, through what, to which record, and what differs."""

from django.conf import settings
from django.db import models

from history.choices import Action, Via

# The record types that are tracked, by model label, with the words a sentence uses for them.
RECORD_TYPES = {
    "cases.case": "case",
    "cases.classification": "classification",
    "cases.casefieldcitation": "fact citation",
    "cases.caseaccountability": "accountability link",
    "cases.casepolicyarea": "policy area link",
    "findings.finding": "finding",
    "findings.casefinding": "evidence link",
    "findings.quotation": "quotation",
    "contributions.suggestion": "reader’s suggestion",
}
# Recorded only by the explicit entries of their own services (recording.record_decision), never
# by the save signals: a reader's suggestion changes nothing in the knowledge base, and its text
# and contact e-mail must not be copied into an entry's differences. Editorial: not on /changes/.
EXPLICIT_RECORD_TYPES = {"contributions.suggestion"}


# The bulk operations recorded as one entry each (their record_key).
LOAD_DATASET = "load_dataset"
SYNTHESIZE = "synthesize"


class ChangeQuerySet(models.QuerySet):
    def of_case(self, slug: str):
        return self.filter(case_slug=slug)

    def of_finding(self, slug: str):
        """The finding itself and its evidence links (keyed "finding-slug/case-slug")."""
        return self.filter(
            models.Q(record_type="findings.finding", record_key=slug)
            | models.Q(record_type="findings.casefinding", record_key__startswith=f"{slug}/")
        )


class Change(models.Model):
    at = models.DateTimeField(db_index=True, verbose_name="when")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="who",
    )
    # Kept when the account is deleted; empty for imports, commands and scripts.
    username = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=10, choices=Via, verbose_name="through")
    action = models.CharField(max_length=10, choices=Action, db_index=True)
    record_type = models.CharField(
        max_length=40, choices=list(RECORD_TYPES.items()), blank=True, verbose_name="type"
    )
    record_id = models.BigIntegerField(null=True, blank=True)
    record_key = models.CharField(max_length=250, blank=True, verbose_name="key")
    record_label = models.CharField(max_length=300, blank=True, verbose_name="record")
    # The case the record belongs to. No database constraint and no reverse accessor: history
    # outlives the case (set to NULL by Django on delete, and bulk removals of synthetic cases
    # must not trip over it); the slug keeps saying which case it was.
    case = models.ForeignKey(
        "cases.Case",
        models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
    )
    case_slug = models.SlugField(max_length=80, blank=True, db_index=True)
    case_name = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=500)
    # {field name: [before, after]}, values as people read them (labels, not ids).
    differences = models.JSONField(default=dict, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="history_change_case_at_idx"),
            models.Index(fields=["record_type", "record_key"], name="history_change_record_idx"),
        ]

    def __str__(self):
        return self.summary
