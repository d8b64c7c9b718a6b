"""Release rows for tests that count queries or list releases, without building any files."""

import hashlib
from datetime import date

from releases.models import Release, ReleaseFile


def make_release(version: str, day: int, **fields) -> Release:
    """A release row without building files (for counting queries and listing)."""
    fields = {
        "published_on": date(2026, 11, day),
        "notes": f"Notes of {version}.",
        "case_count": 10,
        "diff": {
            "previous": fields.get("previous_version") or None,
            "case_count": 10,
            "cases": {"added": [], "removed": [], "changed": []},
            "findings": {"added": [], "removed": [], "changed": []},
        },
        **fields,
    }
    release = Release.objects.create(version=version, **fields)
    for position, name in enumerate((f"rallying-{version}.json", "SHA256SUMS")):
        content = f"{name} of {version}".encode()
        ReleaseFile.objects.create(
            release=release,
            name=name,
            position=position,
            content_type="text/plain",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        )
    return release
