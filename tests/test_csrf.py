"""Every form that changes something needs the CSRF token; nothing changes on a GET.

The browser test client skips CSRF checks unless asked, so each test here uses
`enforce_csrf_checks=True`: a forged cross-site POST (no token) is refused with 403 and saves
nothing, and the same POST with the token the page gave out goes through.
"""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Case, Source

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.test", "a-long-password-1")


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def form_token(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN_FIELD.search(response.content.decode()).group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- The admin -----------------------------------------------------------------------------------


def test_admin_sign_in_needs_the_token(csrf_client, editor):
    credentials = {"username": "editor", "password": "a-long-password-1", "next": "/admin/"}
    refused = csrf_client.post("/admin/login/", credentials)
    assert refused.status_code == 403
    assert not is_signed_in(csrf_client)
    token = form_token(csrf_client, "/admin/login/")
    accepted = csrf_client.post("/admin/login/", {**credentials, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert is_signed_in(csrf_client)


def source_form(source: Source, **changes) -> dict:
    fields = ("key", "title", "kind", "origin", "authors", "publisher", "url", "doi", "note")
    data = {name: getattr(source, name) for name in fields}
    data.update(year=source.year or "", month=source.month or "")
    return {**data, **changes}


def test_an_admin_change_needs_the_token(csrf_client, dataset, editor):
    csrf_client.force_login(editor)
    source = Source.objects.order_by("pk").first()
    url = f"/admin/cases/source/{source.pk}/change/"
    refused = csrf_client.post(url, source_form(source, title="Forged title"))
    assert refused.status_code == 403
    assert Source.objects.get(pk=source.pk).title == source.title
    token = form_token(csrf_client, url)
    accepted = csrf_client.post(
        url, source_form(source, title="Edited title", csrfmiddlewaretoken=token)
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    assert Source.objects.get(pk=source.pk).title == "Edited title"


def test_an_admin_delete_needs_the_token(csrf_client, dataset, editor):
    csrf_client.force_login(editor)
    case = Case.objects.get(slug="kibble")
    url = f"/admin/cases/case/{case.pk}/delete/"
    assert csrf_client.post(url, {"post": "yes"}).status_code == 403
    assert Case.objects.filter(slug="kibble").exists()


def test_sign_out_needs_a_post_with_the_token(csrf_client, editor):
    csrf_client.force_login(editor)
    assert csrf_client.get("/admin/logout/").status_code == 405  # a link or image cannot sign out
    assert csrf_client.post("/admin/logout/").status_code == 403
    assert is_signed_in(csrf_client)
    token = form_token(csrf_client, "/admin/")
    assert csrf_client.post("/admin/logout/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert not is_signed_in(csrf_client)


# --- API writes ----------------------------------------------------------------------------------


def test_api_writes_with_a_session_need_the_token(dataset, editor):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(editor)
    refused = api.patch("/api/cases/kibble/", {"started": 2017}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert Case.objects.get(slug="kibble").started != 2017
    api.get("/admin/")  # any page that renders a form sets the CSRF cookie
    token = api.cookies["csrftoken"].value
    accepted = api.patch(
        "/api/cases/kibble/", {"started": 2017}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200
    assert Case.objects.get(slug="kibble").started == 2017


def test_session_deletes_and_creates_through_the_api_need_the_token(dataset, editor):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(editor)
    assert api.delete("/api/quotations/" + first_quotation_slug() + "/").status_code == 403
    assert api.post("/api/cases/", {"slug": "forged"}, format="json").status_code == 403
    assert not Case.objects.filter(slug="forged").exists()


def first_quotation_slug() -> str:
    return apps.get_model("findings", "Quotation").objects.order_by("pk").first().slug


def test_token_writes_need_no_csrf_token_since_no_browser_sends_them_by_itself(dataset, editor):
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    response = api.patch("/api/cases/kibble/", {"started": 2016}, format="json")
    assert response.status_code == 200


# --- GETs are safe -------------------------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/cases/",
    "/cases/?sector=public-sector",
    "/cases/compare/",
    "/cases/kibble/",
    "/findings/",
    "/findings/better-impact-and-value/",
    "/search/?q=council",
    "/sources/",
    "/download/",
    "/typologies/",
    "/accountability/",
    "/sectors/",
    "/regions/",
    "/policy-areas/",
]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("cases", "findings", "auth", "authtoken")
        for model in apps.get_app_config(app).get_models()
    }


def test_no_get_changes_anything(dataset, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    case = Case.objects.get(slug="kibble")
    before = row_counts()
    updated = case.updated_at
    urls = [
        *PUBLIC_PAGES,
        "/cases/kibble/cite.bib",
        "/cases/kibble/cite.ris",
        "/download/rallying.json",
        "/download/rallying-csv.zip",
        "/api/cases/kibble/",
        "/api/cases/?format=csv",
        f"/admin/cases/case/{case.pk}/delete/",  # shows the confirmation only
        f"/admin/cases/case/{case.pk}/change/",
        "/admin/cases/case/add/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert row_counts() == before
    assert Case.objects.get(pk=case.pk).updated_at == updated
    assert is_signed_in(client)


FORM = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)
METHOD = re.compile(r"""method\s*=\s*["']?(\w+)""", re.IGNORECASE)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_public_site_has_no_form_that_posts(client, dataset, url):
    html = client.get(url).content.decode()
    for attributes in FORM.findall(html):
        method = METHOD.search(attributes)
        assert method is None or method.group(1).lower() == "get", (url, attributes)
    assert "csrfmiddlewaretoken" not in html  # and so nothing to steal from a cached page
