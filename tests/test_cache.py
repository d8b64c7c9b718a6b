"""Cached facet counts and API reads stay correct: keyed by the dataset revision, so a write changes
the next response and its ETag; REDIS_URL selects Redis and a malformed one stops the process."""

import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.throttling import AnonRateThrottle

from cases.api import CaseViewSet
from cases.filters import CaseFilter
from cases.models import Case, Sector
from rallying.cache import CachedReadsMixin, cached_facets, caches_from_url


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def wired(monkeypatch):
    """The page and the API build their facets through the cache (rallying/cache.py)."""
    cache.clear()
    monkeypatch.setattr("cases.views.build_facets", cached_facets, raising=False)
    monkeypatch.setattr("cases.api.build_facets", cached_facets, raising=False)
    yield
    cache.clear()


def facet(groups, param: str) -> dict[str, int]:
    group = next(group for group in groups if group.param == param)
    return {value.slug: value.count for value in group.values}


def filterset(query: str) -> CaseFilter:
    result = CaseFilter(QueryDict(query), queryset=Case.objects.all())
    assert result.is_valid()
    return result


def test_cached_facets_cost_one_query_until_the_next_write(
    dataset, wired, django_assert_num_queries
):
    first = cached_facets(filterset("region=london&region=north-west"))
    same_filters = filterset("region=north-west&region=london&region=london&sort=name")
    with django_assert_num_queries(1):  # the revision
        again = cached_facets(same_filters)
    assert again == first
    assert facet(first, "sector") == {"public-sector": 3, "charity": 2}
    case = Case.objects.get(slug="west-london-zone")
    case.sector = Sector.objects.get(slug="public-sector")
    case.save()
    after = cached_facets(filterset("region=london&region=north-west"))
    assert facet(after, "sector") == {"public-sector": 4, "charity": 1}


def test_different_filters_are_cached_apart(dataset, wired):
    charities = cached_facets(filterset("sector=charity"))
    councils = cached_facets(filterset("sector=public-sector"))
    assert facet(charities, "region") != facet(councils, "region")
    assert facet(cached_facets(filterset("sector=charity&q=harrow")), "region") == {
        "north-west": 0,
        "west-midlands": 0,
        "london": 1,
        "south-west": 0,
        "scotland": 0,
    }


@pytest.mark.parametrize(
    "url", ["/api/cases/facets/?sector=charity", "/cases/?sector=charity", "/api/cases/"]
)
def test_a_write_changes_the_next_response_and_its_etag(api, dataset, wired, url):
    first = api.get(url)
    assert first.status_code == 200
    assert api.get(url).content == first.content  # served from the cache: the same
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    case = Case.objects.get(slug="kibble")
    case.sector = Sector.objects.get(slug="public-sector")
    case.save()
    second = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.content != first.content


def test_a_many_to_many_change_retires_the_cached_facets(dataset, wired):
    before = facet(cached_facets(filterset("")), "policy_area")
    Case.objects.get(slug="kibble").policy_areas.clear()
    Case.objects.get(slug="golden-key").policy_areas.clear()
    after = facet(cached_facets(filterset("")), "policy_area")
    assert after["complex-needs"] == before["complex-needs"] - 1


def test_no_redis_url_means_local_memory():
    assert caches_from_url("")["default"]["BACKEND"].endswith("LocMemCache")


def test_the_dummy_url_turns_caching_off_for_measurements():
    assert caches_from_url("dummy://")["default"]["BACKEND"].endswith("DummyCache")


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/0", "rediss://cache.example.org:6380/2", "redis://cache"]
)
def test_a_redis_url_selects_django_redis_cache(url):
    config = caches_from_url(url)["default"]
    assert config["BACKEND"] == "rallying.resilient_cache.ForgivingRedisCache"
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


# --- Cached API reads (CachedReadsMixin) -----------------------------------------------------

# The case API with cached reads (CaseViewSet itself once it is wired to use them).
CachedCaseViewSet = (
    CaseViewSet
    if issubclass(CaseViewSet, CachedReadsMixin)
    else type("CachedCaseViewSet", (CachedReadsMixin, CaseViewSet), {})
)


def read(query: str = "", *, slug: str = "", **headers):
    """An anonymous GET of the case list (or one case) through the cached viewset, rendered."""
    path = f"/api/cases/{slug + '/' if slug else ''}?{query}"
    request = APIRequestFactory().get(path, **headers)
    if slug:
        view = CachedCaseViewSet.as_view({"get": "retrieve"})
        response = view(request, slug=slug)
    else:
        response = CachedCaseViewSet.as_view({"get": "list"})(request)
    # A cached answer is already rendered (a plain HttpResponse); a fresh one renders now.
    return response.render() if hasattr(response, "render") else response


def test_a_cached_read_skips_the_view_queries_and_keeps_the_link_header(
    dataset, wired, django_assert_max_num_queries
):
    first = read("sector=charity&page_size=2&page=2")
    assert first.status_code == 200
    with django_assert_max_num_queries(2):  # the revision, for the key and for Last-Modified
        again = read("page=2&page_size=2&sector=charity")  # the same query, reordered
    assert again.content == first.content
    assert again["Link"] == first["Link"] and 'rel="next"' in first["Link"]


def test_a_write_changes_the_next_cached_read(dataset, wired):
    before = json.loads(read(slug="kibble").content)
    case = Case.objects.get(slug="kibble")
    case.summary = "A corrected summary."
    case.save()
    after = json.loads(read(slug="kibble").content)
    assert before["summary"] != "A corrected summary."
    assert after["summary"] == "A corrected summary."


def test_the_browsable_api_is_not_cached(dataset, wired, django_assert_max_num_queries):
    read("sector=charity", HTTP_ACCEPT="text/html")
    with django_assert_max_num_queries(20) as captured:
        assert read("sector=charity", HTTP_ACCEPT="text/html").status_code == 200
    assert len(captured) > 2  # the view ran again


def test_csv_and_json_of_the_same_list_are_cached_apart(dataset, wired):
    as_json = read("sector=charity")
    as_csv = read("sector=charity", HTTP_ACCEPT="text/csv")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert read("sector=charity", HTTP_ACCEPT="text/csv").content == as_csv.content
    assert as_csv.content.count(b"\n") == 1 + Case.objects.filter(sector__slug="charity").count()


def test_errors_are_not_cached(dataset, wired):
    assert read("sector=bogus").status_code == 400
    assert read(slug="no-such-case").status_code == 404
    assert read("sector=charity").status_code == 200


def test_cached_reads_still_count_against_the_anonymous_rate(dataset, wired, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [read("sector=charity").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_cached_reads_of_each_host_name_keep_their_own_urls(api, dataset, settings):
    settings.ALLOWED_HOSTS = ["testserver", "rallying.example.org"]
    first = api.get("/api/cases/kibble/")
    other = api.get("/api/cases/kibble/", HTTP_HOST="rallying.example.org")
    assert first.json()["url"] == "http://testserver/api/cases/kibble/"
    assert other.json()["url"] == "http://rallying.example.org/api/cases/kibble/"
