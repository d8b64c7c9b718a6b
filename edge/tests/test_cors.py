"""Any site's page may read the API and the dataset files; nothing else, and never with
credentials."""

import pytest

ORIGIN = "https://another-site.example"


@pytest.mark.parametrize("url", ["/api/cases/", "/api/cases/kibble/", "/api/studies/"])
def test_a_cross_site_read_is_allowed_without_credentials(client, dataset, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "Retry-After"} <= exposed


def test_a_cached_answer_carries_the_header_too(client, dataset, settings):
    settings.ANSWER_CACHE = True
    first = client.get("/api/sectors/", HTTP_ORIGIN=ORIGIN, HTTP_ACCEPT="application/json")
    again = client.get("/api/sectors/", HTTP_ORIGIN=ORIGIN, HTTP_ACCEPT="application/json")
    assert first.content == again.content
    assert again["Access-Control-Allow-Origin"] == "*"
    # A revalidation answered 304 may be read cross-site as well.
    etag = again["ETag"]
    not_modified = client.get(
        "/api/sectors/", HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT="application/json"
    )
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"


def test_a_read_preflight_is_answered_with_the_read_methods_and_headers(client, dataset):
    response = client.options(
        "/api/cases/?sector=charity",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="If-None-Match, X-Custom",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "if-none-match"  # not X-Custom
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response


def test_a_write_preflight_does_not_allow_the_write(client, dataset):
    response = client.options(
        "/api/cases/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="Authorization, Content-Type",
    )
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Headers" not in response  # no Authorization, no Content-Type


@pytest.mark.parametrize("url", ["/cases/", "/admin/login/", "/contribute/", "/changes/"])
def test_pages_and_the_admin_are_not_opened_to_other_sites(client, dataset, url):
    response = client.get(url, HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


def test_a_post_from_another_site_gets_no_cors_header(client, dataset):
    response = client.post("/api/cases/", {}, HTTP_ORIGIN=ORIGIN, content_type="application/json")
    assert response.status_code in (401, 403)
    assert "Access-Control-Allow-Origin" not in response
