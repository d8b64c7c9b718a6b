"""import_dataset: validate the whole file, list every problem with where it is, write all or nothing."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.dataset_io.tables import TABLES
from cases.models import Case, Sector, Study
from cases.revision import dataset_changed_at

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_dataset", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def problems(path, *args) -> list[str]:
    """The command's error lines (it must fail), without the file name that starts each."""
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_dataset", str(path), *args, stdout=StringIO(), stderr=err)
    return [line.removeprefix(f"{path}: ") for line in err.getvalue().splitlines()]


def counts() -> dict[str, int]:
    """Rows per table of the knowledge base (releases aside)."""
    return {
        table.label: table.model._default_manager.count()
        for table in TABLES
        if not table.label.startswith("releases.")
    }


def write(tmp_path, name: str, content) -> Path:
    """Write text, or a list of objects one per line (object n is on line n + 1)."""
    if not isinstance(content, str):
        content = "[\n" + ",\n".join(json.dumps(item) for item in content) + "\n]\n"
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def case(slug: str, **fields) -> dict:
    values = {
        "slug": slug,
        "name": slug.title(),
        "place_label": "Leeds",
        "summary": "New.",
        "sector": ["charity"],
        "region": ["north-west"],
    }
    return {"model": "cases.case", "fields": values | fields}


def test_importing_the_fixture_files_reproduces_the_dataset(db):
    for name in ("sources", "dimensions", "cases", "findings"):
        run(FIXTURES / f"{name}.json")
    expected = {}
    for name in ("sources", "dimensions", "cases", "findings"):
        for item in json.loads((FIXTURES / f"{name}.json").read_text()):
            expected[item["model"]] = expected.get(item["model"], 0) + 1
    assert counts() == expected
    assert expected["cases.case"] == 10
    # What loaddata makes of the same files is what the import made: nothing left to change.
    out = StringIO()
    call_command("export_dataset", stdout=out)
    call_command("load_dataset", "--reload", stdout=StringIO())
    again = StringIO()
    call_command("export_dataset", stdout=again)
    assert again.getvalue() == out.getvalue()


def test_importing_an_export_again_changes_nothing(dataset, tmp_path):
    path = tmp_path / "export.json"
    call_command("export_dataset", "--output", str(path), stderr=StringIO())
    revision = dataset_changed_at()
    out = run(path)
    assert "cases.case: 0 created, 0 updated, 10 unchanged" in out
    assert " 0 unchanged" not in out
    assert dataset_changed_at() == revision


def test_import_updates_rows_matched_by_natural_key_and_bumps_the_revision(dataset, tmp_path):
    kibble = Case.objects.get(slug="kibble")
    revision = dataset_changed_at()
    row = case(
        "kibble",
        name=kibble.name,
        place_label=kibble.place_label,
        summary="Corrected.",
        sector=[kibble.sector.slug],
        region=[kibble.region.slug],
    )
    path = write(
        tmp_path,
        "fix.json",
        [
            row,
            case("leeds-new", sector=["guild"]),
            {"model": "cases.sector", "fields": {"slug": "guild", "name": "Guild"}},
        ],
    )
    out = run(path)
    assert "cases.sector: 1 created, 0 updated, 0 unchanged" in out
    assert "cases.case: 1 created, 1 updated, 0 unchanged" in out
    assert Case.objects.get(slug="kibble").summary == "Corrected."
    assert Case.objects.get(slug="leeds-new").sector == Sector.objects.get(slug="guild")
    assert Case.objects.count() == 11
    assert dataset_changed_at() > revision


def test_bad_file_lists_every_problem_and_writes_nothing(dataset, tmp_path):
    path = write(tmp_path, "bad.json", [
        case("fine-new-case"),
        case("guild-case", sector=["guild"]),
        case("far-north", latitude="200", longitude="0"),
        case("guessed"),
        {"model": "cases.classification", "fields": {
            "case": ["guessed"], "study": ["are-we-rallying-together"],
            "typology": ["agents-of-change"], "source": ["report-2019"],
            "basis": "inferred", "basis_reason": ""}},
        case("coloured", colour="red"),
        case("fine-new-case", name="Twice"),
        {"model": "cases.datasetrevision", "fields": {}},
    ])  # fmt: skip
    before, revision = counts(), dataset_changed_at()

    found = problems(path)

    assert found == [
        "object 2, line 3 (cases.case “guild-case”), field sector: "
        "unknown sector “guild”: not in the file nor in the database",
        "object 3, line 4 (cases.case “far-north”), field latitude: "
        "Latitude must be between -90 and 90.",
        "object 5, line 6 (cases.classification “guessed/are-we-rallying-together”), field "
        "basis_reason: Say why the editors inferred this: an inference needs a reason.",
        "object 6, line 7 (cases.case “coloured”), field colour: unknown field of cases.case",
        "object 7, line 8 (cases.case “fine-new-case”): duplicate: the same key as object 1, "
        "line 2",
        "object 8, line 9: unknown model “cases.datasetrevision” (a dataset holds "
        + ", ".join(table.label for table in TABLES)
        + ")",
    ]
    assert counts() == before
    assert dataset_changed_at() == revision
    assert not Case.objects.filter(slug="fine-new-case").exists()


def test_malformed_json_reports_the_line(db, tmp_path):
    path = write(
        tmp_path, "broken.json", '[\n  {"model": "cases.sector",\n   "fields": {}}\n  {}\n]\n'
    )
    assert problems(path) == ["line 4, column 3: malformed JSON: Expecting ',' delimiter"]


def test_a_file_with_ids_or_without_fields_is_refused(dataset, tmp_path):
    path = write(
        tmp_path,
        "ids.json",
        [
            {"model": "cases.sector", "pk": 1, "fields": {"slug": "x"}},
            {"model": "cases.sector"},
            case("no-sector", sector=None),
        ],
    )
    assert problems(path) == [
        'object 1, line 2: has a "pk": rows are matched by natural key, so a file has no ids',
        'object 2, line 3: missing "fields", an object of field values',
        "object 3, line 4 (cases.case “no-sector”), field sector: required",
    ]


def test_dry_run_reports_counts_and_writes_nothing(dataset, tmp_path):
    kibble = Case.objects.get(slug="kibble")
    row = case(
        "kibble",
        name="Renamed",
        place_label=kibble.place_label,
        summary=kibble.summary,
        sector=[kibble.sector.slug],
        region=[kibble.region.slug],
    )
    path = write(tmp_path, "change.json", [row, case("brand-new")])
    before, revision = counts(), dataset_changed_at()

    out = run(path, "--dry-run")

    assert "Dry run" in out and "nothing was written" in out
    assert "cases.case: 1 created, 1 updated, 0 unchanged" in out
    assert counts() == before and dataset_changed_at() == revision
    assert Case.objects.get(slug="kibble").name == kibble.name


def test_csv_of_cases_from_the_api_imports(dataset, client, tmp_path):
    exported = client.get("/api/cases/?format=csv").content.decode()
    header = exported.splitlines()[0].split(",")
    new_row = dict.fromkeys(header, "") | {
        "slug": "csv-case", "name": "CSV case", "sector": "charity", "region": "london",
        "place_label": "Camden", "summary": "'=a summary that looks like a formula",
        "typology": "none", "permanence": "unknown", "latitude": "51.5", "longitude": "-0.1",
    }  # fmt: skip
    path = write(tmp_path, "cases.csv", exported + ",".join(new_row.values()) + "\r\n")

    assert "cases.case: 1 created, 0 updated, 10 unchanged" in run(path)
    created = Case.objects.get(slug="csv-case")
    assert created.summary == "=a summary that looks like a formula"
    assert created.region.slug == "london" and not created.classifications.exists()
    assert "cases.case: 0 created, 0 updated, 11 unchanged" in run(path)


def test_csv_with_only_the_required_columns_updates_those_fields(dataset, tmp_path):
    kibble = Case.objects.get(slug="kibble")
    path = write(
        tmp_path,
        "few.csv",
        "slug,name,sector,region,place_label,summary\n"
        f'kibble,Kibble,{kibble.sector.slug},{kibble.region.slug},Paisley,"Two\nlines"\n',
    )
    assert "cases.case: 0 created, 1 updated, 0 unchanged" in run(path)
    kibble.refresh_from_db()
    assert kibble.summary == "Two\nlines" and kibble.latitude is not None


def test_bad_csv_reports_lines_and_columns(dataset, tmp_path):
    path = write(
        tmp_path,
        "bad.csv",
        "slug,name,sector,region,place_label,summary,latitude,longitude\n"
        "a-case,A,guild,london,Here,Fine.,,\n"
        'b-case,B,charity,london,Here,"Spans\ntwo lines",200,0\n'
        "c-case,C,charity\n"
        "a-case,A again,charity,london,Here,Fine.,,\n",
    )
    before = counts()
    assert problems(path) == [
        "line 2 (cases.case “a-case”), column sector: unknown sector “guild”: "
        "not in the file nor in the database",
        "line 3 (cases.case “b-case”), column latitude: Latitude must be between -90 and 90.",
        "line 5: 3 cells, the header 8",
        "line 6 (cases.case “a-case”): duplicate: the same key as line 2",
    ]
    assert counts() == before


def test_csv_with_unknown_or_missing_columns_or_an_open_quote_is_refused(db, tmp_path):
    assert problems(write(tmp_path, "cols.csv", "slug,name,colour\nx,X,red\n")) == [
        "line 1, column colour: unknown column",
        "line 1: missing column(s): sector, region, place_label, summary",
    ]
    path = write(
        tmp_path,
        "quote.csv",
        'slug,name,sector,region,place_label,summary\nx,X,charity,london,Here,"never closed\n',
    )
    assert problems(path) == ["line 2: malformed CSV: unexpected end of data"]


def new_study(slug: str, **fields) -> dict:
    values = {
        "slug": slug,
        "title": "A second look at collaboration",
        "year": 2024,
        "kind": "report",
        "summary": "What it looked at, in our words.",
        "source": ["second-look-report"],
        "locator": "summary",
    }
    return {"model": "cases.study", "fields": values | fields}


def its_report(**fields) -> dict:
    values = {
        "key": "second-look-report",
        "title": "A second look",
        "kind": "report",
        "study": ["second-look"],
    }
    return {"model": "cases.source", "fields": values | fields}


def test_a_new_study_with_its_publication_and_framework_imports_and_exports_again(
    dataset, tmp_path
):
    # The source names the study and the study cites the source: both new, in one file.
    own_type = {
        "model": "cases.typology",
        "fields": {
            "slug": "second-look-type",
            "name": "Second-look type",
            "study": ["second-look"],
            "source": ["second-look-report"],
        },
    }
    path = write(tmp_path, "study.json", [own_type, new_study("second-look"), its_report()])
    out = run(path)
    assert "cases.study: 1 created" in out and "cases.source: 1 created" in out
    study = Study.objects.get(slug="second-look")
    assert study.source.key == "second-look-report"
    assert list(study.sources.values_list("key", flat=True)) == ["second-look-report"]
    assert list(study.typologies.values_list("slug", flat=True)) == ["second-look-type"]
    exported = tmp_path / "export.json"
    call_command("export_dataset", "--output", str(exported), stderr=StringIO())
    assert " 0 unchanged" not in run(exported)  # nothing left to change
    assert "cases.study: 0 created, 0 updated, 3 unchanged" in run(exported)


def test_a_bad_study_is_reported_and_nothing_is_written(dataset, tmp_path):
    before = counts()
    path = write(
        tmp_path,
        "study.json",
        [
            its_report(),
            new_study("second-look", source=["no-such-source"], kind="novel"),
            new_study("third-look", year=None),
        ],
    )
    found = problems(path)
    assert any("field source: unknown source “no-such-source”" in line for line in found)
    assert any("field kind" in line and "novel" in line for line in found)
    assert any("third-look" in line and "field year" in line for line in found)
    assert counts() == before
