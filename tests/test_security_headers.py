"""Every response carries the headers that keep browsers safe; a lost database gives a plain 503."""

from unittest import mock

import pytest
from django.db import OperationalError

from rallying.security import content_security_policy


@pytest.mark.parametrize(
    "url", ["/", "/cases/", "/cases/kibble/", "/api/cases/", "/api/docs/", "/healthz"]
)
def test_every_response_has_the_security_headers(client, dataset, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_only_redoc_may_use_inline_styles():
    assert "'unsafe-inline'" in content_security_policy("/api/redoc/")
    assert "'unsafe-inline'" not in content_security_policy("/api/docs/")


def test_swagger_ui_loads_its_start_up_script_from_a_file(client, dataset):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html
    assert 'src="/api/docs/?script="' in html or "script=" in html


def test_hsts_and_secure_cookies_when_served_over_https(client, dataset, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/cases/").status_code == 301  # plain HTTP is sent to HTTPS
    response = client.get("/cases/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_lost_database_gives_a_plain_503_page(client, db):
    with mock.patch("cases.views.Case.objects.for_list", side_effect=OperationalError("gone")):
        response = client.get("/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Rallying is unavailable for a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_lost_database_gives_the_api_a_json_503(client, db):
    # Every query fails, as when the server has gone away.
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("gone")
    ):
        response = client.get("/api/cases/")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database is unavailable at the moment. Try again shortly."
    }
