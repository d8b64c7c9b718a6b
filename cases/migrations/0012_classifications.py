"""A case's type moves from the case row to the study that gives it: one Classification per case
and study. Every case now on file is a case of "Are we rallying together?" (the study's ten), typed
or not; each type keeps its citation. Going back, a case takes the type of the earliest study that
gives it one.

On SQLite, removing the case's columns rebuilds `cases_case`, which drops the triggers of its
full-text index; as 0007 asks, its FORWARDS run again after the rebuild.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

search_fts = importlib.import_module("cases.migrations.0007_search_fts")
FIRST_STUDY = "are-we-rallying-together"


def classify_every_case(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Classification = apps.get_model("cases", "Classification")
    Study = apps.get_model("cases", "Study")
    CaseFieldCitation = apps.get_model("cases", "CaseFieldCitation")
    cases = list(Case.objects.order_by("pk"))
    if not cases:
        return
    study = Study.objects.get(slug=FIRST_STUDY)
    rows = []
    for case in cases:
        if case.typology_id is not None:
            rows.append(
                Classification(
                    case=case,
                    study=study,
                    typology_id=case.typology_id,
                    source_id=case.typology_source_id,
                    locator=case.typology_locator,
                    basis=case.typology_basis,
                    basis_reason=case.typology_reason,
                )
            )
            continue
        # Not typed: the citation supports the inclusion, as the case's listing fact cites it.
        listing = (
            CaseFieldCitation.objects.filter(case=case, field_name="listing", source__study=study)
            .order_by("source__year", "source__key")
            .first()
        )
        source_id = listing.source_id if listing else study.source_id
        locator = listing.locator if listing else study.locator
        rows.append(Classification(case=case, study=study, source_id=source_id, locator=locator))
    Classification.objects.bulk_create(rows)


def type_from_classifications(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Classification = apps.get_model("cases", "Classification")
    typed = Classification.objects.filter(typology__isnull=False).order_by(
        "case_id", "study__year", "study__slug"
    )
    seen = set()
    for row in typed:
        if row.case_id in seen:
            continue
        seen.add(row.case_id)
        Case.objects.filter(pk=row.case_id).update(
            typology_id=row.typology_id,
            typology_source_id=row.source_id,
            typology_locator=row.locator,
            typology_basis=row.basis,
            typology_reason=row.basis_reason,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_publication_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="Classification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "locator",
                    models.CharField(
                        blank=True,
                        help_text="Page, section or table where the source says it.",
                        max_length=200,
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        choices=[
                            ("stated", "Stated by the source"),
                            ("inferred", "Editorial inference"),
                        ],
                        default="stated",
                        help_text="Stated: the source says it. Inferred: the editors concluded it from the source.",
                        max_length=10,
                    ),
                ),
                (
                    "basis_reason",
                    models.CharField(
                        blank=True,
                        help_text="Required when the basis is an editorial inference: why the editors concluded it.",
                        max_length=400,
                        verbose_name="reason for the inference",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=400)),
            ],
            options={
                "verbose_name": "case in a study",
                "verbose_name_plural": "cases in studies",
                "ordering": ["case", "study__year", "study__slug"],
            },
        ),
        migrations.AddField(
            model_name="classification",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="classifications",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="classification",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(app_label)s_%(class)s_citations",
                to="cases.source",
            ),
        ),
        migrations.AddField(
            model_name="classification",
            name="study",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="classifications",
                to="cases.study",
            ),
        ),
        migrations.AddField(
            model_name="classification",
            name="typology",
            field=models.ForeignKey(
                blank=True,
                help_text="A type from this study's typology; empty when the study does not type the case.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="classifications",
                to="cases.typology",
                verbose_name="type",
            ),
        ),
        migrations.AddIndex(
            model_name="classification",
            index=models.Index(fields=["typology", "case"], name="cases_class_typology_case_idx"),
        ),
        migrations.AddIndex(
            model_name="classification",
            index=models.Index(fields=["study", "case"], name="cases_class_study_case_idx"),
        ),
        migrations.AddIndex(
            model_name="classification",
            index=models.Index(fields=["basis", "case"], name="cases_class_basis_case_idx"),
        ),
        migrations.AddConstraint(
            model_name="classification",
            constraint=models.CheckConstraint(
                condition=models.Q(("basis__in", ["stated", "inferred"])),
                name="cases_classification_basis_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="classification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "inferred"), _negated=True),
                    models.Q(("basis_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="cases_classification_inference_has_reason",
                violation_error_message="An editorial inference needs a reason.",
            ),
        ),
        migrations.AddConstraint(
            model_name="classification",
            constraint=models.UniqueConstraint(
                fields=("case", "study"),
                name="cases_classification_unique",
                violation_error_message="This case is already in this study.",
            ),
        ),
        migrations.RunPython(classify_every_case, type_from_classifications),
        migrations.RunPython(migrations.RunPython.noop, search_fts.run(search_fts.FORWARDS)),
        migrations.RemoveConstraint(
            model_name="case",
            name="cases_case_typology_cited",
        ),
        migrations.RemoveConstraint(
            model_name="case",
            name="cases_case_typology_inference_has_reason",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_typology_sort_idx",
        ),
        migrations.RemoveIndex(
            model_name="case",
            name="cases_case_dimensions_idx",
        ),
        migrations.RemoveField(
            model_name="case",
            name="typology",
        ),
        migrations.RemoveField(
            model_name="case",
            name="typology_basis",
        ),
        migrations.RemoveField(
            model_name="case",
            name="typology_locator",
        ),
        migrations.RemoveField(
            model_name="case",
            name="typology_reason",
        ),
        migrations.RemoveField(
            model_name="case",
            name="typology_source",
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["sector", "region", "funding_model", "permanence", "status", "id"],
                name="cases_case_dimensions_idx",
            ),
        ),
        migrations.RunPython(search_fts.run(search_fts.FORWARDS), migrations.RunPython.noop),
    ]
