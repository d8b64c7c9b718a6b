"""Publishing a release: its files are /download/'s at that moment with their sizes and SHA-256;
any problem is a message naming the field, and nothing is written (no row, no file)."""

import hashlib
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.revision import dataset_changed_at
from history.models import Change
from releases import frozen_files
from releases.models import Release, ReleaseFile
from releases.services import PUBLISH_RELEASE
from releases.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def nothing_written():
    return not Release.objects.exists() and not ReleaseFile.objects.exists()


def test_a_release_freezes_the_files_download_serves_with_their_checksums(client, dataset, publish):
    served_json = client.get("/download/rallying.json").getvalue()
    served_zip = client.get("/download/rallying-csv.zip").getvalue()

    release = publish("1.0", notes="The first release: the ten places of the study.")

    files = {file.name: file for file in release.files.all()}
    assert list(files) == ["rallying-1.0.json", "rallying-csv-1.0.zip", "SHA256SUMS"]
    assert bytes(files["rallying-1.0.json"].content) == served_json
    assert bytes(files["rallying-csv-1.0.zip"].content) == served_zip
    for file in files.values():
        content = bytes(file.content)
        assert file.size == len(content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
    sums = bytes(files["SHA256SUMS"].content).decode()
    assert sums == (
        f"{files['rallying-1.0.json'].sha256}  rallying-1.0.json\n"
        f"{files['rallying-csv-1.0.zip'].sha256}  rallying-csv-1.0.zip\n"
    )
    assert release.dataset_version == json.loads(served_json)["dataset"]["version"]
    assert (release.version, release.published_on) == ("1.0", TODAY)
    assert release.is_first and release.case_count == 10
    assert release.diff["cases"] == {"added": [], "removed": [], "changed": []}


def test_publishing_moves_the_revision_and_is_in_the_change_history(dataset, publish):
    before = dataset_changed_at()
    publish("1.0")
    assert dataset_changed_at() > before  # pages that name the latest release are renamed
    entry = Change.objects.get(record_key=PUBLISH_RELEASE)
    assert entry.summary == "Published release 1.0 (29 November 2026), the first: 10 cases."


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("", "Enter a version"),
        ("1.0/evil", "is not a version"),
        ("1..0", "is not a version"),
        (".1", "is not a version"),
        ("1.0-", "is not a version"),
        ("v 1", "is not a version"),
        ("é1", "is not a version"),
        ("1" * 41, "at most 40 characters"),
    ],
)
def test_a_malformed_version_is_refused_and_nothing_is_written(dataset, publish, version, message):
    with pytest.raises(ValidationError) as error:
        publish(version)
    assert list(error.value.message_dict) == ["version"]
    assert message in error.value.message_dict["version"][0]
    assert nothing_written()


@pytest.mark.parametrize("version", ["1.0", "V1", "2026-11", "v2.1-rc1"])
def test_letters_digits_dots_and_hyphens_make_a_version(dataset, publish, version):
    assert publish(version).version == version


@pytest.mark.parametrize("again", ["1.0-rc1", "1.0-RC1"])
def test_a_version_is_never_reused_even_in_other_letters(dataset, publish, again):
    publish("1.0-rc1")
    with pytest.raises(ValidationError) as error:
        publish(again)
    assert error.value.message_dict == {
        "version": [
            "Version 1.0-rc1 has already been published, and a version is never reused: "
            "choose another."
        ]
    }
    assert Release.objects.count() == 1 and ReleaseFile.objects.count() == 3


def test_the_date_is_not_after_today_nor_before_the_latest_release(dataset, publish):
    with pytest.raises(ValidationError) as error:
        publish("1.0", published_on=date(2026, 11, 30))
    assert "cannot be after today (2026-11-29)" in error.value.message_dict["published_on"][0]
    publish("1.0", published_on=date(2026, 11, 20))
    with pytest.raises(ValidationError) as error:
        publish("1.1", published_on=date(2026, 11, 19))
    assert error.value.message_dict["published_on"] == [
        "The date cannot be before that of the latest release, 1.0 (2026-11-20)."
    ]
    assert list(Release.objects.values_list("version", flat=True)) == ["1.0"]


def test_every_problem_is_named_at_once(dataset, publish):
    with pytest.raises(ValidationError) as error:
        publish("no way", published_on=None, notes="  ", base_url="ftp://example.org")
    problems = error.value.message_dict
    assert sorted(problems) == ["__all__", "notes", "published_on", "version"]
    assert problems["notes"] == ["Write the release notes: what changed, for readers."]
    assert "must be like https://example.org" in problems["__all__"][0]
    assert nothing_written()


def test_a_host_the_site_does_not_serve_is_refused(dataset, publish):
    with pytest.raises(ValidationError) as error:
        publish("1.0", base_url="https://elsewhere.example")
    assert error.value.messages == ["elsewhere.example is not one of the site's ALLOWED_HOSTS."]
    assert nothing_written()


def test_files_that_cannot_be_prepared_write_nothing(dataset, publish, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.DOWNLOADS_DIR = blocker / "downloads"
    with pytest.raises(ValidationError) as error:
        publish("1.0")
    assert error.value.messages[0].startswith("The dataset's files could not be prepared:")
    assert nothing_written()


def test_data_that_changes_while_the_files_are_made_writes_nothing(dataset, publish, monkeypatch):
    monkeypatch.setattr(frozen_files, "zip_version", lambda content: "2000.01.01-000000")
    with pytest.raises(ValidationError) as error:
        publish("1.0")
    assert error.value.messages == [
        "The data changed while the release's files were being made. Publish it again."
    ]
    assert nothing_written()


def test_a_release_of_an_empty_knowledge_base_is_a_release_of_no_cases(db, publish):
    release = publish("0.1", notes="Nothing yet.")
    assert release.case_count == 0
    assert release.files.count() == 3
