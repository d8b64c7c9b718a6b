"""REDIS_URL selects the cache: Redis shared by every worker, local memory when unset, and a
malformed URL stops the process with a message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from rallying.env import caches_from_url


def test_no_redis_url_means_local_memory():
    assert caches_from_url("")["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://cache.example.org:6380/2", "redis://cache"]
)
def test_a_redis_url_selects_django_redis_cache(url):
    config = caches_from_url(url)["default"]
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert config["LOCATION"] == url


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://cache:6379", "unsupported scheme 'http'"),
        ("redis://cache:port/0", "port that is not a number"),
        ("redis:///0", "names no host"),
        ("redis://cache:6379/zero", "must be a number"),
    ],
)
def test_a_malformed_redis_url_is_refused_naming_the_variable(url, problem):
    with pytest.raises(ImproperlyConfigured) as error:
        caches_from_url(url)
    assert "REDIS_URL" in str(error.value)
    assert problem in str(error.value)
