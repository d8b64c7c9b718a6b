"""Full-text search indexes on PostgreSQL; nothing on SQLite.

- `cases_case.search_document`: a stored generated tsvector of the case's searchable text, each
  field weighted as search/queries.py ranks it (name A; place, lead organisation and initiative
  B; summary and description C), with a GIN index. cases/search.py matches against it and the
  site search ranks with it, so a search neither re-parses every case's text nor scans the table.
- Trigram GIN indexes (pg_trgm) on UPPER(field) for the same six fields: the search also matches
  substrings ("harr" finds Harrow) with `icontains`, which Django writes as
  UPPER(field::text) LIKE UPPER('%…%'); with these the whole OR of conditions is answered from
  indexes (a BitmapOr) instead of a sequential scan.

The column is not a model field (SQLite has no tsvector), so Django's migration state does not
change: the operations run as SQL only when the database is PostgreSQL.
"""

from django.db import migrations

# Field → weight; the same as the "cases" entry of search.queries.SEARCHABLES.
WEIGHTS = (
    ("name", "A"),
    ("place_label", "B"),
    ("lead_organisation", "B"),
    ("initiative_name", "B"),
    ("summary", "C"),
    ("description", "C"),
)
DOCUMENT = " || ".join(
    f"setweight(to_tsvector('english'::regconfig, COALESCE({field}, '')), '{weight}')"
    for field, weight in WEIGHTS
)

FORWARDS = [
    f"ALTER TABLE cases_case ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX cases_case_search_document ON cases_case USING gin (search_document)",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX cases_case_{field}_trgm ON cases_case "
        f"USING gin ((UPPER({field}::text)) gin_trgm_ops)"
        for field, _ in WEIGHTS
    ),
]
BACKWARDS = [
    *(f"DROP INDEX IF EXISTS cases_case_{field}_trgm" for field, _ in WEIGHTS),
    "DROP INDEX IF EXISTS cases_case_search_document",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_document",
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
        ("cases", "0002_dataset_revision"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
