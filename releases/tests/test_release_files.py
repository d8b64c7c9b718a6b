"""A release's files never change: not when the data moves on, not through the models, not through
SQL; they are served byte for byte with their SHA-256 as a strong ETag and cached for good."""

import hashlib
import json

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Case
from releases.models import FrozenError, Release, ReleaseFile
from releases.services import release_correct_notes

pytestmark = pytest.mark.django_db

JSON = "/download/releases/1.0/rallying-1.0.json"


def test_a_frozen_file_keeps_its_bytes_after_the_data_changes(client, dataset, publish):
    release = publish("1.0")
    frozen = release.files.get(name="rallying-1.0.json")
    kibble = Case.objects.get(slug="kibble")
    kibble.summary = "A summary written after release 1.0."
    kibble.save()

    content = client.get(JSON).getvalue()

    assert hashlib.sha256(content).hexdigest() == frozen.sha256
    (record,) = [case for case in json.loads(content)["cases"] if case["slug"] == "kibble"]
    assert record["summary"] != "A summary written after release 1.0."
    now = json.loads(client.get("/download/rallying.json").getvalue())
    assert "A summary written after release 1.0." in [case["summary"] for case in now["cases"]]


def test_every_download_is_byte_identical_with_its_checksum_as_etag(client, dataset, publish):
    release = publish("1.0")
    for file in release.files.all():
        url = f"/download/releases/1.0/{file.name}"
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200
        content = first.getvalue()  # read once: the content is a stream
        assert content == second.getvalue()
        assert hashlib.sha256(content).hexdigest() == file.sha256
        assert first["ETag"] == f'"{file.sha256}"'
        assert first["Content-Length"] == str(file.size)
        assert first["Content-Type"] == file.content_type
        assert first["Content-Disposition"] == f'attachment; filename="{file.name}"'
        assert first["Cache-Control"] == "public, max-age=31536000, immutable"
        assert first["Access-Control-Allow-Origin"] == "*"


def test_a_file_is_streamed_a_slice_at_a_time(client, dataset, publish, monkeypatch):
    monkeypatch.setattr("releases.models.SLICE_BYTES", 4096)
    release = publish("1.0")
    frozen = release.files.get(name="rallying-1.0.json")
    response = client.get(JSON)
    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) == -(-frozen.size // 4096)
    assert hashlib.sha256(b"".join(chunks)).hexdigest() == frozen.sha256


def test_a_revalidation_and_a_head_read_no_content(
    client, dataset, publish, django_assert_max_num_queries
):
    release = publish("1.0")
    frozen = release.files.get(name="rallying-1.0.json")
    # The revision (edge), the file's description; never its content.
    with django_assert_max_num_queries(2):
        revalidated = client.get(JSON, HTTP_IF_NONE_MATCH=f'"{frozen.sha256}"')
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == f'"{frozen.sha256}"'
    with django_assert_max_num_queries(2):
        head = client.head(JSON)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(frozen.size)


@pytest.mark.parametrize(
    "url",
    [
        "/download/releases/9.9/rallying-9.9.json",  # no such release
        "/download/releases/1.0/rallying-1.1.json",  # another release's name
        "/download/releases/1.0/rallying.json",
        "/download/releases/1.0/../1.0/SHA256SUMS",
        "/download/releases/1.0/.SHA256SUMS",
        "/download/releases/9.9/",
        "/releases/9.9/",
        "/releases/1..0/",
        "/api/releases/9.9/",
    ],
)
def test_unknown_versions_and_files_are_404(client, dataset, publish, url):
    publish("1.0")
    assert client.get(url).status_code == 404


def test_a_release_directory_leads_to_its_files_on_the_release_page(client, dataset, publish):
    publish("1.0")
    response = client.get("/download/releases/1.0/")
    assert response.status_code == 302
    assert response["Location"] == "/releases/1.0/#files"


def test_the_models_refuse_to_change_a_release_or_its_files(dataset, publish):
    release = publish("1.0")
    frozen = release.files.get(name="SHA256SUMS")
    frozen.content = b"other bytes"
    with pytest.raises(FrozenError):
        frozen.save()
    with pytest.raises(FrozenError):
        ReleaseFile.objects.filter(pk=frozen.pk).update(sha256="0" * 64)
    release.published_on = release.published_on.replace(year=2020)
    with pytest.raises(FrozenError):
        release.save()
    with pytest.raises(FrozenError):
        Release.objects.filter(pk=release.pk).update(version="2.0")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE releases_releasefile SET content = %s",
        "UPDATE releases_release SET diff = %s",
        "UPDATE releases_release SET version = %s",
    ],
)
def test_the_database_refuses_to_change_them_too(dataset, publish, statement):
    publish("1.0")
    value = b"x" if "content" in statement else '"x"'
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [value])
    assert Release.objects.get().version == "1.0"


def test_only_the_notes_may_be_corrected(dataset, publish):
    release = publish("1.0", notes="Frist release.")
    release_correct_notes(release=release, notes="First release.")
    assert Release.objects.get().notes == "First release."
    with connection.cursor() as cursor:  # the database allows it too
        cursor.execute("UPDATE releases_release SET notes = %s", ["First release, corrected."])
    assert Release.objects.get().notes == "First release, corrected."
