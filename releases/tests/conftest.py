from datetime import date

import pytest

from releases.services import release_publish

BASE_URL = "http://testserver"
TODAY = date(2026, 11, 29)


@pytest.fixture
def publish(db):
    """Publish a release as an editor would, for the test client's site, on TODAY."""

    def publish(version="1.0", *, published_on=TODAY, notes="What changed.", **options):
        options.setdefault("base_url", BASE_URL)
        options.setdefault("today", TODAY)
        return release_publish(version=version, published_on=published_on, notes=notes, **options)

    return publish
