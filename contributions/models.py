"""A reader's suggestion: a new case, or a correction to a fact of a case, waiting for an editor.

One table with a `kind`. Nothing here is public: an editor decides each suggestion in the admin,
and only what the editor then writes (a draft case, an edit to a case) can ever reach a reader.
No IP address is stored; the optional contact e-mail is emptied in the decision's transaction
(the database refuses a decided suggestion that still has one).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import CitedField

# Unambiguous when read aloud or copied by hand: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8

# Size limits, shared by the model (max_length) and the forms' messages.
NAME_MAX = 200
PLACE_MAX = 200
DESCRIPTION_MAX = 3000
SOURCES_MAX = 2000
VALUE_MAX = 2000
REASON_MAX = 1000
EMAIL_MAX = 254


class Kind(models.TextChoices):
    CASE = "case", "New case"
    CORRECTION = "correction", "Correction"


class State(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


# What a correction is about: each cited fact of a case, plus the facts held in links.
CORRECTION_FIELDS = [
    *CitedField.choices,
    ("typology", "Type of collaboration"),
    ("accountability", "Accountability modes"),
    ("policy_areas", "Policy areas"),
    ("other", "Something else"),
]
CORRECTION_FIELD_NAMES = [name for name, _ in CORRECTION_FIELDS]


def new_reference() -> str:
    """A random reference: it names a suggestion to its reader without revealing how many exist."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class SuggestionQuerySet(models.QuerySet):
    def corrections_to_apply(self, case_id: int):
        """Accepted corrections to the case that no editor has marked as applied yet."""
        return self.filter(
            kind=Kind.CORRECTION, state=State.ACCEPTED, applied_at__isnull=True, case_id=case_id
        ).order_by("decided_at", "pk")


class Suggestion(models.Model):
    reference = models.CharField(max_length=REFERENCE_LENGTH, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=Kind)
    state = models.CharField(max_length=16, choices=State, default=State.NEW, db_index=True)
    decision_reason = models.CharField(
        max_length=REASON_MAX,
        blank=True,
        verbose_name="reason",
        help_text="Why the editors decided so; required to reject.",
    )
    # Optional, for the editors to reply; emptied when the suggestion is decided.
    contact_email = models.EmailField(
        max_length=EMAIL_MAX, blank=True, verbose_name="contact e-mail"
    )
    sources = models.TextField(
        max_length=SOURCES_MAX, help_text="One web address or reference per line, as typed."
    )

    # A new case.
    name = models.CharField(max_length=NAME_MAX, blank=True)
    place = models.CharField(max_length=PLACE_MAX, blank=True)
    description = models.TextField(
        max_length=DESCRIPTION_MAX, blank=True, verbose_name="what the collaboration is"
    )

    # A correction. The case's slug and name are kept as they were when suggested: the case may
    # be renamed or deleted later.
    case_slug = models.SlugField(max_length=80, blank=True)
    case_name = models.CharField(max_length=200, blank=True)
    field = models.CharField(
        max_length=32, choices=CORRECTION_FIELDS, blank=True, verbose_name="fact"
    )
    current_value = models.TextField(
        max_length=VALUE_MAX, blank=True, help_text="What the case page showed when suggested."
    )
    proposed_value = models.TextField(max_length=VALUE_MAX, blank=True)

    # related_name "+": the cases app knows nothing of suggestions.
    sector = models.ForeignKey(
        "cases.Sector", models.PROTECT, null=True, blank=True, related_name="+"
    )
    study = models.ForeignKey(
        "cases.Study",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The study the reader says the case appears in.",
    )
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="+")
    created_case = models.ForeignKey(
        "cases.Case",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The draft case made when the suggestion was accepted.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(
        null=True, blank=True, help_text="When an editor marked an accepted correction as made."
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="contributions_suggestion_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="contributions_suggestion_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(field="") | Q(field__in=CORRECTION_FIELD_NAMES),
                name="contributions_suggestion_field_valid",
            ),
            models.CheckConstraint(
                condition=~Q(sources=""),
                name="contributions_suggestion_has_source",
                violation_error_message="A suggestion needs at least one source.",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.CORRECTION)
                | (Q(sector__isnull=False) & ~Q(name="") & ~Q(place="") & ~Q(description="")),
                name="contributions_suggestion_case_complete",
                violation_error_message="A new case needs a name, a place, a sector and a description.",
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.CASE)
                | (~Q(case_slug="") & ~Q(field="") & ~Q(proposed_value="")),
                name="contributions_suggestion_correction_complete",
                violation_error_message="A correction needs a case, a fact and a proposed value.",
            ),
            models.CheckConstraint(
                condition=Q(state=State.NEW, decided_at__isnull=True)
                | Q(state__in=[State.ACCEPTED, State.REJECTED], decided_at__isnull=False),
                name="contributions_suggestion_decided_at",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.REJECTED) | ~Q(decision_reason=""),
                name="contributions_suggestion_rejection_has_reason",
                violation_error_message="Say why the suggestion is rejected.",
            ),
            # The privacy note's promise: the contact e-mail goes when the suggestion is decided.
            models.CheckConstraint(
                condition=Q(state=State.NEW) | Q(contact_email=""),
                name="contributions_suggestion_decided_has_no_email",
            ),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True)
                | Q(kind=Kind.CORRECTION, state=State.ACCEPTED),
                name="contributions_suggestion_applied_if_accepted_correction",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def natural_key(self):
        return (self.reference,)

    @property
    def subject(self) -> str:
        """What the suggestion is about, in a few words: the case's name, or the case and fact."""
        if self.kind == Kind.CASE:
            return self.name
        return f"{self.case_name or self.case_slug}, {self.get_field_display().lower()}"

    @property
    def source_lines(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]
