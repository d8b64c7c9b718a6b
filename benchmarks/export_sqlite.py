"""Export Rallying's database to one SQLite file for Datasette: the same data, as Datasette serves it.

Usage (from the project root, with DATABASE_URL set): python benchmarks/export_sqlite.py OUT.db

`cases` is one row per case with the slugs of its dimensions as columns (the filter values of
/api/cases/) and its many-to-many values (accountability, policy areas, findings) as JSON arrays,
which Datasette facets with `_facet_array`. Every filtered column is indexed, `cases_fts` is an
FTS5 index of the six searchable fields, and the lookup tables, findings, evidence links,
quotations and sources come along so that nothing of the knowledge base is left out.
"""

import json
import os
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallying.settings")

import django  # noqa: E402

django.setup()

from cases.models import (  # noqa: E402
    AccountabilityMode,
    Case,
    CaseAccountability,
    CasePolicyArea,
    FundingModel,
    Nation,
    PolicyArea,
    Region,
    Sector,
    Source,
    Typology,
)
from cases.search import CASE_SEARCH_FIELDS  # noqa: E402
from findings.models import CaseFinding, Finding, Quotation  # noqa: E402

# Datasette's FTS5 index covers the fields Rallying's case search matches.
SEARCHABLE = CASE_SEARCH_FIELDS
FILTERED = (
    "sector",
    "region",
    "nation",
    "typology",
    "funding_model",
    "permanence",
    "typology_basis",
)
CASE_COLUMNS = (
    "slug TEXT PRIMARY KEY, name TEXT, lead_organisation TEXT, initiative_name TEXT, "
    "place_label TEXT, latitude REAL, longitude REAL, started INTEGER, permanence TEXT, "
    "summary TEXT, description TEXT, sector TEXT REFERENCES sectors(slug), "
    "region TEXT REFERENCES regions(slug), nation TEXT REFERENCES nations(slug), "
    "funding_model TEXT REFERENCES funding_models(slug), typology TEXT, typology_basis TEXT, "
    "typology_source TEXT REFERENCES sources(key), accountability TEXT, policy_area TEXT, "
    "finding TEXT, updated_at TEXT"
)


def many(rows) -> dict[int, list[str]]:
    values = defaultdict(list)
    for case_id, slug in rows:
        values[case_id].append(slug)
    return values


def lookups(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE nations (slug TEXT PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO nations VALUES (?, ?)", Nation.objects.values_list("slug", "name"))
    db.execute(
        "CREATE TABLE regions (slug TEXT PRIMARY KEY, name TEXT, nation TEXT REFERENCES nations(slug))"
    )
    db.executemany(
        "INSERT INTO regions VALUES (?, ?, ?)",
        Region.objects.values_list("slug", "name", "nation__slug"),
    )
    for table, model in (
        ("sectors", Sector),
        ("typologies", Typology),
        ("accountability_modes", AccountabilityMode),
        ("policy_areas", PolicyArea),
        ("funding_models", FundingModel),
    ):
        db.execute(f"CREATE TABLE {table} (slug TEXT PRIMARY KEY, name TEXT, definition TEXT)")
        db.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?)",
            model.objects.values_list("slug", "name", "definition"),
        )
    db.execute(
        "CREATE TABLE sources (key TEXT PRIMARY KEY, title TEXT, kind TEXT, origin TEXT, "
        "authors TEXT, publisher TEXT, year INTEGER, month INTEGER, url TEXT, note TEXT)"
    )
    db.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Source.objects.values_list(
            "key", "title", "kind", "origin", "authors", "publisher", "year", "month", "url", "note"
        ),
    )


def _number(value):
    return None if value is None else float(value)


def case_rows():
    """One tuple per case, in CASE_COLUMNS' order."""
    modes = many(CaseAccountability.objects.values_list("case_id", "mode__slug"))
    areas = many(CasePolicyArea.objects.values_list("case_id", "policy_area__slug"))
    findings = many(CaseFinding.objects.values_list("case_id", "finding__slug"))
    fields = (
        "pk", "slug", "name", "lead_organisation", "initiative_name", "place_label", "latitude",
        "longitude", "started", "permanence", "summary", "description", "sector__slug",
        "region__slug", "region__nation__slug", "funding_model__slug", "typology__slug",
        "typology_basis", "typology_source__key", "updated_at",
    )  # fmt: skip
    for r in Case.objects.order_by("pk").values(*fields).iterator(chunk_size=2000):
        yield (
            r["slug"], r["name"], r["lead_organisation"], r["initiative_name"], r["place_label"],
            _number(r["latitude"]), _number(r["longitude"]), r["started"], r["permanence"],
            r["summary"], r["description"], r["sector__slug"], r["region__slug"],
            r["region__nation__slug"], r["funding_model__slug"], r["typology__slug"] or "none",
            r["typology_basis"], r["typology_source__key"],
            json.dumps(modes.get(r["pk"], [])), json.dumps(areas.get(r["pk"], [])),
            json.dumps(findings.get(r["pk"], [])), r["updated_at"].isoformat(),
        )  # fmt: skip


def cases(db: sqlite3.Connection) -> int:
    db.execute(f"CREATE TABLE cases ({CASE_COLUMNS})")
    db.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * 22)})", case_rows())
    for column in FILTERED:
        db.execute(f"CREATE INDEX cases_{column} ON cases ({column})")
    db.execute("CREATE INDEX cases_name ON cases (name, slug)")
    columns = ", ".join(SEARCHABLE)
    db.execute(f"CREATE VIRTUAL TABLE cases_fts USING fts5({columns}, content='cases')")
    db.execute(f"INSERT INTO cases_fts (rowid, {columns}) SELECT rowid, {columns} FROM cases")
    return db.execute("SELECT count(*) FROM cases").fetchone()[0]


def findings_and_quotations(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE findings (slug TEXT PRIMARY KEY, kind TEXT, title TEXT, summary TEXT, "
        "source TEXT REFERENCES sources(key))"
    )
    db.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?)",
        Finding.objects.values_list("slug", "kind", "title", "summary", "source__key"),
    )
    db.execute(
        "CREATE TABLE evidence_links (id INTEGER PRIMARY KEY, finding TEXT REFERENCES findings(slug), "
        "case_slug TEXT REFERENCES cases(slug), note TEXT, source TEXT REFERENCES sources(key), "
        "locator TEXT, basis TEXT)"
    )
    db.executemany(
        "INSERT INTO evidence_links VALUES (?, ?, ?, ?, ?, ?, ?)",
        CaseFinding.objects.values_list(
            "pk", "finding__slug", "case__slug", "note", "source__key", "locator", "basis"
        ).iterator(chunk_size=5000),
    )
    db.execute("CREATE INDEX evidence_links_case ON evidence_links (case_slug)")
    db.execute(
        "CREATE TABLE quotations (slug TEXT PRIMARY KEY, case_slug TEXT REFERENCES cases(slug), "
        "text TEXT, speaker_role TEXT, source TEXT REFERENCES sources(key), locator TEXT)"
    )
    db.executemany(
        "INSERT INTO quotations VALUES (?, ?, ?, ?, ?, ?)",
        Quotation.objects.values_list(
            "slug", "case__slug", "text", "speaker_role", "source__key", "locator"
        ).iterator(chunk_size=5000),
    )
    db.execute("CREATE INDEX quotations_case ON quotations (case_slug)")


def export(path: Path) -> int:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    with db:
        lookups(db)
        n = cases(db)
        findings_and_quotations(db)
    db.execute("ANALYZE")
    db.close()
    return n


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(f"Exported {export(out)} cases to {out}")
