"""A case as one study records it: the study looked at the case, and may give it a type in its own
typology. The same case can appear in several studies, each with its own type and citation.

The citation supports the type when there is one ("this source assigns, or lets the editors infer,
this type"); for a case the study includes without typing it, it supports the inclusion.
"""

from django.core.exceptions import ValidationError
from django.db import models

from cases.models.case import Case
from cases.models.dimensions import Typology
from cases.models.provenance import Cited
from cases.models.slugs import KeyedManager
from cases.models.study import Study


class Classification(Cited):
    case = models.ForeignKey(Case, models.CASCADE, related_name="classifications")
    study = models.ForeignKey(Study, models.PROTECT, related_name="classifications")
    typology = models.ForeignKey(
        Typology,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="classifications",
        verbose_name="type",
        help_text="A type from this study's typology; empty when the study does not type the case.",
    )
    note = models.CharField(max_length=400, blank=True)

    objects = KeyedManager("case__slug", "study__slug")

    class Meta:
        ordering = ["case", "study__year", "study__slug"]
        verbose_name = "case in a study"
        verbose_name_plural = "cases in studies"
        # The cases of a type, of a study, or with a basis, from the index alone: filters, facet
        # counts and similar cases.
        indexes = [
            models.Index(fields=["typology", "case"], name="cases_class_typology_case_idx"),
            models.Index(fields=["study", "case"], name="cases_class_study_case_idx"),
            models.Index(fields=["basis", "case"], name="cases_class_basis_case_idx"),
        ]
        constraints = [
            *Cited.Meta.constraints,
            models.UniqueConstraint(
                fields=["case", "study"],
                name="cases_classification_unique",
                violation_error_message="This case is already in this study.",
            ),
        ]

    def __str__(self):
        typed = f": {self.typology}" if self.typology_id else ""
        return f"{self.case} in {self.study}{typed}"

    def natural_key(self):
        return (self.case.slug, self.study.slug)

    def clean(self):
        super().clean()
        try:
            typology_study = self.typology.study_id if self.typology_id else None
        except Typology.DoesNotExist:  # not saved yet (an import checks it against the file)
            return
        if typology_study and self.study_id and typology_study != self.study_id:
            raise ValidationError(
                {
                    "typology": f"“{self.typology}” belongs to another study's typology; "
                    f"choose a type of “{self.study}”, or leave it empty."
                }
            )
