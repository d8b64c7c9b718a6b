"""A draft stays a draft through export_dataset and import_dataset, and the readers of the dataset
files that editors use (the export, natural keys) see drafts too."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cases.models import Case, Publication, Study

pytestmark = pytest.mark.django_db


def export(path) -> list[dict]:
    call_command("export_dataset", "--output", str(path), stderr=StringIO())
    return json.loads(path.read_text())


def test_an_export_keeps_drafts_and_says_so(dataset, tmp_path):
    Case.objects.filter(slug="kibble").update(publication=Publication.DRAFT)

    rows = export(tmp_path / "export.json")

    states = {
        row["fields"]["slug"]: row["fields"]["publication"]
        for row in rows
        if row["model"] == "cases.case"
    }
    assert states["kibble"] == "draft"
    assert states["wirral-council"] == "published"
    assert len(states) == 10


def test_importing_an_export_again_keeps_a_draft_a_draft(dataset, tmp_path):
    Case.objects.filter(slug="kibble").update(publication=Publication.DRAFT)
    Study.objects.filter(slug="rallying-together-2022").update(publication=Publication.DRAFT)
    path = tmp_path / "export.json"
    export(path)
    Case.all_objects.filter(slug="kibble").update(summary="Changed since the export.")

    call_command("import_dataset", str(path), stdout=StringIO(), stderr=StringIO())

    kibble = Case.all_objects.get(slug="kibble")
    assert kibble.is_draft
    assert kibble.summary != "Changed since the export."
    assert Study.all_objects.get(slug="rallying-together-2022").is_draft
    assert not Case.objects.filter(slug="kibble").exists()


def test_natural_keys_find_drafts(dataset):
    Case.objects.filter(slug="kibble").update(publication=Publication.DRAFT)

    assert Case._default_manager.get_by_natural_key("kibble").slug == "kibble"
