"""/releases/ lists the releases newest first with their counts; /releases/<version>/ shows the
notes, the difference and the files; /download/ names the latest release; a fixed number of
queries whatever the number of releases."""

import json
import re
from datetime import date

import pytest

from cases.revision import dataset_changed_at
from releases.tests.factories import make_release

pytestmark = pytest.mark.django_db


def test_no_release_yet_says_so(client, db):
    html = client.get("/releases/").content.decode()
    assert "No release has been published yet." in html
    download = client.get("/download/").content.decode()
    assert (
        "No release has been published yet: the files below are the data as it is now" in download
    )


def test_the_list_shows_each_release_newest_first_with_its_counts(client, dataset, publish):
    publish("1.0", published_on=date(2026, 11, 20), notes="The ten places.")
    make_release("1.1", 28, previous_version="1.0", cases_added=2, cases_removed=1, cases_changed=3)

    html = " ".join(client.get("/releases/").content.decode().split())

    assert html.index("Release 1.1") < html.index("Release 1.0")
    assert '<a class="govuk-link" href="/releases/1.1/">Release 1.1</a>' in html
    assert "28 November 2026</time> · 10 cases · 2 added, 1 removed, 3 changed since 1.0" in html
    assert "20 November 2026</time> · 10 cases · the first release" in html
    assert "<p>The ten places.</p>" in html
    assert 'href="/releases/"' in client.get("/").content.decode()  # the footer


def test_a_release_page_shows_its_notes_and_files_with_sizes_and_checksums(
    client, dataset, publish
):
    release = publish("1.0", notes="The ten places of the study.\n\nSecond paragraph.")
    html = client.get("/releases/1.0/").content.decode()
    assert '<h1 class="govuk-heading-xl">Release 1.0</h1>' in html
    assert "<p>The ten places of the study.</p>\n\n<p>Second paragraph.</p>" in html
    for file in release.files.all():
        assert (
            f'href="/download/releases/1.0/{file.name}" download="{file.name}">{file.name}</a>'
            in html
        )
        assert f'<code class="checksum">{file.sha256}</code>' in html
        assert f'title="{file.size} bytes"' in html
    assert "sha256sum --check SHA256SUMS" in html


def test_download_names_the_latest_release_and_its_files(client, dataset, publish):
    publish("1.0", published_on=date(2026, 11, 20))
    publish("1.1")
    html = client.get("/download/").content.decode()
    assert "Latest release: 1.1" in html
    assert '<a class="govuk-link" href="/releases/1.1/">Release 1.1: its notes' in html
    for name in ("rallying-1.1.json", "rallying-csv-1.1.zip", "SHA256SUMS"):
        assert f'href="/download/releases/1.1/{name}"' in html
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(jsonld.group(1))["version"] == "1.1"


def test_without_a_release_the_jsonld_version_is_the_datas_revision(client, dataset):
    html = client.get("/download/").content.decode()
    jsonld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d{2}-\d{6}", jsonld["version"])


@pytest.mark.parametrize("n_releases", [1, 5])
def test_the_pages_query_counts_do_not_grow_with_the_releases(
    client, db, n_releases, django_assert_num_queries, no_answer_cache
):
    dataset_changed_at()  # the revision's row, made on first use
    for day in range(1, n_releases + 1):
        make_release(f"1.{day}", day)
    # revision (edge), count, the page of releases without their differences
    with django_assert_num_queries(3):
        assert client.get("/releases/").status_code == 200
    # revision (edge), the release, its files' descriptions
    with django_assert_num_queries(3):
        assert client.get("/releases/1.1/").status_code == 200
