"""Drop the trigram indexes of 0003 on PostgreSQL; nothing on SQLite.

The case search (cases/search.py) no longer matches substrings with `icontains` on PostgreSQL:
partial words are tsquery prefixes ("harr:*") answered by the GIN index on `search_document`.
Nothing else used the six `UPPER(field)` trigram indexes, and each cost every write to a case.
The pg_trgm extension stays (0003 created it; dropping it could break other users of it).
"""

from django.db import migrations

FIELDS = ("name", "place_label", "lead_organisation", "initiative_name", "summary", "description")

FORWARDS = [f"DROP INDEX IF EXISTS cases_case_{field}_trgm" for field in FIELDS]
BACKWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS cases_case_{field}_trgm ON cases_case "
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
        ("cases", "0004_list_sort_and_facet_indexes"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
