import pytest

from tests.dataset_snapshot import load_dataset


def pytest_configure(config):
    """A "replica" alias on the test database (TEST MIRROR), as settings add one for
    DATABASE_REPLICA_URL: tests/test_db_router.py turns the router on for its own tests."""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        settings.DATABASES["replica"] = {
            **settings.DATABASES["default"],
            "TEST": {"MIRROR": "default"},
        }


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on SQLite, saying how to run them (CI fails on any such skip)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached values are keyed by the dataset revision, and
    two tests can hold the same revision (a restored snapshot) with different rows (bulk inserts
    do not move it)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_answer_cache(settings):
    """The uncached path: every read runs its view (ETags and 304s still apply)."""
    settings.ANSWER_CACHE = False


@pytest.fixture(autouse=True)
def downloads_dir(settings, tmp_path):
    """The dataset files are written once per revision to DOWNLOADS_DIR: each test has its own."""
    settings.DOWNLOADS_DIR = tmp_path / "downloads"
    return settings.DOWNLOADS_DIR


@pytest.fixture
def dataset(db):
    """The real ten-case dataset, as `make run` loads it from fixtures/ (fast after the first)."""
    load_dataset()
