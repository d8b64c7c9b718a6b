"""Export Rallying's database to one SQLite file for Datasette: the same data, as Datasette serves it.

Usage (from the project root, with DATABASE_URL set): python benchmarks/export_sqlite.py OUT.db

`cases` is one row per case with the slugs of its dimensions as columns (the filter values of
/api/cases/) and its many-to-many values (accountability, policy areas, findings) as JSON arrays,
which Datasette facets with `_facet_array`. Every filtered column is indexed, `cases_fts` is an
FTS5 index of the six searchable fields, and the lookup tables, findings, evidence links,
quotations and sources come along so that nothing of the knowledge base is left out.
"""

import datetime
import json
import os
import sqlite3
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rallying.settings")

import django  # noqa: E402

django.setup()

from django.db.models import OuterRef, Subquery, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from cases.models import (  # noqa: E402
    AccountabilityMode,
    Case,
    CaseAccountability,
    CasePolicyArea,
    Classification,
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

# The tables as Datasette serves them: REFERENCES make its foreign-key links and labels.
SCHEMA = """
CREATE TABLE nations (slug TEXT PRIMARY KEY, name TEXT);
CREATE TABLE regions (slug TEXT PRIMARY KEY, name TEXT, nation TEXT REFERENCES nations(slug));
CREATE TABLE sectors (slug TEXT PRIMARY KEY, name TEXT, definition TEXT);
CREATE TABLE typologies (slug TEXT PRIMARY KEY, name TEXT, definition TEXT);
CREATE TABLE accountability_modes (slug TEXT PRIMARY KEY, name TEXT, definition TEXT);
CREATE TABLE policy_areas (slug TEXT PRIMARY KEY, name TEXT, definition TEXT);
CREATE TABLE funding_models (slug TEXT PRIMARY KEY, name TEXT, definition TEXT);
CREATE TABLE sources (key TEXT PRIMARY KEY, title TEXT, kind TEXT, origin TEXT, authors TEXT,
    publisher TEXT, year INTEGER, month INTEGER, url TEXT, note TEXT);
CREATE TABLE cases (slug TEXT PRIMARY KEY, name TEXT, lead_organisation TEXT,
    initiative_name TEXT, place_label TEXT, latitude REAL, longitude REAL, started INTEGER,
    permanence TEXT, summary TEXT, description TEXT, sector TEXT REFERENCES sectors(slug),
    region TEXT REFERENCES regions(slug), nation TEXT REFERENCES nations(slug),
    funding_model TEXT REFERENCES funding_models(slug), typology TEXT, typology_basis TEXT,
    typology_source TEXT REFERENCES sources(key), accountability TEXT, policy_area TEXT,
    finding TEXT, updated_at TEXT);
CREATE TABLE findings (slug TEXT PRIMARY KEY, kind TEXT, title TEXT, summary TEXT,
    source TEXT REFERENCES sources(key));
CREATE TABLE evidence_links (id INTEGER PRIMARY KEY, finding TEXT REFERENCES findings(slug),
    case_slug TEXT REFERENCES cases(slug), note TEXT, source TEXT REFERENCES sources(key),
    locator TEXT, basis TEXT);
CREATE TABLE quotations (slug TEXT PRIMARY KEY, case_slug TEXT REFERENCES cases(slug), text TEXT,
    speaker_role TEXT, source TEXT REFERENCES sources(key), locator TEXT);
"""
# Every column the requests filter on, the list's sort, and the case pages' links.
INDEXES = """
CREATE INDEX cases_sector ON cases (sector);
CREATE INDEX cases_region ON cases (region);
CREATE INDEX cases_nation ON cases (nation);
CREATE INDEX cases_typology ON cases (typology);
CREATE INDEX cases_funding_model ON cases (funding_model);
CREATE INDEX cases_permanence ON cases (permanence);
CREATE INDEX cases_typology_basis ON cases (typology_basis);
CREATE INDEX cases_name ON cases (name, slug);
CREATE INDEX evidence_links_case ON evidence_links (case_slug);
CREATE INDEX quotations_case ON quotations (case_slug);
"""
# A case's own fields, in the order of its columns up to typology_source (a case without a
# typology is filtered as "none", as on /api/cases/; a case typed by several studies is
# flattened to its first type, which a flat table can hold); then its JSON arrays and updated_at.
CASE_FIELDS = (
    "slug", "name", "lead_organisation", "initiative_name", "place_label", "latitude", "longitude",
    "started", "permanence", "summary", "description", "sector__slug", "region__slug",
    "region__nation__slug", "funding_model__slug", "typology_or_none", "first_type_basis",
    "first_type_source",
)  # fmt: skip
sqlite3.register_adapter(Decimal, float)
sqlite3.register_adapter(datetime.datetime, datetime.datetime.isoformat)


def json_arrays(pairs) -> dict[int, str]:
    """(case id, slug) pairs → case id → its slugs as a JSON array."""
    values = defaultdict(list)
    for case_id, slug in pairs:
        values[case_id].append(slug)
    return {case_id: json.dumps(slugs) for case_id, slugs in values.items()}


def case_rows():
    """One tuple per case, in its columns' order."""
    empty = json.dumps([])
    modes = json_arrays(CaseAccountability.objects.values_list("case_id", "mode__slug"))
    areas = json_arrays(CasePolicyArea.objects.values_list("case_id", "policy_area__slug"))
    findings = json_arrays(CaseFinding.objects.values_list("case_id", "finding__slug"))
    typed = Classification.objects.filter(case=OuterRef("pk"), typology__isnull=False).order_by(
        "study__year", "study__slug"
    )

    def first(column: str) -> Subquery:
        return Subquery(typed.values(column)[:1])

    cases = Case.objects.annotate(
        typology_or_none=Coalesce(first("typology__slug"), Value("none")),
        first_type_basis=first("basis"),
        first_type_source=first("source__key"),
    )
    rows = cases.order_by("pk").values_list("pk", *CASE_FIELDS, "updated_at")
    for pk, *fields, updated_at in rows.iterator(chunk_size=2000):
        arrays = (modes.get(pk, empty), areas.get(pk, empty), findings.get(pk, empty))
        yield (*fields, *arrays, updated_at)


def table_rows() -> dict:
    """Each table's rows, in its columns' order."""
    defined = ("slug", "name", "definition")
    source = "key title kind origin authors publisher year month url note".split()
    link = ("pk", "finding__slug", "case__slug", "note", "source__key", "locator", "basis")
    quotation = ("slug", "case__slug", "text", "speaker_role", "source__key", "locator")
    return {
        "nations": Nation.objects.values_list("slug", "name"),
        "regions": Region.objects.values_list("slug", "name", "nation__slug"),
        "sectors": Sector.objects.values_list(*defined),
        "typologies": Typology.objects.values_list(*defined),
        "accountability_modes": AccountabilityMode.objects.values_list(*defined),
        "policy_areas": PolicyArea.objects.values_list(*defined),
        "funding_models": FundingModel.objects.values_list(*defined),
        "sources": Source.objects.values_list(*source),
        "cases": case_rows(),
        "findings": Finding.objects.values_list("slug", "kind", "title", "summary", "source__key"),
        "evidence_links": CaseFinding.objects.values_list(*link).iterator(chunk_size=5000),
        "quotations": Quotation.objects.values_list(*quotation).iterator(chunk_size=5000),
    }


def export(path: Path) -> int:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    with db:
        db.executescript(SCHEMA)
        for table, rows in table_rows().items():
            width = len(db.execute(f"SELECT * FROM {table}").description)
            db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows)
        db.executescript(INDEXES)
        # Datasette's full-text index covers the fields Rallying's case search matches.
        columns = ", ".join(CASE_SEARCH_FIELDS)
        db.execute(f"CREATE VIRTUAL TABLE cases_fts USING fts5({columns}, content='cases')")
        db.execute(f"INSERT INTO cases_fts (rowid, {columns}) SELECT rowid, {columns} FROM cases")
    db.execute("ANALYZE")
    count = db.execute("SELECT count(*) FROM cases").fetchone()[0]
    db.close()
    return count


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(f"Exported {export(out)} cases to {out}")
