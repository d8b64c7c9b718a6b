"""Every existing finding is one of "Are we rallying together?" (created by cases/migrations/0009)."""

from django.db import migrations

SLUG = "are-we-rallying-together"


def assign_findings(apps, schema_editor):
    Finding = apps.get_model("findings", "Finding")
    study = apps.get_model("cases", "Study").objects.filter(slug=SLUG).first()
    if study is not None:
        Finding.objects.filter(study__isnull=True).update(study=study)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_the_first_study"),
        ("findings", "0005_finding_study"),
    ]

    operations = [migrations.RunPython(assign_findings, migrations.RunPython.noop)]
