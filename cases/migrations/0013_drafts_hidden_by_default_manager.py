import django.db.models.manager
from django.db import migrations

# Case.all_objects (every row) becomes the default manager and Case.objects shows published rows
# only (cases/models/publication.py); the same for Study. Historical models from here on have
# `all_objects` and no `objects`: a data migration after this one reads `Model._default_manager`.
# It runs after the findings migrations and 0012 so that their data migrations still find
# `objects`.


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_classifications"),
        ("findings", "0007_finding_belongs_to_a_study"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="case",
            managers=[
                ("all_objects", django.db.models.manager.Manager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="study",
            managers=[
                ("all_objects", django.db.models.manager.Manager()),
            ],
        ),
    ]
