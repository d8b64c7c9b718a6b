"""Oversized or absurd requests are refused with a clear message, never a 500.

Query strings and paths over a sane length get a 414, too many parameters a 400 (JSON under
/api/, a plain page elsewhere), and page numbers or sizes that are huge, negative or not whole
numbers get the page's or the API's usual explanation.
"""

import pytest

from rallying.security import MAX_PATH_LENGTH, MAX_QUERY_STRING_LENGTH

PAGES = ["/cases/", "/findings/", "/search/", "/sources/", "/sectors/"]
APIS = ["/api/cases/", "/api/findings/", "/api/sources/"]


def assert_security_headers(response):
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def assert_plain_page(response, status: int, words: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert words in html and "Traceback" not in html
    assert_security_headers(response)


def assert_json_error(response, status: int, words: str):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert words in response.json()["detail"]
    assert_security_headers(response)


# --- Length limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_a_page_refuses_an_overlong_query_string_with_414(client, dataset, url):
    response = client.get(f"{url}?q={'a' * (MAX_QUERY_STRING_LENGTH + 1)}")
    assert_plain_page(response, 414, "address is too long")


@pytest.mark.parametrize("url", APIS)
def test_the_api_refuses_an_overlong_query_string_with_json(client, dataset, url):
    response = client.get(f"{url}?q={'a' * (MAX_QUERY_STRING_LENGTH + 1)}")
    assert_json_error(response, 414, "too long")


def test_a_query_string_at_the_limit_is_still_served(client, dataset):
    query = "q=" + "a" * (MAX_QUERY_STRING_LENGTH - 2)
    response = client.get(f"/cases/?{query}")
    assert response.status_code in (200, 400)  # the search box may refuse it, the limit does not
    assert response.status_code != 414


def test_overlong_paths_are_refused_with_414(client, dataset):
    long_slug = "a" * (MAX_PATH_LENGTH + 1)
    assert_plain_page(client.get(f"/cases/{long_slug}/"), 414, "address is too long")
    assert_json_error(client.get(f"/api/cases/{long_slug}/"), 414, "too long")


@pytest.mark.parametrize("url", ["/cases/", "/api/cases/", "/findings/", "/sectors/"])
def test_long_slugs_under_the_limit_are_a_plain_404(client, dataset, url):
    response = client.get(f"{url}{'a' * 1000}/")
    assert response.status_code == 404


def test_a_long_search_is_explained_not_run(client, dataset):
    response = client.get("/search/?q=" + "word " * 300)
    assert response.status_code == 400
    assert "Your search is too long" in response.content.decode()
    response = client.get("/cases/?q=" + "word " * 300)
    assert response.status_code == 400
    response = client.get("/api/cases/?q=" + "word " * 300)
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


# --- Too many parameters -----------------------------------------------------------------------


def many_fields(settings) -> str:
    return "&".join(["f=1"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))


@pytest.mark.parametrize("url", PAGES)
def test_a_page_refuses_too_many_parameters_with_400(client, dataset, settings, url):
    query = many_fields(settings)
    assert len(query) < MAX_QUERY_STRING_LENGTH  # the count, not the length, is refused here
    assert_plain_page(client.get(f"{url}?{query}"), 400, "too many parameters")


@pytest.mark.parametrize("url", APIS)
def test_the_api_refuses_too_many_parameters_with_json(client, dataset, settings, url):
    assert_json_error(client.get(f"{url}?{many_fields(settings)}"), 400, "too many parameters")


def test_too_many_form_fields_in_a_post_are_a_400(admin_client, dataset, settings):
    data = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = admin_client.post("/admin/cases/case/add/", data)
    assert response.status_code == 400


# --- Page numbers and sizes ----------------------------------------------------------------------

OUT_OF_RANGE_PAGES = ["99999999999999999999", "-1", "0", "1e9", "1.5", "abc", "²", "9" * 4000]
# int() reads these as 1; the pages show page 1, the API (ASCII digits only) refuses them.
LENIENT_PAGES = ["١", " 1"]
BAD_PAGES = [*OUT_OF_RANGE_PAGES, *LENIENT_PAGES, ""]


@pytest.mark.parametrize("page", OUT_OF_RANGE_PAGES)
def test_the_case_list_explains_a_bad_page_number_and_shows_the_first(client, dataset, page):
    response = client.get("/cases/", {"page": page})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no page" in html and "Showing the first page" in html
    assert 'class="card"' in html


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize("url", ["/sectors/public-sector/", "/findings/better-impact-and-value/"])
def test_paged_pages_show_the_first_page_for_a_bad_page_number(client, dataset, url, page):
    response = client.get(url, {"page": page})
    assert response.status_code == 200
    assert response.content == client.get(url).content  # the one page there is


@pytest.mark.parametrize("page", BAD_PAGES)
def test_the_api_explains_a_bad_page_number(client, dataset, page):
    response = client.get("/api/cases/", {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


@pytest.mark.parametrize("page_size", [str(10**12), "-1", "0", "1e9", "²", "١", "9" * 4000, "201"])
def test_the_api_explains_a_bad_page_size(client, dataset, page_size):
    response = client.get("/api/cases/", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_the_api_accepts_a_good_page_and_size(client, dataset):
    response = client.get("/api/cases/", {"page": "2", "page_size": "3"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3
