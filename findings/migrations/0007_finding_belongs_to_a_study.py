"""Every finding now has its study (0006), so the link is required.

On SQLite, Django rebuilds the findings table to change the column, which drops the triggers that
keep its full-text index in step; as 0004 asks, its FORWARDS run again after the rebuild (and,
going back, after the rebuild that undoes this one).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

search_fts = importlib.import_module("findings.migrations.0004_search_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0006_findings_belong_to_the_first_study"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, search_fts.run(search_fts.FORWARDS)),
        migrations.AlterField(
            model_name="finding",
            name="study",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="cases.study",
            ),
        ),
        migrations.RunPython(search_fts.run(search_fts.FORWARDS), migrations.RunPython.noop),
    ]
