"""manage.py publish_release: the admin's publication from the command line, all or nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from releases.models import Release, ReleaseFile

pytestmark = pytest.mark.django_db

BASE = "--base-url=http://testserver"


def publish(*args) -> str:
    out = StringIO()
    call_command("publish_release", *args, stdout=out)
    return out.getvalue()


def test_publishes_a_release_and_prints_its_checksums(dataset):
    output = publish("--version", "1.0", "--date", "2026-11-20", "--notes", "The ten places.", BASE)
    release = Release.objects.get()
    for file in release.files.all():
        assert f"{file.sha256}  {file.name}  ({file.size} bytes)" in output
    assert (
        "Published release 1.0 (20 November 2026), the first: 10 cases. See /releases/1.0/"
        in output
    )


def test_each_problem_names_its_option_and_nothing_is_published(dataset):
    with pytest.raises(CommandError) as error:
        publish("--version", "1.0/x", "--date", "2999-01-01", "--notes", " ", "--base-url=ftp://x")
    lines = str(error.value).splitlines()
    assert lines[0].startswith("--version: “1.0/x” is not a version")
    assert lines[1].startswith("--date: The date cannot be after today")
    assert lines[2] == "--notes: Write the release notes: what changed, for readers."
    assert lines[3].startswith("--base-url: The site's address must be like https://example.org")
    assert lines[-1] == "Nothing was published."
    assert not Release.objects.exists() and not ReleaseFile.objects.exists()


def test_a_date_that_is_not_a_date_is_refused(dataset):
    with pytest.raises(CommandError, match="--date: “29/11/2026” is not a date like 2026-11-29"):
        publish("--version", "1.0", "--date", "29/11/2026", "--notes", "x", BASE)
    assert not Release.objects.exists()
