"""Import and export round-trip releases: a release's frozen rallying.json restores the knowledge
base it holds, and the releases themselves (version, date, notes, difference, files byte for byte)
travel in export_dataset's file to another database; an import never changes a published release
but for its notes."""

import base64
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.dataset_io import read_file
from cases.models import Case, Sector
from cases.tests.test_command_export_dataset import empty_the_knowledge_base
from releases.models import Release

pytestmark = pytest.mark.django_db


def export() -> str:
    out = StringIO()
    call_command("export_dataset", stdout=out, stderr=StringIO())
    return out.getvalue()


def import_file(path) -> str:
    out = StringIO()
    call_command("import_dataset", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def records(content: bytes) -> dict:
    """The tables of a JSON download, without its `dataset` header (the version and time of the
    build) and the evidence links' ids (the database's own numbering)."""
    document = json.loads(content)
    del document["dataset"]
    for link in document["evidence_links"]:
        del link["id"], link["url"]
    return document


def test_a_releases_json_restores_the_knowledge_base_it_holds(client, dataset, publish, tmp_path):
    release = publish("1.0")
    frozen = bytes(release.files.get(name="rallying-1.0.json").content)
    empty_the_knowledge_base()
    assert not Case.all_objects.exists()
    (tmp_path / "rallying-1.0.json").write_bytes(frozen)

    output = import_file(tmp_path / "rallying-1.0.json")

    assert "cases.case: 10 created" in output
    assert "findings.quotation: 2 created" in output
    assert records(client.get("/download/rallying.json").getvalue()) == records(frozen)


def test_releases_travel_to_another_database_in_the_export(dataset, publish, tmp_path):
    publish("1.0", notes="The ten places.")
    kibble = Case.objects.get(slug="kibble")
    kibble.sector = Sector.objects.exclude(pk=kibble.sector_id).get()
    kibble.save()
    publish("1.1", notes="Kibble's sector.")

    def described():
        return [
            (
                release.version,
                release.published_on,
                release.notes,
                release.dataset_version,
                release.previous_version,
                release.diff,
                release.created_at,
                [(f.name, f.sha256, bytes(f.content)) for f in release.files.order_by("position")],
            )
            for release in Release.objects.order_by("version")
        ]

    before, text = described(), export()
    empty_the_knowledge_base()
    assert not Release.objects.exists()
    (tmp_path / "export.json").write_text(text, encoding="utf-8")

    output = import_file(tmp_path / "export.json")

    assert "releases.release: 2 created" in output
    assert "releases.releasefile: 6 created" in output
    assert described() == before
    assert export() == text
    assert import_file(tmp_path / "export.json").count("0 created, 0 updated") >= 2


def edited(text: str, change) -> bytes:
    objects = json.loads(text)
    for item in objects:
        change(item["model"], item["fields"])
    return json.dumps(objects).encode()


def test_an_import_may_correct_a_releases_notes(dataset, publish):
    publish("1.0", notes="Frist.")

    def correct(model, fields):
        if model == "releases.release":
            fields["notes"] = "First."

    plan = read_file(edited(export(), correct), csv=False)
    assert plan.problems == []
    assert plan.counts()["releases.release"]["updated"] == 1


def test_an_import_never_changes_a_published_release(dataset, publish, tmp_path):
    publish("1.0")
    tampered = b'{"dataset": "tampered"}\n'

    def tamper(model, fields):
        if model == "releases.release":
            fields["published_on"] = "2020-01-01"
        if model == "releases.releasefile" and fields["name"] == "rallying-1.0.json":
            fields["content"] = base64.b64encode(tampered).decode()
            fields["size"] = len(tampered)

    (tmp_path / "tampered.json").write_bytes(edited(export(), tamper))
    with pytest.raises(CommandError, match="nothing was written"):
        import_file(tmp_path / "tampered.json")
    problems = [str(problem) for problem in read_file(edited(export(), tamper), csv=False).problems]
    frozen = "differs from the database's, and a published release never changes"
    assert any("“1.0”), field published_on: " + frozen in problem for problem in problems)
    assert any("“1.0/rallying-1.0.json”), field content: " + frozen in p for p in problems)
    assert any("content's size or SHA-256 differs" in problem for problem in problems)
    assert Release.objects.get().published_on.year == 2026


def test_a_download_file_that_is_not_one_is_refused_with_where(db):
    problems = read_file(b'{"cases": []}', csv=False).problems
    assert [str(p) for p in problems] == [
        'line 1: not a dataset download: it has no "dataset" record (rallying.json)'
    ]
    content = json.dumps({"dataset": {}, "cases": [{"slug": "x"}], "colours": []}).encode()
    problems = [str(problem) for problem in read_file(content, csv=False).problems]
    assert problems[0].startswith("colours: unknown list “colours”")
    assert (
        problems[1] == "cases[0]: not a record of the download's cases: missing or malformed 'name'"
    )
