# Every type and accountability mode now has its study (0009), so the link is required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_the_first_study"),
    ]

    operations = [
        migrations.AlterField(
            model_name="accountabilitymode",
            name="study",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="accountability_modes",
                to="cases.study",
            ),
        ),
        migrations.AlterField(
            model_name="typology",
            name="study",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="typologies",
                to="cases.study",
            ),
        ),
    ]
