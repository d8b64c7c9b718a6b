"""Full-text search indexes for quotations on PostgreSQL; nothing on SQLite.

- `findings_quotation.search_document`: a stored generated tsvector of the quotation's own text
  (weight A) and speaker's role (B), with a GIN index. The site search (search/queries.py)
  matches quotations against it and ranks them with it, instead of parsing every quotation.
  The case's name, also searched and ranked (B), lives in another table, so it cannot be part of
  a generated column: the search matches it through the cases' own indexes instead.
- Trigram GIN indexes (pg_trgm, created by cases/0003) on UPPER(text) and UPPER(speaker_role),
  for the substring match ("harr" finds Harrow) that Django writes as UPPER(field) LIKE '%…%'.

As in cases/0003, the column is not a model field, so Django's migration state does not change.
"""

from django.db import migrations

# Field → weight; the quotation's own fields of the "quotations" entry of search.queries.
WEIGHTS = (("text", "A"), ("speaker_role", "B"))
DOCUMENT = " || ".join(
    f"setweight(to_tsvector('english'::regconfig, COALESCE({field}, '')), '{weight}')"
    for field, weight in WEIGHTS
)

FORWARDS = [
    "ALTER TABLE findings_quotation ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX findings_quotation_search_document ON findings_quotation "
    "USING gin (search_document)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX findings_quotation_{field}_trgm ON findings_quotation "
        f"USING gin ((UPPER({field}::text)) gin_trgm_ops)"
        for field, _ in WEIGHTS
    ),
]
BACKWARDS = [
    *(f"DROP INDEX IF EXISTS findings_quotation_{field}_trgm" for field, _ in WEIGHTS),
    "DROP INDEX IF EXISTS findings_quotation_search_document",
    "ALTER TABLE findings_quotation DROP COLUMN IF EXISTS search_document",
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
        ("findings", "0001_initial"),
        ("cases", "0003_search_document"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
