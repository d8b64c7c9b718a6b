import pytest

from packs.tests.builders import make_pack_study
from tests.factories import make_region, make_sector


@pytest.fixture
def study(db):
    """A published study with a type, an accountability mode and a finding."""
    return make_pack_study()


@pytest.fixture
def charity(db):
    return make_sector(slug="charity", name="Charity")


@pytest.fixture
def north_west(db):
    return make_region(slug="north-west", name="North West")
