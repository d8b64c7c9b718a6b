"""Guards that the PostgreSQL run of the suite really ran on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_constraints_exist_in_the_postgresql_catalogue():
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conname LIKE 'cases_case_%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"cases_case_latitude_range", "cases_case_typology_cited"} <= names
