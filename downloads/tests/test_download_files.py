"""/download/'s files are written once per revision to DOWNLOADS_DIR and streamed from there."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.utils.encoders import JSONEncoder

from cases.models import Case
from cases.revision import dataset_changed_at
from downloads import build, store, views
from downloads.store import stored

JSON_URL = "/download/rallying.json"
ZIP_URL = "/download/rallying-csv.zip"


@pytest.fixture
def builds(monkeypatch):
    """Every build of the files, in order."""
    calls = []
    original = build.build_downloads

    def counted(request, changed_at, directory):
        calls.append(changed_at)
        return original(request, changed_at, directory)

    monkeypatch.setattr(build, "build_downloads", counted)
    return calls


def revision_dirs(root) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def test_files_are_written_once_per_revision(client, dataset, builds, downloads_dir):
    assert client.get(reverse("downloads:index")).status_code == 200
    first = client.get(JSON_URL)
    assert first.streaming  # from the file, not a copy in memory
    content = first.getvalue()
    assert client.get(ZIP_URL).status_code == 200
    assert client.get(JSON_URL).getvalue() == content
    assert len(builds) == 1
    [directory] = revision_dirs(downloads_dir)
    assert sorted(p.name for p in (downloads_dir / directory).iterdir()) == [
        "meta.json",
        "rallying-csv.zip",
        "rallying.json",
    ]
    assert (downloads_dir / directory / "rallying.json").read_bytes() == content


def test_a_write_gives_new_files_and_removes_the_old(client, dataset, builds, downloads_dir):
    before = client.get(JSON_URL).getvalue()
    [old] = revision_dirs(downloads_dir)
    case = Case.objects.get(slug="wigan-council")
    case.summary = "A summary written after the first download."
    case.save()
    after = client.get(JSON_URL).getvalue()
    assert after != before
    assert "A summary written after the first download." in after.decode()
    assert len(builds) == 2
    [new] = revision_dirs(downloads_dir)
    assert new != old
    assert not (downloads_dir / f"{old}.lock").exists()


def test_the_streamed_file_is_the_in_memory_dump_of_the_tables(client, dataset):
    content = client.get(JSON_URL).getvalue()
    about = json.loads(content)["dataset"]
    request = RequestFactory().get(JSON_URL)
    tables = {name: list(records) for name, records in build.table_records(request)}
    expected = json.dumps(
        {"dataset": about, **tables}, cls=JSONEncoder, ensure_ascii=False, indent=2
    )
    assert content == (expected + "\n").encode("utf-8")


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_a_revalidation_gets_304_without_opening_the_file(client, dataset, url, monkeypatch):
    etag = client.get(url)["ETag"]

    def refuse(*args, **kwargs):
        raise AssertionError("the file was opened for a 304")

    monkeypatch.setattr(views, "FileResponse", refuse)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL])
def test_head_gives_the_headers_of_the_file(client, dataset, url):
    body = client.get(url).getvalue()
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) == len(body)
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"].startswith("public")
    assert response["ETag"] == client.get(url)["ETag"]


def slow_build(calls, delay=0.3):
    def build(directory):
        calls.append(threading.get_ident())
        (directory / "rallying.json").write_text("half")
        time.sleep(delay)
        (directory / "rallying.json").write_text("whole")
        return {"built_by": threading.get_ident()}

    return build


def test_concurrent_first_requests_build_once(downloads_dir):
    calls, results = [], []
    moment = datetime(2026, 1, 2, tzinfo=UTC)
    build = slow_build(calls)

    def request():
        directory, meta = stored("http://testserver/", moment, build)
        results.append(((directory / "rallying.json").read_text(), meta))

    threads = [threading.Thread(target=request) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert [text for text, _ in results] == ["whole"] * 3
    assert all(meta == results[0][1] for _, meta in results)


def test_a_request_waits_for_a_build_holding_the_lock(downloads_dir):
    moment = datetime(2026, 1, 2, tzinfo=UTC)
    name = store.directory_name("http://testserver/", moment)
    downloads_dir.mkdir(parents=True)
    done = []
    with store._locked(downloads_dir / f"{name}.lock"):
        waiting = threading.Thread(
            target=lambda: done.append(stored("http://testserver/", moment, slow_build([], 0)))
        )
        waiting.start()
        waiting.join(0.3)
        assert done == []  # blocked while another build holds the lock
    waiting.join()
    assert len(done) == 1


def test_a_failed_build_leaves_nothing_to_serve(downloads_dir):
    moment = datetime(2026, 1, 2, tzinfo=UTC)

    def failing(directory):
        (directory / "rallying.json").write_text("half")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        stored("http://testserver/", moment, failing)
    assert revision_dirs(downloads_dir) == []
    calls = []
    stored("http://testserver/", moment, slow_build(calls, 0))
    assert len(calls) == 1


def test_older_revisions_of_the_same_site_only_are_removed(downloads_dir):
    older, newer = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC)
    here, there = "http://testserver/", "https://rallying.example/"
    build = slow_build([], 0)
    stored(here, older, build)
    stored(there, older, build)
    stored(here, newer, build)
    kept = {store.directory_name(site, moment) for site, moment in [(there, older), (here, newer)]}
    assert set(revision_dirs(downloads_dir)) == kept
    stored(here, older - timedelta(days=1), build)  # a late request for an old revision
    assert store.directory_name(here, newer) in revision_dirs(downloads_dir)


@pytest.fixture
def unwritable(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.DOWNLOADS_DIR = blocker / "downloads"
    return settings.DOWNLOADS_DIR


@pytest.mark.parametrize("url", [JSON_URL, ZIP_URL, "/download/"])
def test_an_unwritable_downloads_dir_gives_a_plain_503(client, dataset, unwritable, url, caplog):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "cannot be prepared" in response.content.decode()
    assert str(unwritable) not in response.content.decode()  # the path is for the log only
    assert str(unwritable) in caplog.text


def test_an_unwritable_downloads_dir_is_named_to_the_command(dataset, unwritable):
    with pytest.raises(CommandError, match="DOWNLOADS_DIR .*a-file/downloads"):
        call_command("build_downloads", "--base-url", "http://testserver", stdout=StringIO())


def test_the_command_builds_what_requests_then_serve(client, dataset, builds, downloads_dir):
    output = StringIO()
    call_command("build_downloads", "--base-url", "http://testserver", stdout=output)
    assert "ready" in output.getvalue()
    assert len(builds) == 1
    about = json.loads(client.get(JSON_URL).getvalue())["dataset"]
    assert about["api"].startswith("http://testserver/api/")
    assert len(builds) == 1  # the request found the command's files
    assert about["version"] == dataset_changed_at().astimezone(UTC).strftime("%Y.%m.%d-%H%M%S")


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("rallying.example", "http"),
        ("https://rallying.example/sub/", "without a path"),
        ("https://not-allowed.example", "ALLOWED_HOSTS"),
    ],
)
def test_the_command_refuses_a_bad_base_url(db, base_url, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_downloads", "--base-url", base_url, stdout=StringIO())


def test_a_get_after_a_head_gets_the_whole_file_with_the_answer_cache_on(client, dataset, settings):
    settings.ANSWER_CACHE = True
    assert client.head(JSON_URL).content == b""
    body = client.get(JSON_URL).getvalue()
    assert json.loads(body)["cases"]


def test_files_removed_by_a_newer_build_are_served_from_it(client, dataset, monkeypatch):
    """A request that read the old revision's metadata just before a newer build removed its
    files answers with the newer files, not an error."""
    stale = build.dataset_downloads(RequestFactory().get(JSON_URL))
    case = Case.objects.get(slug="wigan-council")
    case.summary = "Written while a download was starting."
    case.save()
    assert (
        client.get(reverse("downloads:index")).status_code == 200
    )  # builds, removes the old files
    assert not stale.json_file.path.exists()
    current = views.dataset_downloads
    answers = [stale]
    monkeypatch.setattr(
        views,
        "dataset_downloads",
        lambda request: answers.pop() if answers else current(request),
    )
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert "Written while a download was starting." in response.getvalue().decode()
