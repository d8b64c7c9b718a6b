"""The HTTP edge (edge/middleware.py): whole anonymous answers validated and kept under the dataset
revision, and the Cache-Control and Vary that let a proxy in front keep them too. The suite runs
with this cache on, as production does; `no_answer_cache` turns it off for one test."""

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.utils import timezone
from rest_framework.settings import api_settings

from cases.models import Case, DatasetRevision, Sector

# A page of each kind and the main API reads.
URLS = [
    "/",
    "/cases/",
    "/cases/?sector=charity&sort=started",
    "/cases/wirral-council/",
    "/cases/wirral-council/cite.bib",
    "/cases/compare/?case=kibble&case=wirral-council",
    "/typologies/",
    "/sectors/charity/",
    "/findings/",
    "/search/?q=council",
    "/sources/",
    "/about/",
    "/api/cases/?sector=charity",
    "/api/cases/facets/?region=london",
    "/api/cases/wirral-council/",
    "/api/cases/?format=csv&sector=charity",
    "/api/findings/",
    "/api/codebook/",
]


@pytest.fixture
def answer_cache(dataset):
    """The dataset, with the answer cache as the suite runs it: on."""


@pytest.mark.parametrize("url", URLS)
def test_a_repeated_read_gets_the_same_answer_from_the_cache(
    client, answer_cache, url, django_assert_max_num_queries
):
    fresh = client.get(url)
    assert fresh.status_code == 200
    with django_assert_max_num_queries(1):  # at most the dataset revision
        cached = client.get(url)
    assert cached.status_code == 200
    assert cached.content == fresh.content
    assert cached["Content-Type"] == fresh["Content-Type"]
    assert cached["ETag"] == fresh["ETag"]
    # The outer middleware still add the security headers to a cached answer.
    assert "Content-Security-Policy" in cached
    assert cached["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/cases/?sector=charity", "/api/cases/?sector=charity"])
def test_revalidation_answers_304_without_running_the_view(
    client, answer_cache, url, django_assert_max_num_queries
):
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(1):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_head_carries_the_same_etag_as_get(client, answer_cache):
    etag = client.get("/api/cases/").get("ETag")
    head = client.head("/api/cases/")
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert client.head("/api/cases/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_write_changes_the_next_answer_and_its_etag(client, answer_cache):
    url = "/cases/wirral-council/"
    before = client.get(url)
    case = Case.objects.get(slug="wirral-council")
    case.summary = "A summary written after the page was cached."
    case.save()

    after = client.get(url)
    assert b"A summary written after the page was cached." in after.content
    assert after["ETag"] != before["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_lookup_change_renames_api_answers_too(client, answer_cache):
    url = "/api/cases/?sector=charity"
    before = client.get(url)
    sector = Sector.objects.get(slug="charity")
    sector.name = "Voluntary sector"
    sector.save()
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert "Voluntary sector" in after.content.decode()


def test_content_negotiation_is_cached_apart(client, answer_cache):
    json_answer = client.get("/api/cases/?sector=charity", HTTP_ACCEPT="application/json")
    csv_answer = client.get("/api/cases/?sector=charity", HTTP_ACCEPT="text/csv")
    again = client.get("/api/cases/?sector=charity", HTTP_ACCEPT="application/json")
    assert json_answer["Content-Type"].startswith("application/json")
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert again.content == json_answer.content
    assert json_answer["ETag"] != csv_answer["ETag"]


def test_errors_are_not_cached(client, answer_cache):
    url = "/cases/?sector=no-such-sector"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 400
    # The view ran again: its context is there (a cached answer has none).
    assert second.context is not None


def test_signed_in_editors_are_never_served_from_the_cache(client, answer_cache):
    url = "/cases/wirral-council/"
    assert client.get(url).status_code == 200
    assert client.get(url).context is None  # the anonymous reader's second read: cached

    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(url).context is not None  # the view ran for the editor
    assert client.get(url).context is not None


def test_the_admin_is_never_cached(client, answer_cache):
    client.get("/admin/login/")
    assert client.get("/admin/login/").context is not None


def test_cached_api_reads_still_count_against_the_anonymous_rate(client, answer_cache, monkeypatch):
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "anon", "3/minute")
    monkeypatch.setattr(
        "rest_framework.throttling.AnonRateThrottle.THROTTLE_RATES", {"anon": "3/minute"}
    )
    url = "/api/cases/?sector=charity"
    statuses = [client.get(url).status_code for _ in range(3)]
    etag = client.get("/cases/").get("ETag")  # pages are not throttled
    assert statuses == [200, 200, 200]
    assert client.get(url).status_code == 429
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 429


def test_while_the_database_is_away_the_view_path_answers_503(client, answer_cache, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("cases.revision.dataset_changed_at", unreachable)
    monkeypatch.setattr("cases.views.build_facets", unreachable)
    response = client.get("/cases/")
    assert response.status_code == 503
    assert b"Traceback" not in response.content


def test_a_new_release_renames_every_answer(client, answer_cache, settings):
    settings.RELEASE = "release-1"
    first = client.get("/about/")["ETag"]
    settings.RELEASE = "release-2"
    assert client.get("/about/")["ETag"] != first


def test_a_write_by_another_process_shows_at_once(client, answer_cache):
    url = "/cases/wirral-council/"
    before = client.get(url)["ETag"]
    # Another process's write: the rows and the revision change, this process is not told.
    Case.objects.filter(slug="wirral-council").update(summary="Changed elsewhere.")
    DatasetRevision.objects.update(changed_at=timezone.now())
    after = client.get(url)
    assert after["ETag"] != before
    assert b"Changed elsewhere." in after.content


def test_each_host_name_gets_answers_with_its_own_urls(client, answer_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "rallying.example.org"]
    first = client.get("/api/cases/kibble/")
    other = client.get("/api/cases/kibble/", HTTP_HOST="rallying.example.org")
    assert b"http://testserver/api/cases/kibble/" in first.content
    assert b"http://rallying.example.org/api/cases/kibble/" in other.content
    assert other["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", ["/cases/?sector=charity", "/api/cases/kibble/", "/download/"])
def test_public_reads_may_be_kept_by_a_proxy_and_revalidated(client, answer_cache, url):
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"cookie", "authorization"} <= vary
    assert ("accept" in vary) == url.startswith("/api/")
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["Cache-Control"] == response["Cache-Control"]


def test_if_modified_since_alone_revalidates_until_the_next_write(client, answer_cache):
    url = "/api/cases/kibble/"
    modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    case = Case.objects.get(slug="kibble")
    case.summary = "Changed a second later."
    DatasetRevision.objects.update(changed_at=timezone.now() + timezone.timedelta(seconds=2))
    Case.objects.filter(pk=case.pk).update(summary=case.summary)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_signed_in_readers_and_the_admin_are_never_kept(client, answer_cache):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    for url in ("/cases/kibble/", "/api/cases/kibble/", "/admin/"):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert not response.has_header("ETag"), url


def test_errors_say_not_to_store_them(client, answer_cache):
    assert client.get("/cases/?sector=nope")["Cache-Control"] == "no-store"
    assert client.get("/api/cases/?sector=nope")["Cache-Control"] == "no-store"
    missing = client.get("/cases/no-such-case/")
    assert missing.status_code == 404
    assert missing["Cache-Control"].startswith("public")


def test_a_write_is_never_kept(client, answer_cache):
    response = client.post("/api/cases/", {}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert response["Cache-Control"] == "private, no-store"


def test_no_answer_cache_runs_the_view_every_time(client, answer_cache, no_answer_cache):
    client.get("/about/")
    assert client.get("/about/").context is not None
