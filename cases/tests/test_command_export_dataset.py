"""export_dataset: the whole knowledge base in the fixtures' format, repeatable byte for byte, and
it imports into an empty database and exports again identically."""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cases.dataset_io.tables import TABLES
from cases.models import Case, Source
from cases.synthetic import synthesize
from tests.factories import make_case, make_finding, make_quotation

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def export(*args) -> str:
    out = StringIO()
    call_command("export_dataset", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def empty_the_knowledge_base():
    """Delete every row the export covers, children first (foreign keys protect parents); a
    source's study is let go first, as the study cites a source."""
    Source.objects.update(study=None)
    for table in reversed(TABLES):
        table.model._default_manager.all().delete()


def canonical(objects) -> list[str]:
    return sorted(json.dumps(item, sort_keys=True) for item in objects)


def test_exporting_twice_gives_identical_bytes(dataset):
    assert export() == export()


def test_export_is_the_fixtures_format_and_holds_the_whole_dataset(db):
    # loaddata itself, not the `dataset` fixture: its fast copy renews the cases' timestamps.
    call_command("load_dataset", stdout=StringIO())
    text = export()
    assert text.startswith('[\n  {\n    "model": "cases.source",\n    "fields": {\n')
    assert text.endswith("\n]\n")
    objects = json.loads(text)
    assert all(list(item) == ["model", "fields"] for item in objects)  # no pk
    labels = [item["model"] for item in objects]
    table_order = [table.label for table in TABLES]
    assert labels == sorted(labels, key=table_order.index)  # parents before children
    assert "cases.datasetrevision" not in labels and not any(x.startswith("auth.") for x in labels)
    in_fixtures = [
        item
        for name in ("sources", "dimensions", "cases", "findings")
        for item in json.loads((FIXTURES / f"{name}.json").read_text())
    ]
    assert canonical(objects) == canonical(in_fixtures)


def test_export_orders_rows_and_links_by_natural_key(db):
    later, earlier = make_case(slug="zz-case"), make_case(slug="aa-case")
    quotation = make_quotation(case=earlier)
    quotation.findings.set([make_finding(slug="z-finding"), make_finding(slug="a-finding")])
    objects = json.loads(export())
    cases = [item["fields"]["slug"] for item in objects if item["model"] == "cases.case"]
    assert cases == sorted(cases) and cases.index(earlier.slug) < cases.index(later.slug)
    (exported,) = [item for item in objects if item["model"] == "findings.quotation"]
    assert exported["fields"]["findings"] == [["a-finding"], ["z-finding"]]
    assert exported["fields"]["case"] == ["aa-case"]


def test_export_to_a_file_is_utf8_text(dataset, tmp_path):
    target = tmp_path / "dataset.json"
    export("--output", str(target))
    content = target.read_bytes()
    assert content.decode("utf-8") == export()
    assert "How it sounds – Wirral Council".encode() in content  # not \u2013


def test_export_imports_into_an_empty_database_and_exports_identically(dataset, tmp_path):
    edited = datetime(2026, 11, 23, 10, 0, 0, 123456, tzinfo=UTC)
    Case.objects.filter(slug="kibble").update(updated_at=edited)  # an admin edit, to the µs
    before = export()
    assert '"updated_at": "2026-11-23T10:00:00.123456Z"' in before
    target = tmp_path / "dataset.json"
    target.write_text(before, encoding="utf-8")
    empty_the_knowledge_base()
    assert export() == "[]\n"

    call_command("import_dataset", str(target), stdout=StringIO())

    assert export() == before


@pytest.mark.parametrize("n_cases", [10, 200])
def test_export_query_count_is_constant(dataset, n_cases, django_assert_num_queries):
    synthesize(cases=n_cases, seed=1)
    # One query per table (17 of the knowledge base and 2 of releases, foreign keys joined) and
    # one for the quotations' findings.
    with django_assert_num_queries(20):
        export()
