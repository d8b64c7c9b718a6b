#!/usr/bin/env bash
# Backup drill (docs/backup.md): prove that a pg_dump restores the whole knowledge base, and that
# the portable export imports back identically. Against a scratch database on 127.0.0.1, which it
# creates and drops itself: migrate, load the dataset, count cases and checksum an export; pg_dump
# (custom format); drop and recreate the database; pg_restore; count and checksum again. Then the
# portable route: an empty migrated database, import_dataset of the export, checksum again.
# Exits non-zero if any figure differs. Needs the PostgreSQL client tools and a server that lets
# PGUSER (default postgres) create databases.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB="${DRILL_DATABASE:-rallying_backup_drill}"
# DEBUG=1: the development settings, so the drill needs no SECRET_KEY or ALLOWED_HOSTS.
export DEBUG=1 DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${DB}"
WORK="$(mktemp -d)"
PY=.venv/bin/python

cleanup() {
  dropdb --if-exists "$DB"
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*"; }
case_count() { "$PY" manage.py shell -v0 -c "from cases.models import Case; print(Case.objects.count())"; }
export_sum() { "$PY" manage.py export_dataset -o "$WORK/$1.json" 2>/dev/null; sha256sum "$WORK/$1.json" | cut -c1-64; }

say "scratch database $DB on $PGHOST:$PGPORT"
dropdb --if-exists "$DB" 2>/dev/null
createdb "$DB"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_dataset
before_count="$(case_count)"
before_sum="$(export_sum before)"
say "before: $before_count cases, export sha256 $before_sum"

pg_dump --format=custom --file="$WORK/rallying.dump" "$DB"
say "pg_dump: $(du -h "$WORK/rallying.dump" | cut -f1) in custom format"

dropdb "$DB"
createdb "$DB"
say "dropped and recreated $DB"
pg_restore --exit-on-error --no-owner --dbname="$DB" "$WORK/rallying.dump"
after_count="$(case_count)"
after_sum="$(export_sum after)"
say "after pg_restore: $after_count cases, export sha256 $after_sum"

dropdb "$DB"
createdb "$DB"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py import_dataset "$WORK/before.json" | head -n 1
portable_sum="$(export_sum portable)"
say "after import_dataset into an empty database: export sha256 $portable_sum"

if [ "$before_count" != "$after_count" ] || [ "$before_sum" != "$after_sum" ] \
  || [ "$before_sum" != "$portable_sum" ]; then
  say "DRILL FAILED: the figures differ"
  exit 1
fi
say "drill passed: case count and export checksum identical after pg_restore and after import"
