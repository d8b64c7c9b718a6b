"""Full-text search on SQLite: an FTS5 index of the cases' searchable text; nothing on PostgreSQL.

- `cases_case_fts`: an FTS5 table of the six fields that PostgreSQL's `search_document` holds
  (0003), tokenized by `porter unicode61` so that words are stemmed as PostgreSQL's "english"
  configuration stems them ("alliances" finds "alliance"). It is an external-content table: it
  stores the index only and reads the text from `cases_case` (rowid = the case's id).
- Three triggers keep it in step with every write, in the write's own statement: an insert adds
  the case's words, a delete removes them, an update of one of the six fields replaces them.
- The index is filled for the cases already there (`rebuild`).

cases/search.py matches and ranks with it (bm25). The table is not a model, so Django's migration
state does not change. SQLite drops a table's triggers with the table: a later migration that
makes Django rebuild `cases_case` on SQLite (most field changes) must run FORWARDS again;
search/tests/test_search_fts.py fails if the triggers are missing.
"""

from django.db import migrations

TABLE = "cases_case"
INDEX = "cases_case_fts"
FIELDS = ("name", "place_label", "lead_organisation", "initiative_name", "summary", "description")

COLUMNS = ", ".join(FIELDS)
NEW = ", ".join(f"new.{field}" for field in FIELDS)
OLD = ", ".join(f"old.{field}" for field in FIELDS)
ADD = f"INSERT INTO {INDEX}(rowid, {COLUMNS}) VALUES (new.id, {NEW});"
# External content: FTS5 removes a row's words given the values it indexed.
REMOVE = f"INSERT INTO {INDEX}({INDEX}, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD});"

FORWARDS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5({COLUMNS}, content='{TABLE}', "
    "content_rowid='id', tokenize='porter unicode61')",
    f"CREATE TRIGGER IF NOT EXISTS {INDEX}_insert AFTER INSERT ON {TABLE} BEGIN {ADD} END",
    f"CREATE TRIGGER IF NOT EXISTS {INDEX}_delete AFTER DELETE ON {TABLE} BEGIN {REMOVE} END",
    f"CREATE TRIGGER IF NOT EXISTS {INDEX}_update AFTER UPDATE OF {COLUMNS} ON {TABLE} "
    f"BEGIN {REMOVE} {ADD} END",
    f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')",
]
BACKWARDS = [
    *(f"DROP TRIGGER IF EXISTS {INDEX}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {INDEX}",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_status_disputes_and_published_wording"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
