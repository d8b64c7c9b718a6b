"""/api/releases/ and /api/releases/<version>/: read-only, strict about parameters, a fixed
number of queries."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from cases.models import Case, Sector
from releases.tests.factories import make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_list_gives_each_release_with_its_files_and_counts(api, dataset, publish):
    first = publish("1.0", published_on=date(2026, 11, 20), notes="The ten places.")
    kibble = Case.objects.get(slug="kibble")
    kibble.sector = Sector.objects.exclude(pk=kibble.sector_id).get()
    kibble.save()
    publish("1.1", notes="Kibble's sector.")

    body = api.get("/api/releases/").json()

    assert body["count"] == 2
    assert [release["version"] for release in body["results"]] == ["1.1", "1.0"]
    files = {file.name: file for file in first.files.all()}
    assert body["results"][1] == {
        "url": "http://testserver/api/releases/1.0/",
        "html_url": "http://testserver/releases/1.0/",
        "version": "1.0",
        "published_on": "2026-11-20",
        "notes": "The ten places.",
        "dataset_version": first.dataset_version,
        "previous_version": None,
        "case_count": 10,
        "changes": {"cases_added": 0, "cases_removed": 0, "cases_changed": 0},
        "files": [
            {
                "name": name,
                "url": f"http://testserver/download/releases/1.0/{name}",
                "content_type": files[name].content_type,
                "size": files[name].size,
                "sha256": files[name].sha256,
            }
            for name in ("rallying-1.0.json", "rallying-csv-1.0.zip", "SHA256SUMS")
        ],
    }
    assert body["results"][0]["changes"] == {
        "cases_added": 0,
        "cases_removed": 0,
        "cases_changed": 1,
    }
    assert "diff" not in body["results"][0]


def test_a_release_gives_its_difference_in_full(api, dataset, publish):
    publish("1.0")
    kibble = Case.objects.get(slug="kibble")
    before = kibble.sector.name
    kibble.sector = Sector.objects.exclude(pk=kibble.sector_id).get()
    kibble.save()
    publish("1.1")

    body = api.get("/api/releases/1.1/").json()

    assert body["previous_version"] == "1.0"
    assert body["diff"] == {
        "previous": "1.0",
        "case_count": 10,
        "cases": {
            "added": [],
            "removed": [],
            "changed": [
                {
                    "slug": "kibble",
                    "label": "Kibble",
                    "fields": [{"field": "Sector", "before": before, "after": kibble.sector.name}],
                }
            ],
        },
        "findings": {"added": [], "removed": [], "changed": []},
    }


def test_unknown_parameters_and_versions_are_refused(api, db):
    response = api.get("/api/releases/", {"versoin": "1.0"})
    assert response.status_code == 400
    assert "versoin" in response.json()["errors"]
    assert api.get("/api/releases/9.9/").status_code == 404


def test_releases_are_read_only(api, db, django_user_model):
    make_release("1.0", 1)
    editor = django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True)
    api.force_authenticate(editor)
    assert api.post("/api/releases/", {"version": "2.0"}, format="json").status_code == 405
    assert api.delete("/api/releases/1.0/").status_code == 405


@pytest.mark.parametrize("n_releases", [1, 5])
def test_the_query_counts_do_not_grow_with_the_releases(
    api, dataset, n_releases, django_assert_num_queries, no_answer_cache
):
    for day in range(1, n_releases + 1):
        make_release(f"1.{day}", day)
    # revision (edge), count, the page of releases without their differences, their files
    with django_assert_num_queries(4):
        assert api.get("/api/releases/").status_code == 200
    # revision (edge), the release, its files
    with django_assert_num_queries(3):
        assert api.get("/api/releases/1.1/").status_code == 200
