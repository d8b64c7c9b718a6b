# Every finding now has its study (0006), so the link is required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0006_findings_belong_to_the_first_study"),
    ]

    operations = [
        migrations.AlterField(
            model_name="finding",
            name="study",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="cases.study",
            ),
        ),
    ]
