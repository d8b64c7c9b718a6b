"""With a read replica, public reads go to it, writes and the reads that follow them to the primary.

The "replica" alias mirrors the test database (tests/conftest.py), so both aliases see the same
rows through two connections; what each connection was sent shows where a query went. The tests
commit (transaction=True): a replica only ever sees committed rows.
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from cases.models import Case
from replica.router import PIN_COOKIE, PIN_SECONDS, PrimaryAfterWriteMiddleware
from tests.factories import make_case

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def replica_routing(settings):
    """What settings install when DATABASE_REPLICA_URL is set."""
    settings.DATABASE_ROUTERS = ["replica.router.PrimaryReplicaRouter"]


@contextmanager
def sent():
    """The SQL each connection was sent: (primary, replica), lists of statements."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        statements = ([], [])
        yield statements
    statements[0].extend(query["sql"] for query in primary.captured_queries)
    statements[1].extend(query["sql"] for query in replica.captured_queries)


def mentions(statements: list[str], table: str) -> bool:
    return any(table in sql for sql in statements)


@pytest.mark.parametrize("page", ["api-json", "api-html", "html"])
def test_a_public_read_goes_to_the_replica(client, page):
    case = make_case(name="Read from the replica")
    url = {"api-json": f"/api/cases/{case.slug}/", "html": case.get_absolute_url()}.get(
        page, "/api/cases/"
    )
    accept = "text/html" if page == "api-html" else "*/*"
    with sent() as (primary, replica):
        response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert "Read from the replica" in response.content.decode()
    assert mentions(replica, "cases_case")
    assert primary == []
    assert PIN_COOKIE not in response.cookies
    if page == "api-html":
        # The browsable API renders the view's docstring as Markdown.
        assert "<code>?format=csv</code>" in response.content.decode()


def test_a_write_and_every_read_of_its_request_go_to_the_primary(admin_client):
    case = make_case()
    with sent() as (primary, replica):
        response = admin_client.patch(
            f"/api/cases/{case.slug}/",
            {"summary": "Written to the primary."},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert replica == []
    assert any(sql.startswith("UPDATE") and "cases_case" in sql for sql in primary)
    assert Case.objects.using("replica").get(pk=case.pk).summary == "Written to the primary."


def test_a_read_after_a_write_in_the_same_request_goes_to_the_primary(rf):
    case = make_case(summary="Before.")

    def view(request):
        before = Case.objects.get(pk=case.pk).summary
        Case.objects.filter(pk=case.pk).update(summary="After.")
        after = Case.objects.get(pk=case.pk).summary
        return HttpResponse(f"{before} {after}")

    with sent() as (primary, replica):
        response = PrimaryAfterWriteMiddleware(view)(rf.get("/"))
    assert response.content == b"Before. After."
    assert len(replica) == 1 and replica[0].startswith("SELECT")
    assert [sql.split()[0] for sql in primary] == ["UPDATE", "SELECT"]


def test_the_next_requests_of_a_client_that_wrote_read_from_the_primary(admin_client):
    case = make_case()
    written = admin_client.patch(
        f"/api/cases/{case.slug}/", {"summary": "Just saved."}, content_type="application/json"
    )
    assert written.cookies[PIN_COOKIE]["max-age"] == PIN_SECONDS
    # The page an editor sees next is read where the write went, however far the replica lags.
    with sent() as (primary, replica):
        assert "Just saved." in admin_client.get(case.get_absolute_url()).content.decode()
    assert replica == []
    assert mentions(primary, "cases_case")
    # Once the cookie has expired, reads go back to the replica.
    del admin_client.cookies[PIN_COOKIE]
    with sent() as (primary, replica):
        admin_client.get(case.get_absolute_url())
    assert mentions(replica, "cases_case")


def test_a_request_that_may_write_reads_from_the_primary_even_if_it_does_not(admin_client):
    case = make_case()
    with sent() as (primary, replica):
        refused = admin_client.patch(
            f"/api/cases/{case.slug}/", {"latitude": 500}, content_type="application/json"
        )
    assert refused.status_code == 400
    assert replica == []
    assert mentions(primary, "cases_case")
    assert PIN_COOKIE not in refused.cookies  # nothing was written


def test_reads_inside_a_transaction_go_to_the_primary(rf):
    make_case()

    def view(request):
        # all_objects: the plain SQL of a count of every case (Case.objects adds its filter).
        with transaction.atomic():
            Case.all_objects.count()
        Case.all_objects.count()
        return HttpResponse()

    with sent() as (primary, replica):
        PrimaryAfterWriteMiddleware(view)(rf.get("/"))
    # (SQLite's BEGIN and COMMIT are sent as statements too.)
    assert [sql for sql in primary if sql.startswith("SELECT")] == [
        'SELECT COUNT(*) AS "__count" FROM "cases_case"'
    ]
    assert replica == ['SELECT COUNT(*) AS "__count" FROM "cases_case"']


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "cases", model_name="case")
    assert not router.allow_migrate("replica", "cases", model_name="case")


def test_settings_add_the_replica_and_its_router_when_the_variable_is_set():
    show = (
        "from django.conf import settings; "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.DATABASES['replica']['HOST'], settings.DATABASES['replica']['TEST']['MIRROR'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_REPLICA_URL": "postgres://reader@replica.internal/rallying"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['default', 'replica'] ['replica.router.PrimaryReplicaRouter'] replica.internal default"
    )
