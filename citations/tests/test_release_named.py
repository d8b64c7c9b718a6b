"""Every citation names the dataset release it rests on: the latest published, with its version,
date and address; before the first release it says so plainly and never makes a version up. A
release is itself citable, at its version."""

import json
from datetime import date, timedelta

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from citations.citation import long_date
from citations.formats import FORMATS
from citations.tests.parsing import CSL_DATA, download, parse_bibtex, parse_ris, unescape
from history.choices import Action, Via
from history.models import Change
from releases.models import Release

CITED = [
    reverse("citations:case", args=["golden-key", "EXT"]),
    reverse("citations:finding", args=["share-responsibility", "EXT"]),
    reverse("citations:quotation", args=["wirral-joint-outcomes", "EXT"]),
    reverse("citations:source", args=["report-2019", "EXT"]),
    reverse("citations:case-list", args=["EXT"]) + "?sector=charity",
]
# A case updated after it adds "; this record has changed since that release".
NAMED = "Dataset release 1.2 (1 May 2026), http://testserver/releases/1.2/"


def release(version: str = "1.2", day: date = date(2026, 5, 1)) -> Release:
    return Release.objects.create(version=version, published_on=day, notes="What changed.")


def notes_of(client, url: str) -> dict[str, str]:
    """The note of each format's file (the plain text whole)."""
    files = {
        ext: download(client, url.replace("EXT", ext), content_type=f.content_type)
        for ext, f in FORMATS.items()
    }
    return {
        "txt": files["txt"],
        "bib": unescape(parse_bibtex(files["bib"]).fields["note"]),
        "ris": dict(parse_ris(files["ris"]))["N1"],
        "json": json.loads(files["json"])[0]["note"],
    }


@pytest.mark.parametrize("url", CITED)
def test_every_citation_names_the_latest_release_in_every_format(client, dataset, url):
    release("1.1", date(2026, 3, 1))
    release("1.2")
    notes = notes_of(client, url)
    assert NAMED in notes["txt"]
    for extension in ("bib", "ris", "json"):
        assert notes[extension].startswith(NAMED), extension
    assert "1.1" not in notes["json"]


@pytest.mark.parametrize("url", CITED)
def test_before_any_release_it_says_so_and_makes_no_version_up(client, dataset, url):
    unreleased = f"Dataset unreleased; as of {long_date(timezone.localdate())}."
    notes = notes_of(client, url)
    assert unreleased in notes["txt"]
    for extension in ("bib", "ris", "json"):
        assert notes[extension].startswith(unreleased), extension
    bib = client.get(url.replace("EXT", "bib")).content.decode()
    assert "version" not in parse_bibtex(bib).fields
    assert "ET" not in dict(parse_ris(client.get(url.replace("EXT", "ris")).content.decode()))
    (item,) = json.loads(client.get(url.replace("EXT", "json")).content)
    assert "version" not in item


def test_a_record_without_a_date_of_its_own_is_dated_by_its_release(
    client, dataset, no_answer_cache
):
    url = reverse("citations:finding", args=["share-responsibility", "EXT"])
    assert client.get(url.replace("EXT", "txt")).content.decode().startswith("Rallying (n.d.).")
    release()
    assert client.get(url.replace("EXT", "txt")).content.decode().startswith("Rallying (2026).")
    (item,) = json.loads(client.get(url.replace("EXT", "json")).content)
    assert item["issued"] == {"date-parts": [[2026, 5, 1]]}


def test_a_case_changed_after_the_release_froze_the_data_says_so(client, dataset, no_answer_cache):
    url = reverse("citations:case", args=["golden-key", "txt"])
    # Dated a year back, but made after the dataset was loaded: the case has not changed since.
    made = release(day=date(2020, 1, 1))
    assert "has changed since" not in client.get(url).content.decode()
    case = Case.objects.get(slug="golden-key")
    Change.objects.create(at=made.created_at + timedelta(minutes=1), via=Via.ADMIN,
                          action=Action.CHANGED, record_type="cases.case", record_id=case.pk,
                          record_key=case.slug, record_label=case.name, case=case,
                          case_slug=case.slug, case_name=case.name, summary="Changed")  # fmt: skip
    text = client.get(url).content.decode()
    assert "Dataset release 1.2 (1 January 2020), http://testserver/releases/1.2/; this record " \
        "has changed since that release." in text  # fmt: skip


def test_a_release_is_cited_at_its_version(client, dataset):
    release("1.1", date(2026, 3, 1))
    release("1.2")
    url = reverse("citations:release", args=["1.1", "EXT"])
    text = client.get(url.replace("EXT", "txt")).content.decode()
    assert text.startswith(
        "Rallying (2026). “Rallying: the open knowledge base of collaborative public-service "
        "reform” [dataset, version 1.1]. Published 1 March 2026. http://testserver/releases/1.1/"
    )
    entry = parse_bibtex(client.get(url.replace("EXT", "bib")).content.decode())
    assert (entry.key, entry.fields["version"], entry.fields["year"], entry.fields["month"]) == (
        "rallying-release-1.1",
        "1.1",
        "2026",
        "mar",
    )
    tags = dict(parse_ris(client.get(url.replace("EXT", "ris")).content.decode()))
    assert (tags["TY"], tags["ET"], tags["DA"]) == ("DATA", "1.1", "2026/03/01/")
    data = json.loads(client.get(url.replace("EXT", "json")).content)
    jsonschema.validate(data, CSL_DATA)
    assert data[0]["type"] == "dataset" and data[0]["version"] == "1.1"
    assert data[0]["URL"] == "http://testserver/releases/1.1/"


def test_the_finding_page_dates_its_meta_tags_by_the_release(client, dataset):
    release()
    page = client.get("/findings/share-responsibility/").content.decode()
    assert '<meta name="citation_publication_date" content="2026/05/01">' in page
    assert NAMED in page
