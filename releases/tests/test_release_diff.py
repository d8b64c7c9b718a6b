"""A release's difference from the one before: cases added and removed, and per case the fields
changed with their before and after, in words, exactly as the release page shows them."""

import json
from html.parser import HTMLParser

import pytest

from cases.models import Case, CasePolicyArea, PolicyArea, Sector
from cases.models.publication import Publication
from findings.models import Finding
from releases.diff import release_diff, table_records
from tests.factories import make_case, make_finding

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Each <table> of a page as its caption and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td", "caption") and self.tables:
            self.cell = []
        elif tag == "li" and self.cell is not None:
            self.cell.append("• ")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "caption" and self.cell is not None:
            self.tables[-1]["caption"] = " ".join("".join(self.cell).split())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_of(html: str) -> list[dict]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def test_an_editor_sees_a_changed_sector_and_an_added_case(client, dataset, publish):
    publish("1.0", notes="The ten places of the study.")
    kibble = Case.objects.get(slug="kibble")
    before = kibble.sector.name
    kibble.sector = Sector.objects.exclude(pk=kibble.sector_id).get()
    kibble.save()
    added = make_case(name="Bridge Partnership", sector=kibble.sector, region=kibble.region)
    publish("1.1", notes="Kibble's sector corrected; one new place.")

    html = client.get("/releases/1.1/").content.decode()

    assert "1 case added, 0 removed, 1 changed since" in html
    assert f'<a class="govuk-link" href="/cases/{added.slug}/">Bridge Partnership</a>' in html
    assert "Cases removed" not in html
    (changed,) = [table for table in tables_of(html) if table["caption"].startswith("Kibble")]
    assert changed["caption"] == "Kibble: 1 field changed"
    assert changed["rows"] == [["Field", "Before", "After"], ["Sector", before, "Public sector"]]
    assert "No finding changed." in html


def test_a_case_made_a_draft_is_removed_and_links_read_as_lists(dataset, publish):
    publish("1.0")
    Case.all_objects.filter(slug="ignite").update(publication=Publication.DRAFT)
    somerset = Case.objects.get(slug="doing-the-right-thing")  # in one policy area
    area = PolicyArea.objects.exclude(case_links__case=somerset).order_by("order").first()
    source = somerset.classifications.get().source
    CasePolicyArea.objects.create(case=somerset, policy_area=area, source=source)
    finding = make_finding(title="A finding added later", study=Finding.objects.first().study)

    diff = publish("1.1").diff

    assert diff["cases"]["removed"] == [{"slug": "ignite", "label": "Ignite"}]
    assert diff["cases"]["added"] == []
    (change,) = diff["cases"]["changed"]
    (field,) = change["fields"]
    assert field["field"] == "Policy areas"
    assert isinstance(field["before"], list) and isinstance(field["after"], list)
    assert len(field["before"]) == 1
    assert set(field["after"]) - set(field["before"]) == {f"{area.name} (stated by {source.key})"}
    assert diff["findings"]["added"] == [{"slug": finding.slug, "label": "A finding added later"}]
    assert diff["case_count"] == 9


def test_a_type_change_shows_the_study_the_type_and_its_basis(dataset, publish):
    publish("1.0")
    # Typed "agents of change" by an editorial inference; now a source is found that states it.
    classification = Case.objects.get(slug="doing-the-right-thing").classifications.get()
    assert classification.basis == "inferred"
    classification.basis, classification.basis_reason = "stated", ""
    classification.save()

    (change,) = publish("1.1").diff["cases"]["changed"]

    (field,) = change["fields"]
    assert field["field"] == "Type in each study"
    study_and_type = f"{classification.study.title}: {classification.typology.name}"
    assert field["before"][0].startswith(f"{study_and_type} (inferred from ")
    assert field["after"][0].startswith(f"{study_and_type} (stated by ")


def test_no_change_at_all_says_so(client, dataset, publish):
    publish("1.0")
    release = publish("1.1")
    assert (release.cases_added, release.cases_removed, release.cases_changed) == (0, 0, 0)
    assert (
        "No case or finding changed since release 1.0."
        in client.get("/releases/1.1/").content.decode()
    )


def test_the_first_release_diffs_against_nothing(client, dataset, publish):
    publish("1.0")
    html = client.get("/releases/1.0/").content.decode()
    assert "The first release: 10 cases. There is no earlier release to compare it with." in html


def test_records_are_read_one_at_a_time_from_the_files_layout_or_whole_from_another():
    indented = b'{\n  "dataset": {},\n  "cases": [\n    {\n      "slug": "a"\n    },\n    {\n      "slug": "b"\n    }\n  ],\n  "findings": []\n}\n'
    compact = b'{"dataset": {}, "cases": [{"slug": "a"}, {"slug": "b"}], "findings": []}'
    for content in (indented, compact):
        assert [record["slug"] for record in table_records(content, "cases")] == ["a", "b"]
        assert list(table_records(content, "findings")) == []


def test_an_unknown_field_is_compared_as_json():
    def document(extra):
        case = {"slug": "a", "label": "A", "name": "A", "colour": extra}
        return json.dumps({"dataset": {}, "cases": [case], "findings": []}).encode()

    diff = release_diff(previous_version="1", previous=document("red"), current=document(["blue"]))
    (change,) = diff["cases"]["changed"]
    assert change["fields"] == [{"field": "colour", "before": '"red"', "after": '["blue"]'}]
