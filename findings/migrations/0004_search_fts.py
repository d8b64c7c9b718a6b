"""Full-text search on SQLite: FTS5 indexes of findings and quotations; nothing on PostgreSQL.

The site search (search/queries.py) matches findings by title and summary and quotations by text
and speaker's role; on PostgreSQL with a parsed document and a stored one (0002). Here each gets
an FTS5 table (`porter unicode61`, the stemming of cases/0007) with external content, kept in step
by triggers on insert, delete and update of the indexed fields, and filled for the rows already
there. A quotation's case name is matched through the cases' index (cases/0007), as on PostgreSQL.

As in cases/0007, the tables are not models (migration state is unchanged), and a later migration
that makes Django rebuild one of the two tables on SQLite must run its FORWARDS again.
"""

from django.db import migrations

INDEXED = {
    "findings_finding": ("title", "summary"),
    "findings_quotation": ("text", "speaker_role"),
}


def forwards(table: str, fields: tuple[str, ...]) -> list[str]:
    index = f"{table}_fts"
    columns = ", ".join(fields)
    new = ", ".join(f"new.{field}" for field in fields)
    old = ", ".join(f"old.{field}" for field in fields)
    add = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5({columns}, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def backwards(table: str) -> list[str]:
    index = f"{table}_fts"
    return [
        *(f"DROP TRIGGER IF EXISTS {index}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {index}",
    ]


FORWARDS = [statement for table, fields in INDEXED.items() for statement in forwards(table, fields)]
BACKWARDS = [statement for table in INDEXED for statement in backwards(table)]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0003_drop_quotation_trigram_indexes"),
        ("cases", "0007_search_fts"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False),
    ]
