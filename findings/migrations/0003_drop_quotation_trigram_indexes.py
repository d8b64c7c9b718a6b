"""Drop the quotations' trigram indexes of 0002 on PostgreSQL; nothing on SQLite.

The site search (search/queries.py) matches quotations with their stored `search_document` (and
their case's, for its name) alone on PostgreSQL: partial words are tsquery prefixes answered by
the GIN indexes, so nothing uses the `UPPER(text)` and `UPPER(speaker_role)` trigram indexes.
"""

from django.db import migrations

FIELDS = ("text", "speaker_role")

FORWARDS = [f"DROP INDEX IF EXISTS findings_quotation_{field}_trgm" for field in FIELDS]
BACKWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS findings_quotation_{field}_trgm ON findings_quotation "
        f"USING gin ((UPPER({field}::text)) gin_trgm_ops)"
        for field in FIELDS
    ),
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0002_quotation_search_document"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
