"""The database refuses to change a published release: its files never change once written, and a
release's version, date and difference neither (its notes may be corrected).

- A trigger on each table aborts an UPDATE that changes a frozen column, whoever sends it (the
  ORM, raw SQL, a console). Deleting stays possible for the database's owner; the site offers no
  way to (the admin has no delete).
- On PostgreSQL the files' bytes are stored uncompressed (STORAGE EXTERNAL), so that serving a
  slice of a large file reads that slice only, not the whole value decompressed.

SQLite drops a table's triggers when Django rebuilds the table (most field changes): a later
migration that alters these tables must run `forwards` again; releases/tests/test_release_files.py
fails if the triggers are missing.
"""

from django.db import migrations

FILE_COLUMNS = ("release_id", "name", "position", "content_type", "size", "sha256", "content")
RELEASE_COLUMNS = (
    "version",
    "published_on",
    "dataset_version",
    "previous_version",
    "case_count",
    "cases_added",
    "cases_removed",
    "cases_changed",
    "diff",
    "created_at",
)
FILE_MESSAGE = "a release file never changes once written"
RELEASE_MESSAGE = "a published release never changes, but for its notes"


def sqlite_trigger(table: str, columns: tuple[str, ...], message: str) -> str:
    changed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in columns)
    return (
        f"CREATE TRIGGER IF NOT EXISTS {table}_frozen BEFORE UPDATE ON {table} "
        f"WHEN {changed} BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


def postgresql_trigger(table: str, columns: tuple[str, ...], message: str) -> list[str]:
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    return [
        f"CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {changed} THEN RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation'; "
        "END IF; RETURN NEW; END $$",
        f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}",
        f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_frozen()",
    ]


TABLES = (
    ("releases_releasefile", FILE_COLUMNS, FILE_MESSAGE),
    ("releases_release", RELEASE_COLUMNS, RELEASE_MESSAGE),
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns, message in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(sqlite_trigger(table, columns, message), params=None)
        elif vendor == "postgresql":
            for statement in postgresql_trigger(table, columns, message):
                schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE releases_releasefile ALTER COLUMN content SET STORAGE EXTERNAL",
            params=None,
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _, _ in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen", params=None)
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}", params=None)
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_frozen()", params=None)


class Migration(migrations.Migration):
    dependencies = [("releases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
