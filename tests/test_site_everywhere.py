"""The pages the site does not draw itself still belong to it: the browsable API wears the site's
header and says what the API is, the admin links back to the site, and there is a favicon."""

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}
HOME_LINK = re.compile(r'<a href="/" class="[^"]*govuk-header__homepage-link[^"]*">Rallying</a>')


def api_page(client, path: str) -> str:
    response = client.get(path, **HTML)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def test_api_root_says_what_the_api_is_under_the_site_header(client):
    html = api_page(client, "/api/")

    assert HOME_LINK.search(html)
    assert '<nav aria-label="Main" class="govuk-service-navigation__wrapper">' in html
    assert re.search(r"<h1[^>]*>The Rallying API</h1>", html)
    assert (
        "the study's findings, the evidence linking them to cases, quotations and sources" in html
    )
    assert "<code>?format=csv</code>" in html  # the description's markdown is rendered
    assert "DefaultRouter" not in html
    for url in ("/api/docs/", "/api/schema/", "/api/codebook/", "/download/"):
        assert f'href="{url}"' in html, url


def test_api_list_and_record_pages_have_the_header_and_their_formats(client, dataset):
    for path in ("/api/cases/", "/api/cases/kibble/", "/api/findings/"):
        html = api_page(client, path)
        assert HOME_LINK.search(html), path
        assert 'href="/api/docs/"' in html, path
        assert "?format=json" in html, path
    assert "?format=csv" in api_page(client, "/api/cases/")


@pytest.mark.parametrize("path", ["/api/", "/api/cases/"])
def test_api_pages_load_only_the_sites_own_files_and_nothing_inline(client, dataset, path):
    html = api_page(client, path)

    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    for url in re.findall(r'<(?:link|script)[^>]+(?:href|src)="([^"]+)"', html):
        assert url.startswith("/static/"), url
    # The design system and the site's layer, as on every page, beside DRF's Bootstrap.
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == [
        "/static/rest_framework/css/bootstrap.min.css",
        "/static/govuk-frontend/govuk-frontend.min.css",
        "/static/css/fonts.css",
        "/static/css/app.css",
        "/static/css/api.css",
    ]


def test_a_readers_api_page_sets_no_cookie_and_an_editors_carries_a_csrf_token(
    client, admin_client
):
    # No token for readers, who cannot write: the page sets no cookie, so the edge may keep it.
    response = client.get("/api/", **HTML)
    assert not response.cookies
    assert '"csrfToken": ""' in response.content.decode()

    editor_page = admin_client.get("/api/", **HTML).content.decode()
    assert re.search(r'"csrfToken": "\w{20,}"', editor_page)


def test_api_root_in_json_still_lists_the_endpoints_and_options_describes_it(client):
    endpoints = client.get("/api/", HTTP_ACCEPT="application/json").json()
    assert {"cases", "findings", "quotations", "sources", "sectors"} <= set(endpoints)

    description = client.options("/api/", HTTP_ACCEPT="application/json").json()
    assert description["name"] == "The Rallying API"
    assert "findings" in description["description"]


def test_admin_sign_in_page_has_a_heading_and_a_link_back_to_the_site(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert "<h1>Sign in to edit Rallying</h1>" in html
    assert (
        '<div id="site-name"><a href="/">Rallying</a> — <a href="/admin/">editors</a></div>' in html
    )


def test_every_admin_page_links_back_to_the_site(admin_client):
    for url in (reverse("admin:index"), reverse("admin:cases_case_changelist")):
        html = admin_client.get(url).content.decode()
        assert '<div id="site-name"><a href="/">Rallying</a>' in html, url


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"

    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(icon.streaming_content)


def test_pages_name_the_icon(client, dataset):
    icon_link = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert icon_link in client.get("/").content.decode()
    assert icon_link in api_page(client, "/api/")


SITE_STYLESHEETS = [
    "/static/govuk-frontend/govuk-frontend.min.css",
    "/static/css/fonts.css",
    "/static/css/app.css",
]


def test_the_database_outage_page_looks_like_the_site_and_leads_home(client):
    with mock.patch("cases.views.Case.objects.for_list", side_effect=OperationalError("gone")):
        response = client.get("/cases/")
    html = response.content.decode()
    assert response.status_code == 503
    assert HOME_LINK.search(html)
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == SITE_STYLESHEETS
    assert re.search(r'<h1 class="govuk-heading-xl">Sorry, Rallying is unavailable', html)
    assert 'class="govuk-footer site-footer"' in html


def test_a_refused_address_gets_the_sites_look_and_a_way_home(client):
    response = client.get("/cases/", {"q": "x" * 6001})
    html = response.content.decode()
    assert response.status_code == 414
    assert HOME_LINK.search(html)
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == SITE_STYLESHEETS
    assert '<h1 class="govuk-heading-xl">Request refused</h1>' in html
    assert "The web address is too long" in html
