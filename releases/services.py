"""Publishing a release, and correcting its notes: the only writes to releases (the admin and
`manage.py publish_release` call these)."""

import re
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from cases.models.revision import DatasetRevision
from cases.revision import bump_revision, dataset_changed_at
from history.context import current_actor
from history.recording import record_event
from releases.current import latest_release
from releases.diff import release_diff
from releases.frozen_files import dataset_files, json_name, site_request
from releases.models import VERSION_HELP, VERSION_PATTERN, Release, ReleaseFile

# The history's entry for a publication (history/recording.py record_event).
PUBLISH_RELEASE = "publish_release"
VERSION_MAX_LENGTH = Release._meta.get_field("version").max_length


def release_problems(
    *, version: str, published_on: date | None, notes: str, today: date
) -> dict[str, list[str]]:
    """What is wrong with a release about to be published, by field (empty: nothing). Queries:
    the version's use and the latest release (2)."""
    problems: dict[str, list[str]] = {}
    if not version:
        problems["version"] = ["Enter a version, for example 1.0."]
    elif len(version) > VERSION_MAX_LENGTH:
        problems["version"] = [f"A version has at most {VERSION_MAX_LENGTH} characters."]
    elif not re.fullmatch(VERSION_PATTERN, version):
        problems["version"] = [f"“{version}” is not a version: {VERSION_HELP}"]
    else:
        used = Release.objects.filter(version__iexact=version).values_list("version", flat=True)
        if taken := used.first():
            problems["version"] = [
                f"Version {taken} has already been published, and a version is never reused: "
                "choose another."
            ]
    latest = latest_release()
    if published_on is None:
        problems["published_on"] = ["Enter the release's date, for example 2026-11-29."]
    elif published_on > today:
        problems["published_on"] = [
            f"The date cannot be after today ({today.isoformat()}): the release is published "
            "as soon as you save it."
        ]
    elif latest is not None and published_on < latest.published_on:
        problems["published_on"] = [
            f"The date cannot be before that of the latest release, {latest.version} "
            f"({latest.published_on.isoformat()})."
        ]
    if not notes:
        problems["notes"] = ["Write the release notes: what changed, for readers."]
    return problems


def describe(release: Release) -> str:
    when = date_format(release.published_on, "j F Y")
    if release.is_first:
        return (
            f"Published release {release.version} ({when}), the first: {release.case_count} cases."
        )
    return (
        f"Published release {release.version} ({when}): {release.case_count} cases; "
        f"{release.cases_added} added, {release.cases_removed} removed, "
        f"{release.cases_changed} changed since {release.previous_version}."
    )


@transaction.atomic
def release_publish(
    *,
    version: str,
    published_on: date | None,
    notes: str,
    base_url: str,
    today: date | None = None,
) -> Release:
    """Publish a release of the dataset as it is now: check the version, date and notes, then
    freeze /download/'s files for the site at `base_url` with their sizes and SHA-256, work out
    the difference from the previous release, and record all of it in one transaction. Any
    problem raises ValidationError (by field where it has one) and nothing is written."""
    version, notes = version.strip(), notes.strip()
    today = today or timezone.localdate()
    # One publication at a time, and no edit while the files are made: on PostgreSQL the
    # revision's row stays locked until this transaction ends, and every write moves it.
    dataset_changed_at()  # the row exists
    list(DatasetRevision.objects.select_for_update().filter(pk=1))
    problems = release_problems(
        version=version, published_on=published_on, notes=notes, today=today
    )
    try:
        site_request(base_url, "/")
    except ValidationError as error:
        problems.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)
    if problems:
        raise ValidationError(problems)
    previous = latest_release()
    made = dataset_files(base_url=base_url, version=version)
    previous_json = None
    if previous is not None:
        previous_json = bytes(
            previous.files.values_list("content", flat=True).get(name=json_name(previous.version))
        )
    diff = release_diff(
        previous_version=previous.version if previous else None,
        previous=previous_json,
        current=made.json_content,
    )
    release = Release(
        version=version,
        published_on=published_on,
        notes=notes,
        dataset_version=made.dataset_version,
        previous_version=previous.version if previous else "",
        case_count=diff["case_count"],
        cases_added=len(diff["cases"]["added"]),
        cases_removed=len(diff["cases"]["removed"]),
        cases_changed=len(diff["cases"]["changed"]),
        diff=diff,
    )
    release.full_clean()
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError:  # published a moment ago by another editor (SQLite)
        raise ValidationError(
            {"version": [f"Version {version} has just been published; choose another."]}
        ) from None
    ReleaseFile.objects.bulk_create(
        ReleaseFile(
            release=release,
            name=file.name,
            position=position,
            content_type=file.content_type,
            size=file.size,
            sha256=file.sha256,
            content=file.content,
        )
        for position, file in enumerate(made.files)
    )
    bump_revision()  # every page that names the latest release changes
    record_event(PUBLISH_RELEASE, describe(release), via=current_actor().channel())
    return release


@transaction.atomic
def release_correct_notes(*, release: Release, notes: str) -> Release:
    """Correct a release's notes, the one thing of a release that may change."""
    notes = notes.strip()
    if not notes:
        raise ValidationError({"notes": ["The notes cannot be empty."]})
    stored = Release.objects.values_list("notes", flat=True).get(pk=release.pk)
    release.notes = notes
    if notes != stored:
        release.save(update_fields=["notes"])
        bump_revision()
    return release
